"""The Excel exchange file: one sheet 案件, Chinese headers in row 1, one case per row.

Both directions stream (openpyxl read-only and write-only modes) so 100,000 rows need neither minutes nor
gigabytes. Columns are found by their header, so a user may reorder them or leave optional ones out.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from fireinvest.errors import ImportRejected
from fireinvest.exchange.excel_cells import (
    COLUMNS,
    LEAD,
    OTHERS,
    REQUIRED_KEYS,
    Column,
    cell_to_value,
    header_lookup,
    normalise_header,
    value_to_cell,
)
from fireinvest.exchange.source import SourceFile, SourceRow
from fireinvest.exchange.values import FieldProblem

SHEET_NAME = "案件"
_HEADER_OF_KEY = {column.key: column.header for column in COLUMNS}
_HEADER_OF_KEY["investigators"] = f"{_HEADER_OF_KEY[LEAD]}/{_HEADER_OF_KEY[OTHERS]}"


def _name_of_key(key: str) -> str:
    return f"列“{_HEADER_OF_KEY.get(key, key)}”"


def read_excel_cases(path: Path) -> SourceFile:
    """The case records of the sheet 案件, one per non-empty row, numbered as Excel numbers rows."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportRejected(f"文件“{path.name}”不是有效的 Excel（.xlsx）文件。") from None
    try:
        if SHEET_NAME not in workbook.sheetnames:
            raise ImportRejected(
                f"文件“{path.name}”中没有名为“{SHEET_NAME}”的工作表（现有：{'、'.join(workbook.sheetnames)}）。"
            )
        rows = workbook[SHEET_NAME].iter_rows(values_only=True)
        columns = _columns_of_header(next(rows, ()), path)
        source_rows = []
        for number, cells in enumerate(rows, start=2):
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in cells):
                continue  # blank rows (often left below the data) are not cases
            source_rows.append(_source_row(number, columns, cells))
    finally:
        workbook.close()
    return SourceFile("xlsx", source_rows, name_of_key=_name_of_key)


def _columns_of_header(header: tuple[Any, ...], path: Path) -> list[Column | None]:
    lookup = header_lookup()
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for position, title in enumerate(header, start=1):
        if title is None or not str(title).strip():
            columns.append(None)
            continue
        column = lookup.get(normalise_header(str(title)))
        where = f"第1行第{get_column_letter(position)}列"
        if column is None:
            known = "、".join(c.header for c in COLUMNS)
            raise ImportRejected(f"{where}的列名“{title}”无法识别。可用的列名：{known}。")
        if column.key in seen:
            raise ImportRejected(f"{where}的列“{title}”与“{seen[column.key]}”重复。")
        seen[column.key] = str(title)
        columns.append(column)
    missing = [c.header for c in COLUMNS if c.key in REQUIRED_KEYS and c.key not in seen]
    if missing:
        raise ImportRejected(f"工作表“{SHEET_NAME}”缺少必需的列：{'、'.join(missing)}。")
    return columns


def _source_row(number: int, columns: list[Column | None], cells: tuple[Any, ...]) -> SourceRow:
    row = SourceRow(f"第{number}行", {})
    lead: list[str] = []
    others: list[str] = []
    for column, value in zip(columns, cells):
        if column is None:
            if value is not None and str(value).strip():
                row.problems.append(FieldProblem("", "有内容的单元格所在的列没有列名。"))
            continue
        try:
            converted = cell_to_value(column, value)
        except FieldProblem as problem:
            row.problems.append(problem)
            continue
        if converted is None:
            continue
        if column.key == LEAD:
            lead = converted
        elif column.key == OTHERS:
            others = converted
        else:
            row.record[column.key] = converted
    if len(lead) > 1:
        row.problems.append(FieldProblem("investigators", "主办调查人员只能填一人。"))
    if lead or others:
        row.record["investigators"] = [{"name": n, "lead": True} for n in lead[:1]] + [
            {"name": n, "lead": False} for n in others
        ]
    return row


def write_excel_cases(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write the sheet 案件 with a frozen header row; returns how many cases were written."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    amount_positions = [i for i, column in enumerate(COLUMNS) if column.kind == "amount"]
    count = 0
    for record in records:
        values: list[Any] = [value_to_cell(column, record) for column in COLUMNS]
        for i in amount_positions:
            if not isinstance(values[i], str):
                cell = WriteOnlyCell(sheet, values[i])
                cell.number_format = "0.00"
                values[i] = cell
        sheet.append(values)
        count += 1
    workbook.save(path)
    return count

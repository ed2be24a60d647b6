"""The Excel exchange file: the sheet 案件, Chinese headers in row 1, one case per row, and the sheet 案件历史 with
each case's history (events, evidence, records, expert reviews, closed loop) as exchange-format JSON, so an .xlsx
round trip brings a closed case back closed, with everything it had, as a JSON round trip does.

Both directions stream (openpyxl read-only and write-only modes) so 100,000 rows need neither minutes nor
gigabytes. Columns are found by their header, so a user may reorder them or leave optional ones out.

Values, never formulas. On reading, a formula cell counts by the result Excel saved with it; a formula saved
without one (what many tools write) is refused, naming its cell, instead of being read as empty: "=1+2" deaths must
not become 0. On writing, every text is a text cell, so a summary beginning with "=" can never run as a formula
on whoever opens the file; a text holding characters an .xlsx cannot carry stops the export, naming the case.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from fireinvest.errors import FireInvestError, ImportRejected
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
from fireinvest.exchange.record import key_label
from fireinvest.exchange.source import SourceFile, SourceRow
from fireinvest.exchange.values import FieldProblem

SHEET_NAME = "案件"
HISTORY_SHEET = "案件历史"
HISTORY_HEADER = ("案件编号", "内容", "键", "段", "数据（交换格式 JSON）")
HISTORY_KEYS = ("events", "evidence", "inspections", "interviews", "reviews", "loop")
HISTORY_PART = 30_000  # characters of JSON a cell holds (an Excel cell takes 32,767); longer data runs on in parts
_HEADER_OF_KEY = {column.key: column.header for column in COLUMNS}
_HEADER_OF_KEY["investigators"] = f"{_HEADER_OF_KEY[LEAD]}/{_HEADER_OF_KEY[OTHERS]}"


def _name_of_key(key: str) -> str:
    return f"列“{_HEADER_OF_KEY.get(key, key)}”"


def _open(path: Path, *, values: bool):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=values)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportRejected(f"文件“{path.name}”不是有效的 Excel（.xlsx）文件。") from None


def read_excel_cases(path: Path) -> SourceFile:
    """The case records of the sheet 案件, one per non-empty row, numbered as Excel numbers rows."""
    # The sheet is read twice in step: once for the values Excel saved, once to tell formula cells from others.
    workbook, formulas = _open(path, values=True), _open(path, values=False)
    try:
        if SHEET_NAME not in workbook.sheetnames:
            raise ImportRejected(
                f"文件“{path.name}”中没有名为“{SHEET_NAME}”的工作表（现有：{'、'.join(workbook.sheetnames)}）。"
            )
        rows = workbook[SHEET_NAME].iter_rows(values_only=True)
        kinds = formulas[SHEET_NAME].iter_rows()
        columns = _columns_of_header(next(rows, ()), path)
        next(kinds, None)
        source_rows = []
        for number, (cells, typed) in enumerate(zip(rows, kinds), start=2):
            unsaved = [_unsaved_formula(number, position, cell) for position, (value, cell)
                       in enumerate(zip(cells, typed), start=1) if value is None and _is_formula(cell)]  # fmt: skip
            if not unsaved and all(value is None or (isinstance(value, str) and not value.strip()) for value in cells):
                continue  # blank rows (often left below the data) are not cases
            row = _source_row(number, columns, cells)
            row.problems.extend(unsaved)
            source_rows.append(row)
        if HISTORY_SHEET in workbook.sheetnames:
            _merge_history(workbook[HISTORY_SHEET].iter_rows(values_only=True), source_rows)
    finally:
        workbook.close()
        formulas.close()
    return SourceFile("xlsx", source_rows, name_of_key=_name_of_key)


def _merge_history(rows: Iterator[tuple[Any, ...]], cases: list[SourceRow]) -> None:
    """Put each case's history from the sheet 案件历史 into its record; a problem with it goes to that case's row."""
    by_number = {str(row.record.get("case_number")): row for row in cases if row.record.get("case_number")}
    parts: dict[tuple[str, str], list[tuple[int, str]]] = {}
    next(rows, None)  # the header
    for number, cells in enumerate(rows, start=2):
        case_number, _label, key, part, text = (list(cells) + [None] * 5)[:5]
        if case_number is None and text is None:
            continue
        owner = by_number.get(str(case_number))
        if owner is None or key not in HISTORY_KEYS or not isinstance(part, (int, float)):
            place = f"工作表“{HISTORY_SHEET}”第{number}行不属于“{SHEET_NAME}”中的任何案件，或其“键”“段”无法识别。"
            if cases:  # a file of no cases has nothing to refuse
                (owner or cases[0]).problems.append(FieldProblem("", place))
            continue
        parts.setdefault((str(case_number), str(key)), []).append((int(part), str(text or "")))
    for (case_number, key), pieces in parts.items():
        row = by_number[case_number]
        try:
            row.record[key] = json.loads("".join(text for _part, text in sorted(pieces)))
        except ValueError:
            row.problems.append(FieldProblem(key, f"工作表“{HISTORY_SHEET}”中的数据不是完整的 JSON，可能被改动过。"))


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def _unsaved_formula(row: int, position: int, cell: Any) -> FieldProblem:
    formula = str(cell.value)
    shown = formula if len(formula) <= 40 else formula[:39] + "…"
    return FieldProblem("", f"单元格 {get_column_letter(position)}{row} 是公式“{shown}”，文件里没有它的计算结果。"
                            "请在 Excel 中打开后保存（或把公式转换为数值）再导入。")  # fmt: skip


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


def _cell(sheet, column: Column, value: Any, record: dict[str, Any], problems: list[str]) -> Any:
    """The cell to write: a number as it is (amounts with two decimals), every text as a text cell. A text an .xlsx
    cannot hold is left out and named in `problems`."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            problems.append(f"案件 {record.get('case_number', '')} 的“{column.header}”")
            return None
        return _text_cell(sheet, value)
    if column.kind == "amount" and value is not None:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "0.00"
        return cell
    return value


def _history_sheet(workbook, bold: Font):
    sheet = workbook.create_sheet(HISTORY_SHEET)
    for position, width in enumerate((20, 10, 12, 5, 80), start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    header = []
    for title in HISTORY_HEADER:
        cell = WriteOnlyCell(sheet, title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    return sheet


def _append_history(sheet, record: dict[str, Any], key: str) -> None:
    """One case's history of one kind as JSON text, in parts an Excel cell holds."""
    text = json.dumps(record[key], ensure_ascii=False)
    for part, start in enumerate(range(0, len(text), HISTORY_PART), start=1):
        values = (record.get("case_number", ""), key_label(key), key, part, text[start : start + HISTORY_PART])
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl would write "=…" as a formula
    return cell


def write_excel_cases(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write the sheet 案件 with a frozen header row; returns how many cases were written. Raises FireInvestError,
    naming every case and field concerned, when a text cannot be held by an .xlsx."""
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
    history = _history_sheet(workbook, bold)
    count = 0
    problems: list[str] = []
    for record in records:
        sheet.append([_cell(sheet, column, value_to_cell(column, record), record, problems) for column in COLUMNS])
        for key in HISTORY_KEYS:
            if record.get(key):
                _append_history(history, record, key)
        count += 1
    workbook.save(path)  # finished even so: openpyxl cannot abandon a write-only sheet half written
    if problems:  # the caller writes to a temporary file, which this discards
        shown = "、".join(problems[:5]) + (f"等 {len(problems)} 处" if len(problems) > 5 else "")
        raise FireInvestError(f"{shown}含有 Excel 不能保存的控制字符，无法导出为 .xlsx，没有写出文件。"
                              "请在案件中修改这些项，或导出为 JSON。")  # fmt: skip
    return count

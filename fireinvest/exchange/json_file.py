"""The JSON file of the exchange format: `{"format": "fireinvest-cases/1", "cases": [...]}`, UTF-8.

Written one case per line so the file streams out in constant memory and still diffs and greps well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from fireinvest.errors import ImportRejected
from fireinvest.exchange.record import FORMAT_TAG
from fireinvest.exchange.source import SourceFile, SourceRow


class _NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NonFiniteNumber(name)


def read_json_cases(path: Path) -> SourceFile:
    """The case records of a JSON exchange file; refuses anything that is not one."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(f"文件“{path.name}”不是 UTF-8 编码的 JSON 文件。") from None
    try:
        # Numbers with a fraction are read as Decimal so the record check can tell them from strings and refuse them.
        data = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"文件“{path.name}”不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）。"
        ) from None
    except _NonFiniteNumber as exc:
        raise ImportRejected(f"文件“{path.name}”含有非数字的值 {exc}，不是有效的交换文件。") from None
    if not isinstance(data, dict) or "format" not in data:
        raise ImportRejected(f'文件“{path.name}”不是 FireInvest 案件交换文件（缺少 "format": "{FORMAT_TAG}"）。')
    if data["format"] != FORMAT_TAG:
        raise ImportRejected(f"文件“{path.name}”的格式标记是“{data['format']}”，本程序只能导入“{FORMAT_TAG}”。")
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise ImportRejected(f'文件“{path.name}”缺少案件列表 "cases": [...]。')
    rows = [SourceRow(f"第{n}个案件（cases[{n - 1}]）", record) for n, record in enumerate(cases, start=1)]
    return SourceFile("json", rows, name_of_key=lambda key: key)


def write_json_cases(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write the exchange document to a text stream, one case per line; returns how many cases were written."""
    stream.write(f'{{"format": "{FORMAT_TAG}", "cases": [')
    count = 0
    for record in records:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(record, ensure_ascii=False))
        count += 1
    stream.write("\n]}\n" if count else "]}\n")
    return count

"""The filling rules of the document set (DOMAIN.md section 5), and values written the way documents write them.

- An unused field is struck through: the template writes a field that may stay empty as `{{r value|field }}`, and
  an empty value comes out as a struck-through blank (STRUCK_BLANK with w:strike), never as nothing at all.
- Unused rows of a form's table are crossed out: `padding_rows` pads a table to the form's fixed row count; the
  template's padding row carries a struck-through run across every cell (LibreOffice does not draw Word's diagonal
  cell borders, a strike line shows in both), so nothing can be written into them afterwards.
- Rows are numbered from 1 (`numbered`).
- Text of several paragraphs keeps them: lines are joined with "\\a", which docxtpl turns into new paragraphs
  with the template paragraph's own layout (indent, spacing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from docxtpl import RichText
from jinja2 import Undefined

STRUCK_BLANK = "\u2014" * 4  # "————": a visible blank that the strike line runs through
NEW_PARAGRAPH = "\a"
_CHINESE_DIGITS = "零一二三四五六七八九"


def field(value: Any) -> RichText:
    """Jinja filter for a field that may be unused: its text, or a struck-through blank when it is empty."""
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined raises here, naming the field, instead of striking it silently
    text = "" if value is None else str(value)
    if not text.strip():
        return RichText(STRUCK_BLANK, strike=True)
    return RichText(text)


def chinese_count(n: int) -> str:
    """Small numbers in Chinese numerals, as documents write periods and headings: 7 -> 七, 15 -> 十五, 30 -> 三十.
    Also the Jinja filter `cn`: （{{ e.no|cn }}）."""
    if not 0 <= n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CHINESE_DIGITS[ones]
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[ones] if ones else "")


FILTERS = {"field": field, "cn": chinese_count}


def paragraphs(text: str) -> str:
    """Free text as the document's paragraphs: one per non-empty line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return NEW_PARAGRAPH.join(line for line in lines if line)


def date_text(day: dt.date | None) -> str:
    """2026年3月1日 (GB/T 9704-2012 7.3.5.2: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else ""


def time_text(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    """2026年3月1日10时05分, in the agency's time zone."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{date_text(local.date())}{local.hour}时{local.minute:02d}分"


def yuan(amount: Decimal | None) -> str:
    """30000.00元."""
    return f"{amount:.2f}元" if amount is not None else ""


def square_metres(area: Decimal | None) -> str:
    """25.5平方米 (no trailing zeros)."""
    if area is None:
        return ""
    text = f"{area:.2f}".rstrip("0").rstrip(".")
    return f"{text}平方米"


def joined(names: Iterable[str]) -> str:
    """Names in a sentence: 张明、李强."""
    return "、".join(n for n in names if n)


def numbered(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their number from 1 as `no`."""
    return [{"no": n, **row} for n, row in enumerate(rows, start=1)]


def padding_rows(used: int, total: int | None) -> list[dict[str, Any]]:
    """Rows that pad a form's table to its fixed row count, numbered on from the used ones."""
    if total is None:
        return []
    return [{"no": n} for n in range(used + 1, total + 1)]

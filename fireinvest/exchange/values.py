"""Single values of the exchange format: exact decimal amounts, counts, yes/no flags, texts, times, calendar days and
codes; and lists of objects (parties, evidence, records, reviews, loop items), each named by its position.

Money and areas travel as decimal strings ("32000.00") because a binary float cannot hold every amount to the fen;
a JSON number with a fraction is refused for the same reason (by the time we read it, whoever wrote it may already
have rounded it). Times are ISO 8601 with their offset; a time without one is read in the agency's time zone, the
same rule the Excel sheet uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

E = TypeVar("E", bound=Enum)

# Far above any real loss, and keeps amounts inside the integer-fen (BIGINT) columns.
MAX_AMOUNT = Decimal(10**15)


class FieldProblem(Exception):
    """One value of one record is unusable; `key` is the record key it came from."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def parse_amount(key: str, value: Any) -> Decimal:
    """An exact amount from a decimal string or an integer; negative values and extra decimals are left to the
    case validation, which words those problems for every screen alike."""
    if isinstance(value, bool):
        raise FieldProblem(key, '应为数字字符串，例如 "32000.00"，不能是 true/false。')
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):  # a JSON number with a fraction or exponent (read with parse_float=Decimal)
        raise FieldProblem(
            key, f'{value} 是带小数的 JSON 数字，可能已丢失精度；金额和面积请写成字符串，例如 "{value}"。'
        )
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text:
            return Decimal(0)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise FieldProblem(key, f"“{value}”不是数字。") from None
    else:
        raise FieldProblem(key, '应为数字字符串，例如 "32000.00"。')
    if not amount.is_finite():
        raise FieldProblem(key, f"“{value}”不是有效数字。")
    if abs(amount) >= MAX_AMOUNT:
        raise FieldProblem(key, f"“{value}”数值过大。")
    return amount


def format_amount(value: Decimal) -> str:
    """Two decimals, exactly ("32000.00"); Decimal formatting never goes through a float."""
    return f"{value:.2f}"


def parse_count(key: str, value: Any) -> int:
    """A whole number of people or households (null counts as 0); negatives are left to the case validation."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldProblem(key, f"应为整数，而不是“{value}”。")
    return value


def parse_flag(key: str, value: Any) -> bool:
    """A yes/no value: JSON true or false (null counts as false)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FieldProblem(key, f"应为 true 或 false，而不是“{value}”。")
    return value


def parse_text(key: str, value: Any, max_length: int | None = None) -> str:
    """Trimmed text (null counts as empty), no longer than `max_length` (the rules' length for its column)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldProblem(key, f"应为文字，而不是“{value}”。")
    text = value.strip()
    if max_length is not None and len(text) > max_length:
        raise FieldProblem(key, f"最多{max_length}个字（现有{len(text)}个），请删减。")
    return text


def parse_time(key: str, value: Any, zone: ZoneInfo) -> dt.datetime | None:
    """An aware time from ISO 8601 ("2026-03-01T10:05:00+08:00", "2026-03-01 10:05"); null or empty is None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise FieldProblem(key, f'应为时间文字，例如 "2026-03-01T10:05:00+08:00"，而不是“{value}”。')
    text = value.strip().replace("/", "-")
    if not text:
        return None
    try:
        if len(text) <= 10:  # a bare date would silently become midnight; a fire's time must be given
            raise ValueError
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise FieldProblem(
            key, f"“{value}”不是有效的时间，应写成 2026-03-01T10:05:00+08:00 或 2026-03-01 10:05。"
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def parse_day(key: str, value: Any) -> dt.date | None:
    """A calendar day ("2026-03-01"), for deadlines and the days things were decided or done; null or empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise FieldProblem(key, f"“{value}”不是日期，应写成 2026-03-01。") from None


def format_day(value: dt.date | None) -> str | None:
    """ISO 8601 day ("2026-03-01"); None stays None."""
    return None if value is None else value.isoformat()


def parse_code(key: str, value: Any, kind: type[E], default: E | None = None) -> E:
    """A member of a code list with Chinese names (`label`), given by its code ("done") or its name ("已落实");
    null is `default` where there is one."""
    if value is None and default is not None:
        return default
    for member in kind:
        if value in (member.value, member.label):  # type: ignore[attr-defined]
            return member
    names = "、".join(f"{m.value}（{m.label}）" for m in kind)  # type: ignore[attr-defined]
    raise FieldProblem(key, f"“{value}”无法识别，应为 {names} 之一。")


def numbered_objects(
    key: str, value: Any, label: str, allowed: Collection[str], *, counter: str = "个", not_a_list: str = ""
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The objects of a list, each with how messages name it ("第2个当事人": counter "个", label "当事人"); null is
    an empty list. Anything but a list of objects with only `allowed` keys raises FieldProblem(key, …) naming the
    first object at fault; `not_a_list` replaces the message for a value that is not a list at all."""
    if value is None:
        return
    if not isinstance(value, list):
        raise FieldProblem(key, not_a_list or f"应为{label}列表。")
    for number, item in enumerate(value, start=1):
        where = f"第{number}{counter}{label}"
        if not isinstance(item, Mapping):
            raise FieldProblem(key, f"{where}应为一个对象。")
        unknown = [k for k in item if k not in allowed]
        if unknown:
            raise FieldProblem(key, f"{where}有未知的字段“{unknown[0]}”。")
        yield where, item


def format_time(value: dt.datetime | None, zone: ZoneInfo) -> str | None:
    """ISO 8601 in the agency's time zone, with its offset; None stays None."""
    return None if value is None else value.astimezone(zone).isoformat()

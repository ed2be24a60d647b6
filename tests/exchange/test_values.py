"""Single values of the exchange format, read the way a careful clerk would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fireinvest.exchange.excel_cells import COLUMNS, cell_to_value, format_parties_text, parse_parties_text
from fireinvest.exchange.values import (
    FieldProblem,
    numbered_objects,
    parse_amount,
    parse_code,
    parse_count,
    parse_day,
    parse_time,
)
from fireinvest.rules.closed_loop import Verdict

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("32000.00", Decimal("32000.00")), (32000, Decimal(32000)), (" 1,234.5 ", Decimal("1234.5")), ("", Decimal(0))],
)
def test_amounts_from_strings_and_integers(value, expected):
    assert parse_amount("direct_property_loss_yuan", value) == expected


@pytest.mark.parametrize("value", [Decimal("0.1"), True, [1], "abc", "NaN", "1e20"])
def test_amounts_refused(value):
    with pytest.raises(FieldProblem):
        parse_amount("direct_property_loss_yuan", value)


def test_counts_are_whole_numbers_only():
    assert parse_count("deaths", 3) == 3
    for bad in (True, Decimal("3.0"), "3"):
        with pytest.raises(FieldProblem):
            parse_count("deaths", bad)


def test_times_keep_their_offset_or_take_the_agency_zone():
    assert parse_time("alarm_time", "2026-03-01T10:05:00+09:00", SHANGHAI).utcoffset().total_seconds() == 9 * 3600
    local = parse_time("alarm_time", "2026-03-01 10:05", SHANGHAI)
    assert local.tzinfo == SHANGHAI and (local.hour, local.minute) == (10, 5)
    assert parse_time("alarm_time", None, SHANGHAI) is None
    with pytest.raises(FieldProblem):
        parse_time("alarm_time", "2026-03-01", SHANGHAI)  # a date alone would become midnight


def test_days_are_iso_calendar_days_or_empty():
    assert parse_day("deadline", " 2026-03-01 ") == dt.date(2026, 3, 1)
    assert parse_day("deadline", None) is None and parse_day("deadline", "") is None
    for bad in ("2026/13/01", "3月1日", 20260301):
        with pytest.raises(FieldProblem, match="不是日期，应写成 2026-03-01"):
            parse_day("deadline", bad)


def test_codes_are_read_by_code_or_chinese_name():
    assert parse_code("verdict", "done", Verdict) is Verdict.DONE
    assert parse_code("verdict", "部分落实", Verdict) is Verdict.PARTLY
    assert parse_code("verdict", None, Verdict, Verdict.NOT_DONE) is Verdict.NOT_DONE
    with pytest.raises(FieldProblem, match="“maybe”无法识别，应为 done（已落实）、partly（部分落实）、not_done"):
        parse_code("verdict", "maybe", Verdict)
    with pytest.raises(FieldProblem):
        parse_code("verdict", None, Verdict)


def test_lists_of_objects_name_the_object_at_fault():
    parties = [{"name": "王某"}, {"name": "李某", "role": "owner"}]
    assert list(numbered_objects("parties", parties, "当事人", ("name", "role"))) == [
        ("第1个当事人", parties[0]), ("第2个当事人", parties[1])]  # fmt: skip
    assert list(numbered_objects("parties", None, "当事人", ())) == []
    for value, message in [
        ("王某", "应为当事人列表。"),
        ([{"name": "王某"}, "李某"], "第2个当事人应为一个对象。"),
        ([{"name": "王某", "age": 40}], "第1个当事人有未知的字段“age”。"),
    ]:
        with pytest.raises(FieldProblem) as refused:
            list(numbered_objects("parties", value, "当事人", ("name", "role")))
        assert (refused.value.key, refused.value.reason) == ("parties", message)


def test_parties_text_round_trips():
    parties = [
        {
            "name": "某某有限公司(南京)",
            "role": "responsible_unit",
            "id_number": "91320100MA1XXXXX0X",
            "contact": "025-1, 139",
        },
        {"name": "王某某", "role": "owner", "id_number": "", "contact": ""},
    ]
    text = format_parties_text(parties)
    assert text == "某某有限公司(南京)(责任单位,91320100MA1XXXXX0X,025-1, 139)；王某某(所有人,,)"
    assert parse_parties_text(text) == parties
    assert parse_parties_text("张三（使用人，，13800000000）;李四")[0]["role"] == "occupant"


def test_excel_money_floats_go_through_str_so_extra_decimals_are_seen():
    money = next(c for c in COLUMNS if c.key == "direct_property_loss_yuan")
    assert cell_to_value(money, 0.1 + 0.2) == "0.30000000000000004"  # refused later: more than two decimals
    assert cell_to_value(money, 30000.5) == "30000.5"

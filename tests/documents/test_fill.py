"""The filling rules and the way documents write values, as plain functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from jinja2 import StrictUndefined, UndefinedError

from fireinvest.documents.fill import (
    STRUCK_BLANK,
    chinese_count,
    field,
    padding_rows,
    paragraphs,
    square_metres,
    time_text,
    yuan,
)


@pytest.mark.parametrize(("n", "text"), [(7, "七"), (10, "十"), (15, "十五"), (20, "二十"), (30, "三十"), (100, "100")])
def test_periods_in_chinese_numerals(n, text):
    assert chinese_count(n) == text


def test_values_as_documents_write_them():
    assert square_metres(Decimal("25.50")) == "25.5平方米" and square_metres(Decimal("30.00")) == "30平方米"
    assert yuan(Decimal("30000")) == "30000.00元"
    moment = dt.datetime(2026, 3, 1, 1, 5, tzinfo=dt.UTC)
    assert time_text(moment, ZoneInfo("Asia/Shanghai")) == "2026年3月1日9时05分"
    assert paragraphs("第一段\r\n\n  第二段  \n") == "第一段\a第二段"


def test_an_empty_field_is_struck_through_and_an_unknown_one_is_an_error():
    assert "<w:strike/>" in str(field("  ")) and STRUCK_BLANK in str(field(None))
    assert "<w:strike/>" not in str(field("厨房")) and "厨房" in str(field("厨房"))
    assert '<w:t xml:space="preserve">0</w:t>' in str(field(0))
    with pytest.raises(UndefinedError):
        field(StrictUndefined(name="adress"))


def test_padding_continues_the_numbering_to_the_form_rows():
    assert padding_rows(2, 5) == [{"no": 3}, {"no": 4}, {"no": 5}]
    assert padding_rows(7, 5) == [] and padding_rows(0, None) == []

"""Fitting text into label fields: nothing drawn past the field's width, nothing silently dropped."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from fireinvest.documents.fonts import cjk_font
from fireinvest.documents.pdf_text import ELLIPSIS, shrink_to_width, wrap


def test_wrapping_keeps_every_line_inside_the_width():
    font = cjk_font().name
    text = "插座残骸（含烧熔的塑料外壳及内部铜片，长约12厘米）"
    lines = wrap(text, font, 8, 100, max_lines=5)
    assert "".join(lines) == text
    assert len(lines) > 1 and all(stringWidth(line, font, 8) <= 100 for line in lines)


def test_text_past_the_last_line_ends_in_an_ellipsis():
    font = cjk_font().name
    lines = wrap("火灾痕迹物品" * 20, font, 8, 100, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    assert all(stringWidth(line, font, 8) <= 100 for line in lines)


def test_short_text_is_one_line_and_keeps_its_size():
    font = cjk_font().name
    assert wrap("导线熔痕", font, 8, 100, max_lines=2) == ["导线熔痕"]
    assert shrink_to_width("320100-WZ-2026-0001", font, 15, 1000, 9) == 15


def test_a_long_number_shrinks_to_fit_but_not_below_the_minimum():
    font = cjk_font().name
    size = shrink_to_width("320100-WZ-2026-0001", font, 15, 100, 6)
    assert size < 15 and stringWidth("320100-WZ-2026-0001", font, size) <= 100.01
    assert shrink_to_width("320100-WZ-2026-0001", font, 15, 10, 9) == 9


def test_numbers_are_not_broken_across_lines_when_they_fit_on_one():
    font = cjk_font().name
    width = stringWidth("玄武区中山路100号3栋5", font, 8) + 0.5  # the house number "502" would be cut after "5"
    assert wrap("玄武区中山路100号3栋502室", font, 8, width, max_lines=2) == ["玄武区中山路100号3栋", "502室"]
    assert wrap("1234567890" * 3, font, 8, stringWidth("1234567890", font, 8) + 0.5, 5) == ["1234567890"] * 3

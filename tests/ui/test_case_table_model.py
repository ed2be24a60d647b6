"""The lazy case list model over a few hundred real cases: counts, pages, sorting, filtering, bounded memory."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from fireinvest.services import cases
from fireinvest.services.case_query import CaseFilter, SortKey
from fireinvest.services.settings import load_agency_settings
from fireinvest.ui.main.case_table_model import COLUMN_OF_KEY, CaseIdRole, CaseTableModel, SortKeyRole
from fireinvest.ui.widgets import operations
from tests.factories import make_draft
from tests.ui.helpers import add_cases, model_column

CASES = 300
NUMBER = COLUMN_OF_KEY[SortKey.CASE_NUMBER]
ALARM = COLUMN_OF_KEY[SortKey.ALARM_TIME]
ADDRESS = COLUMN_OF_KEY[SortKey.ADDRESS]
DISTRICT = COLUMN_OF_KEY[SortKey.DISTRICT]
GRADE = COLUMN_OF_KEY[SortKey.GRADE]
LOSS = COLUMN_OF_KEY[SortKey.LOSS]


@pytest.fixture
def archive(db, actor):
    ids = add_cases(db, actor, CASES)
    with db.reading() as session:
        zone = load_agency_settings(session).zone
    return db, zone, ids


def test_counts_without_loading_and_fetches_one_page_on_demand(qtbot, archive):
    db, zone, ids = archive
    model = CaseTableModel(db, zone, page_size=50)
    assert model.rowCount() == CASES
    assert model.cached_page_count == 0  # the count alone loads no rows

    assert model.data(model.index(0, NUMBER)) == "320100-2026-00300"  # newest alarm first by default
    assert model.data(model.index(0, NUMBER), CaseIdRole) == ids[-1]
    assert model.data(model.index(0, ALARM)) == "2026-01-13 19:00"  # local (Asia/Shanghai) time, not UTC
    assert model.cached_page_count == 1
    assert model.data(model.index(CASES - 1, NUMBER)) == "320100-2026-00001"
    assert model.cached_page_count == 2


def test_loss_is_formatted_exactly_and_right_aligned(qtbot, archive):
    db, zone, _ = archive
    model = CaseTableModel(db, zone)
    index = model.index(0, LOSS)
    assert model.data(index) == "32,000.00"
    assert model.data(index, SortKeyRole) == Decimal("32000.00")
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_header_click_sorts_by_that_column(qtbot, archive):
    db, zone, _ = archive
    model = CaseTableModel(db, zone, page_size=64)
    model.sort(ADDRESS, Qt.SortOrder.AscendingOrder)
    addresses = model_column(model, ADDRESS)
    assert len(addresses) == CASES
    assert addresses == sorted(addresses)
    model.sort(NUMBER, Qt.SortOrder.AscendingOrder)
    assert model_column(model, NUMBER, 3) == ["320100-2026-00001", "320100-2026-00002", "320100-2026-00003"]


def test_grade_sorts_by_severity_not_alphabetically(qtbot, db, actor):
    with db.writing() as session:
        for deaths, loss in ((0, "500"), (3, "50000"), (0, "50000"), (10, "50000")):
            cases.create_case(
                session, actor,
                make_draft(deaths=deaths, direct_property_loss=Decimal(loss), direct_economic_loss=Decimal(loss)),
            )  # fmt: skip
    model = CaseTableModel(db)
    model.sort(GRADE, Qt.SortOrder.DescendingOrder)
    assert model_column(model, GRADE) == ["重大", "较大", "一般", "轻微"]
    assert model.data(model.index(0, GRADE), Qt.ItemDataRole.ForegroundRole) is not None  # severe grades stand out
    assert model.data(model.index(3, GRADE), Qt.ItemDataRole.ForegroundRole) is None


def test_filter_by_district_and_quick_text(qtbot, archive):
    db, zone, _ = archive
    model = CaseTableModel(db, zone)
    model.set_filter(CaseFilter(district="秦淮区"))
    assert model.rowCount() == CASES // 4
    assert set(model_column(model, DISTRICT)) == {"秦淮区"}

    model.set_filter(CaseFilter(text="汉中路"))
    addresses = model_column(model, ADDRESS)
    assert len(addresses) == CASES // 6
    assert all("汉中路" in address for address in addresses)

    model.set_filter(CaseFilter(text="00042"))  # part of a case number
    assert model_column(model, NUMBER) == ["320100-2026-00042"]

    model.set_filter(CaseFilter(text="没有这个地址"))
    assert model.rowCount() == 0


def test_page_cache_stays_bounded_while_scrolling_through_everything(qtbot, archive):
    db, zone, ids = archive
    model = CaseTableModel(db, zone, page_size=20, max_cached_pages=3)
    seen = []
    for row in range(model.rowCount()):
        seen.append(model.data(model.index(row, 0), CaseIdRole))
        assert model.cached_page_count <= 3
    assert seen == list(reversed(ids))  # every case exactly once, in order, across 15 pages
    assert model.cached_page_count == 3


def test_row_of_a_case_outside_the_cached_pages_is_found(qtbot, archive):
    db, zone, ids = archive
    model = CaseTableModel(db, zone, page_size=20)
    model.data(model.index(0, 0))
    assert model.cached_page_count == 1
    row = model.row_of_case(ids[10])  # the 11th oldest: far beyond page 0 in newest-first order
    assert row == CASES - 11
    assert model.data(model.index(row, 0), CaseIdRole) == ids[10]
    model.set_filter(CaseFilter(district="玄武区"))
    assert model.row_of_case(ids[1]) is None  # 秦淮区: not in this list


def test_background_reload_keeps_the_shown_rows_until_the_new_ones_arrive(qtbot, archive):
    db, zone, _ = archive
    operations.set_synchronous(False)
    try:
        model = CaseTableModel(db, zone, background=True)
        with qtbot.waitSignal(model.modelReset, timeout=5000):
            model.set_filter(CaseFilter(district="秦淮区"))
            assert model.rowCount() == CASES  # still the old list: the count runs on a worker thread
            assert model.case_filter == CaseFilter()
        assert model.rowCount() == CASES // 4
        assert model.case_filter.district == "秦淮区"

        # Typing fast: only the last request may win, whichever query finishes first.
        with qtbot.waitSignal(model.loadingChanged, check_params_cb=lambda loading: not loading, timeout=5000):
            model.set_filter(CaseFilter(district="玄武区"))
            model.set_filter(CaseFilter(text="汉中路"))
        qtbot.wait(50)  # let a slower, superseded result arrive too: it must be dropped
        assert model.case_filter == CaseFilter(text="汉中路")
        assert model.rowCount() == CASES // 6
        assert all("汉中路" in address for address in model_column(model, ADDRESS))
    finally:
        qtbot.waitUntil(lambda: operations.running_count() == 0, timeout=5000)
        operations.set_synchronous(True)

"""The lazy case list model over a few hundred real cases: counts, pages, sorting, filtering, bounded memory."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from fireinvest.services import cases
from fireinvest.services.case_query import CaseFilter, SortKey
from fireinvest.services.settings import agency_settings
from fireinvest.ui.main.case_table_model import COLUMN_OF_KEY, CaseIdRole, CaseTableModel, SortKeyRole
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
def archive(db, actor, workstation, runner):
    ids = add_cases(db, actor, CASES)
    return runner, agency_settings(workstation).zone, ids


def test_counts_with_the_first_page_and_fetches_other_pages_on_demand(qtbot, archive):
    runner, zone, ids = archive
    model = CaseTableModel(runner, zone, page_size=50)
    assert model.rowCount() == CASES
    assert model.cached_page_count == 1  # the count came with the first page, nothing more

    assert model.data(model.index(0, NUMBER)) == "320100-2026-00300"  # newest alarm first by default
    assert model.data(model.index(0, NUMBER), CaseIdRole) == ids[-1]
    assert model.data(model.index(0, ALARM)) == "2026-01-13 19:00"  # local (Asia/Shanghai) time, not UTC
    assert model.cached_page_count == 1
    assert model.data(model.index(CASES - 1, NUMBER)) == "320100-2026-00001"
    assert model.cached_page_count == 2


def test_loss_is_formatted_exactly_and_right_aligned(qtbot, archive):
    runner, zone, _ = archive
    model = CaseTableModel(runner, zone)
    index = model.index(0, LOSS)
    assert model.data(index) == "32,000.00"
    assert model.data(index, SortKeyRole) == Decimal("32000.00")
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_header_click_sorts_by_that_column(qtbot, archive):
    runner, zone, _ = archive
    model = CaseTableModel(runner, zone, page_size=64)
    model.sort(ADDRESS, Qt.SortOrder.AscendingOrder)
    addresses = model_column(model, ADDRESS)
    assert len(addresses) == CASES
    assert addresses == sorted(addresses)
    model.sort(NUMBER, Qt.SortOrder.AscendingOrder)
    assert model_column(model, NUMBER, 3) == ["320100-2026-00001", "320100-2026-00002", "320100-2026-00003"]


def test_grade_sorts_by_severity_not_alphabetically(qtbot, workstation, runner):
    for deaths, loss in ((0, "500"), (3, "50000"), (0, "50000"), (10, "50000")):
        cases.create_case(
            workstation,
            make_draft(deaths=deaths, direct_property_loss=Decimal(loss), direct_economic_loss=Decimal(loss)),
        )
    model = CaseTableModel(runner, agency_settings(workstation).zone)
    model.sort(GRADE, Qt.SortOrder.DescendingOrder)
    assert model_column(model, GRADE) == ["重大", "较大", "一般", "轻微"]
    assert model.data(model.index(0, GRADE), Qt.ItemDataRole.ForegroundRole) is not None  # severe grades stand out
    assert model.data(model.index(3, GRADE), Qt.ItemDataRole.ForegroundRole) is None


def test_filter_by_district_and_quick_text(qtbot, archive):
    runner, zone, _ = archive
    model = CaseTableModel(runner, zone)
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
    runner, zone, ids = archive
    model = CaseTableModel(runner, zone, page_size=20, max_cached_pages=3)
    seen = []
    for row in range(model.rowCount()):
        seen.append(model.data(model.index(row, 0), CaseIdRole))
        assert model.cached_page_count <= 3
    assert seen == list(reversed(ids))  # every case exactly once, in order, across 15 pages
    assert model.cached_page_count == 3


def test_row_of_a_case_outside_the_cached_pages_is_found(qtbot, archive):
    runner, zone, ids = archive
    model = CaseTableModel(runner, zone, page_size=20)
    model.data(model.index(0, 0))
    assert model.cached_page_count == 1
    assert model.cached_row_of_case(ids[10]) is None  # the 11th oldest: far beyond page 0 in newest-first order
    found: list[int | None] = []
    model.locate_case(ids[10], found.append)
    assert found == [CASES - 11]
    assert model.data(model.index(CASES - 11, 0), CaseIdRole) == ids[10]
    model.set_filter(CaseFilter(district="玄武区"))
    model.locate_case(ids[1], found.append)
    assert found[-1] is None  # 秦淮区: not in this list


def test_a_new_filter_keeps_the_shown_rows_until_the_new_ones_arrive(qtbot, archive, threaded_runner):
    _, zone, _ = archive
    model = CaseTableModel(threaded_runner, zone)
    qtbot.waitUntil(lambda: model.rowCount() == CASES, timeout=5000)
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.set_filter(CaseFilter(district="秦淮区"))
        assert model.rowCount() == CASES  # still the old list: the count runs on the database thread
        assert model.case_filter == CaseFilter()
    assert model.rowCount() == CASES // 4
    assert model.case_filter.district == "秦淮区"

    # Typing fast: only the last request may win. The database thread answers in order, so the superseded count
    # arrives first and must be dropped, not shown.
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.set_filter(CaseFilter(district="玄武区"))
    model.set_filter(CaseFilter(text="汉中路"))
    qtbot.waitUntil(lambda: threaded_runner.pending == 0, timeout=5000)
    assert resets == [CASES // 6]
    assert model.case_filter == CaseFilter(text="汉中路")
    assert all("汉中路" in address for address in model_column(model, ADDRESS))


def test_rows_of_a_page_not_read_yet_fill_in_when_it_arrives(qtbot, archive, threaded_runner):
    _, zone, ids = archive
    model = CaseTableModel(threaded_runner, zone, page_size=50)
    qtbot.waitUntil(lambda: model.rowCount() == CASES, timeout=5000)
    last = model.index(CASES - 1, NUMBER)
    assert model.data(last) is None  # painted blank while its page is asked for
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    assert model.data(last) == "320100-2026-00001"
    assert model.data(last, CaseIdRole) == ids[0]

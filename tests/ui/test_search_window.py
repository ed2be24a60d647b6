"""The archive search window through the real widgets: Ctrl+Shift+F opens it from the list, hits show where they
matched with the words highlighted, filters narrow them, an empty result says why, a hit opens its case at the
record, saved searches come back, and the page model reads only the pages looked at."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QStyleOptionViewItem

from fireinvest.rules.records import QuestionAnswer
from fireinvest.services import cases, records
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.search import SearchOrder
from fireinvest.ui.search.results_model import SNIPPET_COLUMN, SnippetRole
from fireinvest.ui.search.snippet_delegate import snippet_html
from fireinvest.ui.search.window import SearchWindow
from tests.factories import local, make_draft
from tests.services.test_records import interview
from tests.ui.helpers import activate


@pytest.fixture
def archive(db, workstation):
    """Three cases: one whose interview alone mentions 电焊, a 2025 case in 鼓楼区, and one about something else."""
    welded = cases.create_case(workstation, make_draft(summary="仓库起火，原因待查。")).value
    answer = QuestionAnswer("起火前有人在做什么？", "隔壁师傅在用电焊切割铁架。")
    records.create_interview(workstation, welded.id, interview(interviewee="张某", questions=[answer]))
    older = cases.create_case(workstation, make_draft(
        alarm_time=local(2025, 6, 1), extinguished_time=local(2025, 6, 1, 12), ignition_time=local(2025, 6, 1, 9),
        district="鼓楼区", address="鼓楼区中山北路1号", summary="车间电焊作业引燃保温材料。")).value  # fmt: skip
    other = cases.create_case(workstation, make_draft(summary="电动自行车充电时起火。")).value
    return {"welded": welded, "older": older, "other": other}


@pytest.fixture
def search_window(qtbot, window) -> SearchWindow:
    window.filter_bar.quick_filter.clear()
    shown = window.open_search()
    qtbot.waitExposed(shown)
    return shown


def rows(search_window: SearchWindow) -> list[tuple[str, ...]]:
    model = search_window.model
    return [tuple(model.index(r, c).data() or "" for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_ctrl_shift_f_opens_the_search_from_the_list_and_carries_the_quick_filter_text(qtbot, window, archive):
    assert window.action_search.shortcut() == QKeySequence("Ctrl+Shift+F")
    window.filter_bar.quick_filter.setText("电焊")
    # the list's quick filter searches the same index: the interview-only case is listed too
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=3000)
    window.action_search.trigger()
    found = window.search_window
    assert found is not None and found.isVisible()
    assert found.query.text() == "电焊"
    assert {row[0] for row in rows(found)} == {archive["welded"].case_number, archive["older"].case_number}


def test_hits_show_where_they_matched_with_the_words_highlighted(archive, search_window):
    search_window.search_for("电焊")
    shown = {row[0]: row for row in rows(search_window)}
    assert shown[archive["welded"].case_number][4] == "询问笔录 · 张某 · 第1次"
    assert shown[archive["older"].case_number][4] == "案件信息"
    # the facts weigh more than an interview: the 2025 case comes first although it is older
    assert rows(search_window)[0][0] == archive["older"].case_number
    assert "找到 2 件" in search_window.summary.text()
    snippet = search_window.model.index(1, SNIPPET_COLUMN).data(SnippetRole)
    assert "隔壁师傅在用【电焊】切割铁架" in snippet.marked()
    assert '<span style="' in snippet_html(snippet) and ">电焊</span>" in snippet_html(snippet)


def test_sorting_by_date_and_filters_narrow_the_hits(archive, search_window):
    search_window.search_for("电焊")
    search_window.order.setCurrentIndex(search_window.order.findData(SearchOrder.NEWEST))
    assert rows(search_window)[0][0] == archive["welded"].case_number
    search_window.filters.district.setCurrentIndex(search_window.filters.district.findData("鼓楼区"))
    assert [row[0] for row in rows(search_window)] == [archive["older"].case_number]


def test_an_empty_result_says_which_word_or_which_filter_leaves_nothing(archive, search_window):
    search_window.search_for("氢气")
    assert search_window.model.rowCount() == 0
    assert "没有任何案件包含“氢气”" in search_window.summary.text()
    search_window.filters.year.setCurrentIndex(search_window.filters.year.findData(2025))
    search_window.search_for("电动自行车")
    assert search_window.model.rowCount() == 0
    assert "年份=2025" in search_window.summary.text() and "去掉它即可找到" in search_window.summary.text()
    search_window.search_for("-电焊")
    assert "以“-”开头的词只用来排除" in search_window.summary.text()


def test_opening_a_hit_opens_its_case_at_the_interview(qtbot, window, archive, search_window):
    search_window.search_for("切割铁架")
    assert search_window.model.rowCount() == 1
    activate(qtbot, search_window)
    search_window.results.setFocus()
    search_window.results.selectRow(0)
    qtbot.keyClick(search_window.results, Qt.Key.Key_Return)
    editor = next(e for e in window._editors if e.case_id == archive["welded"].id)
    assert editor.tabs.currentWidget() is editor.records
    selected = {index.row() for index in editor.records.interview_table.selectedIndexes()}
    assert selected == {0}


def test_a_case_saved_in_the_program_reaches_the_open_search(runner, archive, search_window):
    search_window.search_for("电动自行车")
    assert search_window.model.rowCount() == 1
    runner.run(lambda ws: cases.create_case(ws, make_draft(summary="楼道电动自行车起火。")))  # published by the hub
    assert search_window.model.rowCount() == 2


def test_saved_searches_come_back_with_their_filters(qtbot, runner, archive, tmp_path):
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    first = SearchWindow(runner, local(2026, 1, 1).tzinfo, state=state)
    qtbot.addWidget(first)
    first.show()
    first.query.setText("电焊")
    first.filters.district.setCurrentIndex(first.filters.district.findData("鼓楼区"))
    first.save_search("鼓楼电焊")
    again = SearchWindow(runner, local(2026, 1, 1).tzinfo, state=state)
    qtbot.addWidget(again)
    again.show()
    index = again.saved_combo.findData("鼓楼电焊")
    assert index > 0
    again.saved_combo.setCurrentIndex(index)
    again.saved_combo.activated.emit(index)
    assert again.query.text() == "电焊"
    assert again.filters.case_filter().district == "鼓楼区"
    assert [row[0] for row in rows(again)] == [archive["older"].case_number]
    again.remove_saved()
    assert again.saved_combo.findData("鼓楼电焊") < 0


def test_the_result_model_reads_only_the_pages_looked_at(qtbot, runner, db, workstation):
    for n in range(7):
        cases.create_case(workstation, make_draft(summary=f"第{n}起 仓库电焊引燃纸箱。"))
    window = SearchWindow(runner, local(2026, 1, 1).tzinfo)
    qtbot.addWidget(window)
    window.model.page_size = 3
    window.model.search("电焊", CaseFilter(), SearchOrder.RELEVANCE)
    assert window.model.rowCount() == 7
    assert set(window.model._pages) == {0}
    assert window.model.hit_at(6) is not None  # the last page, read when asked for
    assert set(window.model._pages) == {0, 2}


def test_the_snippet_column_paints_without_error(qtbot, archive, search_window):
    search_window.search_for("电焊")
    view = search_window.results
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(search_window.model.index(0, SNIPPET_COLUMN))
    image = view.grab()
    assert not image.isNull()
    delegate = view.itemDelegateForColumn(SNIPPET_COLUMN)
    assert delegate.sizeHint(option, search_window.model.index(0, SNIPPET_COLUMN)).width() >= 400


def test_a_hit_in_a_corrective_measure_opens_the_loop_at_that_measure(qtbot, window, db, actor, workstation):
    from fireinvest.services.loop import items as loop_items
    from tests.loop_factories import closed_case, measure

    case = closed_case(db, actor)
    loop_items.create_measure(workstation, case.id, measure(description="更换老化配电箱"))
    wanted = loop_items.create_measure(workstation, case.id, measure(description="加装电气火灾监控探测器")).value
    shown = window.open_search("监控探测器")
    assert [row[4] for row in rows(shown)] == ["整改措施 · 南京某某物业管理有限公司"]
    shown.open_row(0)
    editor = next(e for e in window._editors if e.case_id == case.id)
    assert editor.tabs.currentWidget() is editor.loop
    assert editor.loop.sections.currentWidget() is editor.loop.measures
    assert editor.loop.measures.table.selected_id() == wanted.id

"""The loop board window on demo data: the same rows, counts and totals as the service, its filters, a double-click
opening the case on its loop tab, and the per-unit view listing every measure addressed to one unit."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from fireinvest.demo.generator import generate_demo_cases
from fireinvest.rules.closed_loop import LoopStage
from fireinvest.services.loop import board as loop_board
from fireinvest.services.loop import items as loop_items
from fireinvest.services.loop.board import LoopBoardFilter
from fireinvest.ui.loop.board_window import LoopBoardWindow
from tests.loop_factories import measure, registered_case
from tests.ui.test_loop_ui import double_click

UNTIL = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(db, workstation):
    generate_demo_cases(workstation, 2500, seed=5, until=UNTIL)
    return workstation


def service_board(workstation, board_filter: LoopBoardFilter | None = None):
    return loop_board.loop_board(workstation, board_filter)


def shown_rows(board: LoopBoardWindow) -> dict[str, tuple]:
    table = board.table
    return {
        table.item(row, 0).text(): tuple(table.item(row, column).text() for column in (2, 4, 5, 6, 7, 8))
        for row in range(table.rowCount())
    }


def expected_rows(rows) -> dict[str, tuple]:
    def count(value: int) -> str:
        return str(value) if value else ""

    return {
        r.case_number: (r.district, r.stage.label, count(r.measures), count(r.open_items), count(r.overdue_items),
                        r.next_due.isoformat() if r.next_due else "")
        for r in rows
    }  # fmt: skip


def totals(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(row, c).text() for c in range(4)) for row in range(table.rowCount())]


def expected_totals(items) -> list[tuple[str, ...]]:
    return [(t.name, str(t.cases) if t.cases else "", str(t.open_items) if t.open_items else "",
             str(t.overdue_items) if t.overdue_items else "") for t in items]  # fmt: skip


def test_board_shows_the_service_counts_and_filters(qtbot, demo, window):
    board = window.open_loop_board()
    qtbot.waitExposed(board)
    expected = service_board(demo)
    assert expected.rows and any(r.overdue_items for r in expected.rows)  # the demo has late loops to show
    assert shown_rows(board) == expected_rows(expected.rows)
    assert totals(board.by_district) == expected_totals(expected.by_district)
    assert totals(board.by_unit) == expected_totals(expected.by_unit)
    closed = sum(r.stage == LoopStage.CLOSED for r in expected.rows)
    overdue = sum(r.overdue_items for r in expected.rows)
    assert f"共 {len(expected.rows)} 起案件的闭环，其中已闭环 {closed} 起" in board.summary.text()
    assert f"逾期 {overdue} 项" in board.summary.text()
    # Soonest due first: the case to chase is at the top.
    dues = [board.table.item(row, 8).text() for row in range(board.table.rowCount())]
    assert [d for d in dues if d] == sorted(d for d in dues if d)

    board.overdue_only.setChecked(True)
    late = service_board(demo, LoopBoardFilter(overdue_only=True))
    assert shown_rows(board) == expected_rows(late.rows) and len(late.rows) < len(expected.rows)
    board.overdue_only.setChecked(False)

    district = expected.by_district[0].name
    double_click(qtbot, board.by_district, 0, 0)  # a district's total filters the board to it
    assert board.district.currentData() == district
    assert shown_rows(board) == expected_rows(service_board(demo, LoopBoardFilter(district=district)).rows)
    board.district.setCurrentIndex(0)

    board.stage.setCurrentIndex(board.stage.findData(LoopStage.CLOSED.value))
    assert set(shown_rows(board)) == {r.case_number for r in expected.rows if r.stage == LoopStage.CLOSED}
    board.stage.setCurrentIndex(0)
    year = max(int(number.split("-")[1]) for number in shown_rows(board))
    board.year.setCurrentIndex(board.year.findData(year))
    assert shown_rows(board) == expected_rows(service_board(demo, LoopBoardFilter(year=year)).rows)


def test_double_click_opens_the_case_on_its_loop_tab(qtbot, demo, window):
    board = window.open_loop_board()
    qtbot.waitExposed(board)
    case_id = board.table.id_at(0)
    double_click(qtbot, board.table, 0, 0)
    (editor,) = [e for e in window._editors if e.case_id == case_id]
    assert editor.tabs.currentWidget() is editor.loop
    assert editor.title_label.text() == f"案件 {board.table.item(0, 0).text()}"
    assert window.open_loop_board() is board  # one board window, brought back to the front


def test_unit_view_lists_every_measure_of_the_unit(qtbot, demo, window):
    board = window.open_loop_board()
    qtbot.waitExposed(board)
    busiest = max(range(board.by_unit.rowCount()), key=lambda row: int(board.by_unit.item(row, 1).text() or 0))
    unit = board.by_unit.item(busiest, 0).text()
    double_click(qtbot, board.by_unit, busiest, 0)
    assert board.tabs.currentWidget() is board.unit_view
    assert board.unit_view.unit.currentText() == unit
    measures = loop_board.unit_measures(demo, unit)
    assert len(measures) >= 2
    table = board.unit_view.table
    assert sorted(table.ids()) == sorted(m.measure_id for m in measures)
    assert set(table.column_texts(3)) == {m.description for m in measures}
    assert f"共 {len(measures)} 项整改措施" in board.unit_view.summary.text()
    first = next(m for m in measures if m.measure_id == table.id_at(0))
    double_click(qtbot, table, 0, 0)
    assert any(e.case_id == first.case_id and e.tabs.currentWidget() is e.loop for e in window._editors)


def test_board_window_opens_from_the_case_menu(qtbot, window):
    case_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("案件"))
    assert window.action_loop_board in case_menu.actions()
    window.action_loop_board.trigger()
    assert isinstance(window.loop_board, LoopBoardWindow) and window.loop_board.isVisible()
    assert window.loop_board.table.rowCount() == 0 and "共 0 起案件的闭环" in window.loop_board.summary.text()
    assert not window.loop_board.isModal() and window.loop_board.windowFlags() & Qt.WindowType.Window


def test_board_follows_loop_changes_made_anywhere_in_the_program(qtbot, window, runner, db, actor):
    board = window.open_loop_board()
    qtbot.waitExposed(board)
    assert board.table.rowCount() == 0
    case = registered_case(db, actor)
    # A measure added through the program (the loop tab of any case): the hub says the loop changed.
    runner.run(lambda ws: loop_items.create_measure(ws, case.id, measure()))
    assert board.table.column_texts(0) == [case.case_number]
    assert board.unit.findData("南京某某物业管理有限公司") > 0  # the filters offer the new unit
    # A hidden board only notes the change, and reads again when shown.
    board.hide()
    runner.run(lambda ws: loop_items.create_measure(ws, case.id, measure(owner="中山街道办事处")))
    assert board.table.item(0, 5).text() == "1"
    board.show()
    qtbot.waitExposed(board)
    assert board.table.item(0, 5).text() == "2" and board.unit.findData("中山街道办事处") > 0

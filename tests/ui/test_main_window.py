"""The main window as a user meets it: the list, its filters, opening and voiding cases."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from fireinvest.rules.case_facts import CaseStatus
from fireinvest.services import case_query, cases
from fireinvest.services.case_query import CaseFilter, CaseSort, SortKey
from fireinvest.ui.main.case_table_model import COLUMN_OF_KEY
from fireinvest.ui.widgets.dialogs import VoidCaseDialog
from tests.ui.helpers import activate, add_cases, answer_next_modal, model_column, type_text

NUMBER = COLUMN_OF_KEY[SortKey.CASE_NUMBER]


def test_window_shows_agency_count_and_database(qtbot, window, db, actor):
    assert window.windowTitle() == "FireInvest 火灾事故调查案件管理 — 某市消防救援支队"
    assert window.count_label.text() == "共 0 起案件"
    assert window.database_label.text() == f"数据库：{db.display_url}"
    add_cases(db, actor, 3)
    qtbot.keyClick(window.table, Qt.Key.Key_F5)
    window.action_refresh.trigger()
    assert window.count_label.text() == "共 3 起案件"
    assert window.filter_bar.year_combo.itemText(1) == "2026"  # years with cases appear in the year filter


def test_void_asks_for_reason_naming_the_case_and_removes_it_from_the_list(qtbot, window, db, actor, workstation):
    ids = add_cases(db, actor, 3)
    window.refresh()
    window.select_case(ids[1])
    number = window.model.case_row(window.current_row()).case_number

    def give_reason(dialog) -> None:
        assert isinstance(dialog, VoidCaseDialog)
        assert number in " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert not dialog.void_button.isEnabled()  # no reason, no voiding
        type_text(qtbot, dialog.reason_edit, "重复登记")
        qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)

    answer_next_modal(qtbot, give_reason)
    activate(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)

    assert window.model.rowCount() == 2
    assert number not in model_column(window.model, NUMBER)
    assert window.count_label.text() == "共 2 起案件"
    voided = cases.get_case(workstation, ids[1])
    assert voided.status == CaseStatus.VOIDED and voided.void_reason == "重复登记"

    status = window.filter_bar.status_combo
    status.setCurrentIndex(status.findText(CaseStatus.VOIDED.label))
    assert model_column(window.model, NUMBER) == [number]  # still findable under 已作废


def test_void_dialog_names_the_case_and_cancel_keeps_it(qtbot, window, db, actor, workstation):
    ids = add_cases(db, actor, 2)
    window.refresh()
    window.select_case(ids[0])
    texts = []

    def cancel(dialog) -> None:
        texts.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_next_modal(qtbot, cancel)
    window.action_void.trigger()
    assert "确定要作废案件 320100-2026-00001 吗" in texts[0]
    assert case_query.case_list_page(workstation, CaseFilter(), CaseSort(), 0, 0, with_total=True).total == 2
    assert window.model.rowCount() == 2


def test_quick_filter_waits_for_a_pause_in_typing_and_ctrl_f_focuses_it(qtbot, window, db, actor):
    add_cases(db, actor, 24)
    window.refresh()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.filter_bar.quick_filter

    type_text(qtbot, window.filter_bar.quick_filter, "汉中路")
    assert window.model.rowCount() == 24  # not yet: the filter waits for the user to stop typing
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=2000)
    assert window.count_label.text() == "共 4 起案件"


def test_district_filter_and_clear(qtbot, window, db, actor):
    add_cases(db, actor, 8)
    window.refresh()
    district = window.filter_bar.district_combo
    district.setCurrentIndex(district.findText("建邺区"))
    assert window.model.rowCount() == 2
    assert set(model_column(window.model, COLUMN_OF_KEY[SortKey.DISTRICT])) == {"建邺区"}
    window.filter_bar.reset_button.click()
    assert window.model.rowCount() == 8


def test_enter_and_double_click_open_the_selected_case(qtbot, window, db, actor):
    ids = add_cases(db, actor, 3)
    window.refresh()
    window.select_case(ids[0])
    activate(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    editor = window._editors[-1]
    assert editor.case_id == ids[0]
    assert editor.title_label.text().endswith("320100-2026-00001")
    assert window.open_case(ids[0]) is editor  # one editor per case
    editor.close()

    rect = window.table.visualRect(window.model.index(window.model.cached_row_of_case(ids[2]), NUMBER))
    # A real double click starts with a press; QTest's synthetic double click alone does not.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window._editors[-1].case_id == ids[2]


def test_header_click_sorts_the_list(qtbot, window, db, actor):
    ids = add_cases(db, actor, 5)
    window.refresh()
    assert model_column(window.model, NUMBER)[0] == "320100-2026-00005"  # newest first
    window.select_case(ids[1])
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(NUMBER) + header.sectionSize(NUMBER) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    numbers = model_column(window.model, NUMBER)
    assert numbers in (sorted(numbers), sorted(numbers, reverse=True))
    assert window.model.case_sort.key == SortKey.CASE_NUMBER
    assert window.selected_case_id() == ids[1]  # the user's case stays selected in the new order


def test_about_names_the_agency_and_the_database(qtbot, window, db, message_boxes):
    window.action_about.trigger()
    (box,) = message_boxes
    assert "某市消防救援支队" in box.text() and db.display_url in box.text()

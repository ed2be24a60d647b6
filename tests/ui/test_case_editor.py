"""The case editor driven through its widgets: saving, refusing invalid input, protecting unsaved changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fireinvest.rules.case_facts import Procedure
from fireinvest.services import case_query, cases
from fireinvest.services.actor import Actor
from fireinvest.services.case_query import CaseFilter, CaseSort, SortKey
from fireinvest.services.front_door import Workstation
from fireinvest.ui.main.case_table_model import COLUMN_OF_KEY, CaseIdRole
from tests.factories import make_draft
from tests.ui.helpers import activate, replace_text, type_text


def fill_minimal_case(qtbot, editor, alarm: str = "2026-03-01 10:05") -> None:
    """What a user types for the smallest valid case: alarm time, address, district and place type."""
    replace_text(qtbot, editor.basic.alarm_time.edit, alarm)
    type_text(qtbot, editor.basic.address, "玄武区中山路1号")
    qtbot.keyClick(editor.basic.district, Qt.Key.Key_Down)  # first district after "(请选择)"
    qtbot.keyClick(editor.basic.place_type, Qt.Key.Key_Down)


def count(db) -> int:
    return case_query.case_list_page(Workstation(db, Actor("检查")), CaseFilter(include_voided=True), CaseSort(), 0, 0,
                                     with_total=True).total  # fmt: skip


def test_typed_case_is_saved_with_ctrl_s_and_appears_selected_in_the_list(qtbot, window, message_boxes, workstation):
    editor = window.new_case()
    qtbot.waitExposed(editor)
    assert editor.title_label.text() == "新案件"
    fill_minimal_case(qtbot, editor)
    type_text(qtbot, editor.basic.unit_name, "王某某住宅")
    editor.tabs.setCurrentWidget(editor.losses)
    replace_text(qtbot, editor.losses.deaths, "3")
    type_text(qtbot, editor.losses.direct_property_loss, "30,000.5")
    type_text(qtbot, editor.losses.direct_economic_loss, "1234567.89")
    assert "较大" in editor.grade_badge.text()  # three deaths: graded live, before saving

    activate(qtbot, editor)  # Ctrl+S is a window shortcut: it reaches the window the user is working in
    qtbot.keyClick(editor.losses.direct_economic_loss, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert [box.text() for box in message_boxes] == []
    assert not editor.error_panel.isVisible()
    assert editor.case_id is not None
    assert editor.title_label.text() == "案件 320100-2026-00001"
    assert not editor.windowTitle().endswith("*")
    model = window.model
    assert model.rowCount() == 1
    assert window.count_label.text() == "共 1 起案件"
    assert model.data(model.index(0, COLUMN_OF_KEY[SortKey.CASE_NUMBER])) == "320100-2026-00001"
    assert model.data(model.index(0, COLUMN_OF_KEY[SortKey.ALARM_TIME])) == "2026-03-01 10:05"
    assert model.data(model.index(0, COLUMN_OF_KEY[SortKey.ADDRESS])) == "玄武区中山路1号"
    assert model.data(model.index(0, COLUMN_OF_KEY[SortKey.GRADE])) == "较大"
    assert model.data(model.index(0, COLUMN_OF_KEY[SortKey.LOSS])) == "1,234,567.89"
    assert window.selected_case_id() == editor.case_id == model.data(model.index(0, 0), CaseIdRole)
    stored = cases.get_case(workstation, editor.case_id)
    assert stored.facts.direct_property_loss == Decimal("30000.50")
    assert isinstance(stored.facts.direct_economic_loss, Decimal)
    assert stored.facts.unit_name == "王某某住宅"
    assert stored.facts.district == "玄武区"


def test_save_button_edits_an_existing_case(qtbot, window, db, actor, workstation):
    created = cases.create_case(workstation, make_draft()).value
    window.refresh()
    editor = window.open_case(created.id)
    assert editor.basic.address.text() == "玄武区中山路100号3栋502室"
    assert editor.losses.direct_economic_loss.text() == "32,000.00"
    replace_text(qtbot, editor.basic.unit_name, "李某某住宅")
    assert editor.windowTitle().endswith("*")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    stored = cases.get_case(workstation, created.id)
    assert stored.facts.unit_name == "李某某住宅"
    assert stored.version == created.version + 1
    assert stored.facts.alarm_time == created.facts.alarm_time  # untouched fields keep their values
    assert window.model.data(window.model.index(0, COLUMN_OF_KEY[SortKey.UNIT_NAME])) == "李某某住宅"


def test_the_cause_finding_in_words_is_edited_on_the_cause_page(qtbot, window, workstation):
    created = cases.create_case(workstation, make_draft(cause_finding="")).value
    window.refresh()
    editor = window.open_case(created.id)
    assert editor.cause.cause_finding.toPlainText() == ""
    editor.cause.cause_finding.setPlainText("电动自行车锂电池充电时发生热失控，引燃周围可燃物")
    assert editor.windowTitle().endswith("*")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = cases.get_case(workstation, created.id).facts
    assert stored.cause_finding == "电动自行车锂电池充电时发生热失控，引燃周围可燃物"
    assert (stored.cause_category, stored.cause_detail) == ("电气", "短路")  # the statistics keep their class


@pytest.mark.parametrize(
    ("scenario", "message", "tab"),
    [
        ("extinguished_before_alarm", "扑灭时间不能早于接警时间", 0),
        ("simple_procedure_with_death", "有人员伤亡的火灾不能适用简易调查程序", 0),
        ("negative_loss", "直接财产损失不能为负数", 2),
        ("loss_not_a_number", "直接经济损失“12万”不是有效数字", 2),
    ],
)
def test_invalid_form_shows_the_problem_and_saves_nothing(qtbot, window, db, scenario, message, tab):
    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    field = None
    if scenario == "extinguished_before_alarm":
        editor.basic.extinguished_time.unset_box.setChecked(False)
        replace_text(qtbot, editor.basic.extinguished_time.edit, "2026-03-01 09:00")
        field = editor.basic.extinguished_time.edit
    elif scenario == "simple_procedure_with_death":
        qtbot.mouseClick(editor.basic.simple, Qt.MouseButton.LeftButton)
        replace_text(qtbot, editor.losses.deaths, "1")
        field = editor.basic.procedure
    elif scenario == "negative_loss":
        type_text(qtbot, editor.losses.direct_property_loss, "-5")
        field = editor.losses.direct_property_loss
    else:
        type_text(qtbot, editor.losses.direct_economic_loss, "12万")
        field = editor.losses.direct_economic_loss

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    panel = editor.findChild(type(editor.error_panel), "errorPanel")
    assert panel.isVisible()
    assert message in panel.text()
    assert field.property("invalid") is True
    assert editor.tabs.currentIndex() == tab
    assert editor.case_id is None
    assert count(db) == 0
    assert window.model.rowCount() == 0


def test_correcting_the_error_then_saving_clears_the_panel(qtbot, window, db):
    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    type_text(qtbot, editor.losses.direct_property_loss, "-5")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.error_panel.isVisible()

    replace_text(qtbot, editor.losses.direct_property_loss, "5")
    type_text(qtbot, editor.losses.direct_economic_loss, "5")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.error_panel.isVisible()
    assert editor.losses.direct_property_loss.property("invalid") is False
    assert count(db) == 1


def test_closing_after_an_edit_asks_and_cancel_keeps_the_dialog_open(qtbot, window, db, monkeypatch):
    asked = []

    def answer(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    editor = window.new_case()
    type_text(qtbot, editor.basic.address, "秦淮区")
    editor.close()
    assert asked and "新案件" in asked[0]
    assert editor.isVisible()
    assert editor.basic.address.text() == "秦淮区"

    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc asks too
    assert len(asked) == 2
    assert editor.isVisible()
    assert count(db) == 0


def test_discard_closes_without_saving_and_an_unchanged_editor_closes_without_asking(qtbot, window, db, monkeypatch):
    answers = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answers.append(box) or QMessageBox.StandardButton.Discard)
    editor = window.new_case()
    type_text(qtbot, editor.basic.address, "秦淮区")
    editor.close()
    assert len(answers) == 1
    assert not editor.isVisible()
    assert count(db) == 0

    untouched = window.new_case()
    untouched.close()
    assert len(answers) == 1
    assert not untouched.isVisible()


def test_answering_save_when_closing_saves_then_closes(qtbot, window, db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Save)
    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    editor.close()
    assert not editor.isVisible()
    assert count(db) == 1


def test_concurrent_save_elsewhere_is_reported_and_not_overwritten(qtbot, window, db, actor, monkeypatch, workstation):
    created = cases.create_case(workstation, make_draft()).value
    editor = window.open_case(created.id)
    # another workstation saves first
    cases.update_case(workstation, created.id, created.version, make_draft(unit_name="别人改的"))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)

    replace_text(qtbot, editor.basic.unit_name, "我改的")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert shown and shown[0][0] == "无法保存"
    assert "已被" in shown[0][1] and "其他工作站" in shown[0][1]
    assert cases.get_case(workstation, created.id).facts.unit_name == "别人改的"
    assert editor.isVisible() and editor.basic.unit_name.text() == "我改的"  # the user's typing is not lost


def test_sub_causes_follow_the_cause_category(qtbot, window):
    editor = window.new_case()
    combo = editor.cause.cause_category
    assert combo.currentText() == "待认定"
    assert not editor.cause.cause_detail.isEnabled()
    combo.setCurrentIndex(combo.findData("电气"))
    details = [editor.cause.cause_detail.itemText(i) for i in range(editor.cause.cause_detail.count())]
    assert "短路" in details and "电动自行车电池故障" in details
    combo.setCurrentIndex(combo.findData("吸烟"))
    details = [editor.cause.cause_detail.itemText(i) for i in range(editor.cause.cause_detail.count())]
    assert "短路" not in details and "乱扔烟头" in details


def test_parties_are_added_removed_with_confirmation_and_saved(qtbot, window, db, monkeypatch, workstation):
    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    editor.tabs.setCurrentWidget(editor.parties)
    activate(qtbot, editor)
    page = editor.parties

    def add(name: str, commit: bool = True) -> None:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        type_text(qtbot, QApplication.focusWidget(), name)  # the name cell opens for typing at once
        if commit:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    add("张三")
    add("某某公司")
    page.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 2  # declined: nothing removed
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    add("李四", commit=False)  # still being typed when the user saves
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.error_panel.text() == ""
    stored = cases.get_case(workstation, editor.case_id)
    assert [p.name for p in stored.facts.parties] == ["某某公司", "李四"]


def test_simple_procedure_case_without_casualties_is_accepted(qtbot, window, db, workstation):
    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    qtbot.mouseClick(editor.basic.simple, Qt.MouseButton.LeftButton)
    type_text(qtbot, editor.losses.direct_property_loss, "800")
    type_text(qtbot, editor.losses.direct_economic_loss, "800")
    assert "轻微" in editor.grade_badge.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = cases.get_case(workstation, editor.case_id)
    assert stored.facts.procedure == Procedure.SIMPLE
    assert stored.fire_grade.value == "轻微"


def test_a_voided_case_opens_read_only_with_its_reason(qtbot, window, db, actor, workstation):
    created = cases.create_case(workstation, make_draft()).value
    cases.void_case(workstation, created.id, created.version, "重复登记")
    editor = window.open_case(created.id)
    assert "本案件已作废" in editor.error_panel.text() and "重复登记" in editor.error_panel.text()
    assert not editor.save_button.isEnabled()
    assert not editor.basic.address.isEnabled()


def test_closing_the_main_window_asks_about_an_unsaved_editor(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Cancel)
    editor = window.new_case()
    type_text(qtbot, editor.basic.address, "秦淮区")
    window.close()
    assert asked and window.isVisible() and editor.isVisible()  # cancelled: nothing closes, nothing is lost


def test_an_over_long_address_is_refused_with_its_field_marked_and_nothing_saved(qtbot, window, db):
    """A pasted address longer than its column: refused by the rule, not cut short, not an untranslated database
    error (PostgreSQL), not stored beyond the column (SQLite)."""
    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    replace_text(qtbot, editor.basic.address, "玄武区中山路" + "号" * 300)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.error_panel.isVisible()
    assert "起火地址最多200个字，请删减。" in editor.error_panel.text()
    assert editor.basic.address.property("invalid") is True
    assert len(editor.basic.address.text()) == 306  # what the user pasted is all still there to shorten
    assert count(db) == 0

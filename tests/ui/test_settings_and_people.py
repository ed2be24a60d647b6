"""The settings dialog and the people register, and how their changes reach the case editor and the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from fireinvest.services import people, reference, settings
from fireinvest.services.people import PersonRecord
from fireinvest.ui.registers.people_dialog import PeopleDialog, PersonDialog
from fireinvest.ui.settings.settings_dialog import SettingsDialog
from tests.ui.helpers import answer_next_modal, replace_text, type_text
from tests.ui.test_case_editor import fill_minimal_case


def test_new_agency_code_is_used_by_the_next_case_number(qtbot, window, runner, workstation):
    dialog = SettingsDialog(runner, window)
    qtbot.addWidget(dialog)
    assert dialog.agency_code.text() == "320100"
    replace_text(qtbot, dialog.agency_code, "320115")
    replace_text(qtbot, dialog.agency_name, "江宁区消防救援大队")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.agency_settings(workstation).agency_code == "320115"

    editor = window.new_case()
    fill_minimal_case(qtbot, editor)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.detail.case_number == "320115-2026-00001"


def test_settings_menu_updates_the_window_title(qtbot, window):
    def rename(dialog) -> None:
        replace_text(qtbot, dialog.agency_name, "江宁区消防救援大队")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_next_modal(qtbot, rename)
    window.action_settings.trigger()
    assert window.windowTitle().endswith("— 江宁区消防救援大队")


def test_invalid_settings_are_explained_and_not_saved(qtbot, runner, workstation):
    dialog = SettingsDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    replace_text(qtbot, dialog.agency_code, "32-01")
    replace_text(qtbot, dialog.loss_ceiling, "abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_panel.isVisible()
    assert "不是有效数字" in dialog.error_panel.text()
    replace_text(qtbot, dialog.loss_ceiling, "30000")
    dialog.districts.setPlainText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "机构代码应为2至20位字母或数字" in dialog.error_panel.text()
    assert "辖区列表不能为空" in dialog.error_panel.text()
    assert dialog.agency_code.property("invalid") is True
    assert dialog.isVisible()
    assert settings.agency_settings(workstation).agency_code == "320100"
    assert reference.reference_lists(workstation).districts[0] == "玄武区"


def test_district_list_edits_reach_the_editor_and_the_filter(qtbot, window, runner):
    dialog = SettingsDialog(runner, window)
    qtbot.addWidget(dialog)
    dialog.districts.setFocus()
    dialog.districts.moveCursor(dialog.districts.textCursor().MoveOperation.End)
    type_text(qtbot, dialog.districts, "\n江北新区")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # No refresh by hand: the hub tells the window the settings changed.
    assert window.filter_bar.district_combo.findText("江北新区") > 0
    editor = window.new_case()
    assert editor.basic.district.findData("江北新区") > 0


def test_people_register_add_then_deactivate(qtbot, window, runner, workstation, monkeypatch):
    dialog = PeopleDialog(runner, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0

    def fill(person_dialog) -> None:
        assert isinstance(person_dialog, PersonDialog)
        type_text(qtbot, person_dialog.name, "赵调查")
        type_text(qtbot, person_dialog.title, "火灾调查员")
        person_dialog.save()

    answer_next_modal(qtbot, fill)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "赵调查"
    assert dialog.selected().name == "赵调查"  # the new person is selected

    editor = window.new_case()
    assert editor.basic.lead.findText("赵调查（火灾调查员）") > 0
    editor.close()

    dialog.table.selectRow(0)
    questions = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: questions.append(box.text()) or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert "停用“赵调查”" in questions[0]
    assert dialog.table.item(0, 6).text() == "已停用"
    assert people.people_register(workstation, investigators_only=True) == []
    assert window.new_case().basic.lead.findText("赵调查（火灾调查员）") < 0


def test_person_without_a_name_is_refused_in_the_dialog(qtbot, runner, workstation):
    asked: list[PersonRecord] = []

    def write(record: PersonRecord):
        asked.append(record)
        return lambda ws: people.save_person(ws, record)

    dialog = PersonDialog(runner, PersonRecord(id=None, name=""), write, None)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.error_panel.text() == "请填写姓名。"
    assert dialog.name.property("invalid") is True
    assert asked == []
    assert people.people_register(workstation, include_inactive=True) == []

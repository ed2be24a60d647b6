"""The people register (人员名册): list, add, edit, deactivate and reactivate investigators.

People are never deleted: cases keep referring to who investigated them. A deactivated person stays in the list
(greyed) and is no longer offered when assigning investigators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from fireinvest.services import people
from fireinvest.services.changes import Register
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.people import PersonRecord
from fireinvest.ui.editor.fact_pages import required
from fireinvest.ui.registers.register_dialog import RegisterDialog, Saving
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import mark_invalid
from fireinvest.ui.widgets.form_dialog import FormDialog

_HEADERS = ("姓名", "职务/职称", "单位", "执法证号", "联系电话", "调查人员", "状态")


class PersonDialog(FormDialog):
    """One person's details; OK saves with the work `write(record)` builds, and a refusal stays in the dialog."""

    def __init__(
        self, runner: Runner, record: PersonRecord, write: Callable[[PersonRecord], Saving],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        title = self.tr("新增人员") if record.id is None else self.tr("编辑人员")
        super().__init__(title, parent, runner=runner, width=420)
        self.setObjectName("personDialog")
        self._record, self._write = record, write
        self.name = QLineEdit(record.name, self)
        self.unit = QLineEdit(record.unit, self)
        self.title = QLineEdit(record.title, self)
        self.title.setPlaceholderText(self.tr("例如：火灾调查员、工程师"))
        self.badge_number = QLineEdit(record.badge_number, self)
        self.phone = QLineEdit(record.phone, self)
        self.login_name = QLineEdit(record.login_name, self)
        self.login_name.setObjectName("loginName")
        self.login_name.setPlaceholderText(self.tr("此人登录工作站所用的用户名，用于“我的案件”"))
        self.is_investigator = QCheckBox(self.tr("可担任火灾调查人员"), self)
        self.is_investigator.setChecked(record.is_investigator)
        self.form.addRow(required(self.tr("姓名")), self.name)
        self.add_rows((("单位", self.unit), ("职务/职称", self.title), ("执法证号", self.badge_number),
                       ("联系电话", self.phone), ("工作站登录名", self.login_name)))  # fmt: skip
        self.form.addRow("", self.is_investigator)
        self.finish()

    def record(self) -> PersonRecord:
        return replace(
            self._record,
            name=self.name.text().strip(),
            unit=self.unit.text().strip(),
            title=self.title.text().strip(),
            badge_number=self.badge_number.text().strip(),
            phone=self.phone.text().strip(),
            login_name=self.login_name.text().strip(),
            is_investigator=self.is_investigator.isChecked(),
        )

    def save(self) -> None:
        # The one required field is pointed at at once; the people service refuses a nameless person anyway.
        missing = not self.name.text().strip()
        mark_invalid(self.name, missing)
        if missing:
            self.show_refusal(self.tr("请填写姓名。"))
            self.name.setFocus()
            return
        self.run_write(self._write(self.record()))


class PeopleDialog(RegisterDialog):
    REGISTER = Register.PEOPLE

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(
            runner, parent, name="people", title="人员名册", headers=_HEADERS, add_text="新增人员…",
            stretch=2, width=820, deactivate_title="停用人员",
            deactivate_text="停用“%1”后，新案件不能再选择此人；已有案件中的记录不变。", error_title="无法保存人员",
        )  # fmt: skip

    def list_entries(self, workstation: Workstation) -> list[PersonRecord]:
        return people.people_register(workstation, include_inactive=True)

    def cells(self, entry: PersonRecord) -> tuple[str, ...]:
        investigator = self.tr("是") if entry.is_investigator else self.tr("否")
        return entry.name, entry.title, entry.unit, entry.badge_number, entry.phone, investigator

    def save_entry(self, workstation: Workstation, entry: PersonRecord) -> Outcome[PersonRecord]:
        return people.save_person(workstation, entry)

    def new_entry(self) -> PersonRecord:
        return PersonRecord(id=None, name="")

    def editor(self, entry: PersonRecord) -> PersonDialog:
        return PersonDialog(self.runner, entry, self.saving, self)

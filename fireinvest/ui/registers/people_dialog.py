"""The people register (人员名册): list, add, edit, deactivate and reactivate investigators.

People are never deleted: cases keep referring to who investigated them. A deactivated person stays in the list
(greyed) and is no longer offered when assigning investigators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from fireinvest.db import Database
from fireinvest.errors import FireInvestError, ValidationFailed
from fireinvest.services import people
from fireinvest.services.actor import Actor
from fireinvest.services.people import PersonRecord
from fireinvest.ui.editor.fact_pages import new_form, required
from fireinvest.ui.registers.register_dialog import RegisterDialog
from fireinvest.ui.widgets.fields import INVALID_STYLE, mark_invalid
from fireinvest.ui.widgets.operations import show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_HEADERS = ("姓名", "职务/职称", "单位", "执法证号", "联系电话", "调查人员", "状态")


class PersonDialog(QDialog):
    """Edit one person's details. OK saves through `store`; the dialog stays open while the service refuses."""

    def __init__(
        self, record: PersonRecord, store: Callable[[PersonRecord], PersonRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self._store = store
        self.setWindowTitle(self.tr("新增人员") if record.id is None else self.tr("编辑人员"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(420)
        self._record = record
        self.error_panel = QLabel(self)
        self.error_panel.setObjectName("errorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
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
        form = new_form()
        form.addRow(required(self.tr("姓名")), self.name)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("职务/职称"), self.title)
        form.addRow(self.tr("执法证号"), self.badge_number)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("工作站登录名"), self.login_name)
        form.addRow("", self.is_investigator)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(form)
        layout.addWidget(buttons)

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

    def accept(self) -> None:
        if not self.name.text().strip():
            self.show_error(self.tr("请填写姓名。"))
            return
        try:
            self._store(self.record())
        except ValidationFailed as exc:
            self.show_error("\n".join(e.message for e in exc.errors))
            return
        except FireInvestError as exc:
            show_error(self, exc, self.tr("无法保存人员"))
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error_panel.setText(message)
        self.error_panel.show()
        mark_invalid(self.name, True)
        self.name.setFocus()


class PeopleDialog(RegisterDialog):
    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(
            database, actor, parent, name="people", title="人员名册", headers=_HEADERS, add_text="新增人员…",
            stretch=2, width=820, deactivate_title="停用人员",
            deactivate_text="停用“%1”后，新案件不能再选择此人；已有案件中的记录不变。", error_title="无法保存人员",
        )  # fmt: skip

    def list_entries(self, session: Session) -> list[PersonRecord]:
        return people.list_people(session, include_inactive=True)

    def cells(self, entry: PersonRecord) -> tuple[str, ...]:
        investigator = self.tr("是") if entry.is_investigator else self.tr("否")
        return entry.name, entry.title, entry.unit, entry.badge_number, entry.phone, investigator

    def save_entry(self, session: Session, entry: PersonRecord) -> PersonRecord:
        return people.save_person(session, self._actor, entry)

    def new_entry(self) -> PersonRecord:
        return PersonRecord(id=None, name="")

    def editor(self, entry: PersonRecord) -> PersonDialog:
        return PersonDialog(entry, self.store, self)

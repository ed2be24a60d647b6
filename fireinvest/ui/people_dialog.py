"""The people register (人员名册): list, add, edit, deactivate and reactivate investigators.

People are never deleted: cases keep referring to who investigated them. A deactivated person stays in the list
(greyed) and is no longer offered when assigning investigators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.db import Database
from fireinvest.errors import FireInvestError, ValidationFailed
from fireinvest.services import people
from fireinvest.services.actor import Actor
from fireinvest.services.people import PersonRecord
from fireinvest.ui.case_form_pages import new_form, required
from fireinvest.ui.dialogs import confirm
from fireinvest.ui.editor_widgets import INVALID_STYLE, mark_invalid
from fireinvest.ui.operations import show_error

_INACTIVE = QColor("#8a8a8a")


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


class PeopleDialog(QDialog):
    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleDialog")
        self.setWindowTitle(self.tr("人员名册"))
        self.resize(820, 480)
        self._database = database
        self._actor = actor
        self._records: list[PersonRecord] = []

        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("peopleTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("职务/职称"), self.tr("单位"), self.tr("执法证号"), self.tr("联系电话"),
             self.tr("调查人员"), self.tr("状态")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("新增人员…"), self)
        self.edit_button = QPushButton(self.tr("编辑…"), self)
        self.active_button = QPushButton(self.tr("停用"), self)
        close_button = QPushButton(self.tr("关闭"), self)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button.clicked.connect(self.toggle_active)
        close_button.clicked.connect(self.accept)
        for button in (self.add_button, self.edit_button, self.active_button, close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        with self._database.reading() as session:
            self._records = people.list_people(session, include_inactive=True)
        self.table.setRowCount(len(self._records))
        for row, person in enumerate(self._records):
            values = (
                person.name, person.title, person.unit, person.badge_number, person.phone,
                self.tr("是") if person.is_investigator else self.tr("否"),
                self.tr("在用") if person.active else self.tr("已停用"),
            )  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not person.active:
                    item.setForeground(_INACTIVE)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):  # contents-tight columns look cramped; give them air
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if select_id is not None:
            for row, person in enumerate(self._records):
                if person.id == select_id:
                    self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> PersonRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self._records[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        self.active_button.setEnabled(person is not None)
        self.active_button.setText(self.tr("重新启用") if person is not None and not person.active else self.tr("停用"))

    def _store(self, record: PersonRecord) -> PersonRecord:
        # One small row: saved on the GUI thread, in a few milliseconds, so the dialog can react to the outcome.
        with self._database.unit_of_work() as session:
            stored = people.save_person(session, self._actor, record)
        self.reload(stored.id)
        return stored

    def _edit(self, record: PersonRecord) -> None:
        dialog = PersonDialog(record, self._store, self)
        dialog.exec()
        dialog.deleteLater()

    def add_person(self) -> None:
        self._edit(PersonRecord(id=None, name=""))

    def edit_selected(self) -> None:
        person = self.selected()
        if person is not None:
            self._edit(person)

    def toggle_active(self) -> None:
        person = self.selected()
        if person is None:
            return
        if person.active and not confirm(
            self,
            self.tr("停用人员"),
            self.tr("停用“%1”后，新案件不能再选择此人；已有案件中的记录不变。").replace("%1", person.name),
            self.tr("停用"),
        ):
            return
        try:
            self._store(replace(person, active=not person.active))
        except FireInvestError as exc:
            show_error(self, exc, self.tr("无法保存人员"))

"""The register of experts (专家库): list, add, edit, deactivate and reactivate the experts reviews draw on.

Experts are never deleted: the reviews they sat on keep naming them. A deactivated expert stays in the list (greyed)
and is no longer offered when a review's experts are chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fireinvest.db import Database
from fireinvest.errors import FireInvestError
from fireinvest.services import experts
from fireinvest.services.actor import Actor
from fireinvest.services.experts import ExpertRecord
from fireinvest.ui.dialogs import confirm
from fireinvest.ui.form_dialog import FormDialog
from fireinvest.ui.item_table import Cell, ItemTable
from fireinvest.ui.operations import show_error

_INACTIVE = QColor("#8a8a8a")
_HEADERS = ("姓名", "职称", "工作单位", "专业领域", "联系方式", "状态")


class ExpertDialog(FormDialog):
    """One expert's details; OK saves through `store`, and a refusal (a twin in the register) stays in the dialog."""

    def __init__(
        self, record: ExpertRecord, store: Callable[[ExpertRecord], ExpertRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("新增专家") if record.id is None else self.tr("编辑专家"), parent, width=460)
        self.setObjectName("expertDialog")
        self._record, self._store = record, store
        self.name = QLineEdit(record.name, self)
        self.title = QLineEdit(record.title, self)
        self.title.setPlaceholderText(self.tr("例如：高级工程师、研究员、教授"))
        self.unit = QLineEdit(record.unit, self)
        self.specialty = QLineEdit(record.specialty, self)
        self.specialty.setPlaceholderText(self.tr("例如：电气火灾、火灾动力学"))
        self.contact = QLineEdit(record.contact, self)
        self.add_rows((("姓名", self.name), ("职称", self.title), ("工作单位", self.unit),
                       ("专业领域", self.specialty), ("联系方式", self.contact)))  # fmt: skip
        self.finish()

    def record(self) -> ExpertRecord:
        return replace(self._record, name=self.name.text(), unit=self.unit.text(), specialty=self.specialty.text(),
                       title=self.title.text(), contact=self.contact.text())  # fmt: skip

    def save(self) -> None:
        record = self.record()
        self.run_write(lambda: self._store(record))


class ExpertsDialog(QDialog):
    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expertsDialog")
        self.setWindowTitle(self.tr("专家库"))
        self.resize(900, 480)
        self._database, self._actor = database, actor
        self.records: dict[int, ExpertRecord] = {}

        self.table = ItemTable([self.tr(h) for h in _HEADERS], "expertsTable", self, stretch=2)
        self.table.activatedId.connect(lambda _id: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("新增专家…"), self)
        self.edit_button = QPushButton(self.tr("编辑…"), self)
        self.active_button = QPushButton(self.tr("停用"), self)
        close_button = QPushButton(self.tr("关闭"), self)
        self.add_button.clicked.connect(lambda: self.add_expert())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.active_button.clicked.connect(lambda: self.toggle_active())
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close_button.setAutoDefault(False)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        with self._database.reading() as session:
            found = experts.list_experts(session, include_inactive=True)
        self.records = {e.id: e for e in found if e.id is not None}
        rows = []
        for e in found:
            colour = None if e.active else _INACTIVE
            values = (
                e.name,
                e.title,
                e.unit,
                e.specialty,
                e.contact,
                self.tr("在用") if e.active else self.tr("已停用"),
            )
            rows.append((e.id, [Cell(v, colour) for v in values]))
        self.table.set_rows(rows)
        if select_id is not None:
            self.table.select_id(select_id)
        self._update_buttons()

    def selected(self) -> ExpertRecord | None:
        expert_id = self.table.selected_id()
        return self.records.get(expert_id) if expert_id is not None else None

    def _update_buttons(self) -> None:
        expert = self.selected()
        self.edit_button.setEnabled(expert is not None)
        self.active_button.setEnabled(expert is not None)
        self.active_button.setText(self.tr("重新启用") if expert is not None and not expert.active else self.tr("停用"))

    def _store(self, record: ExpertRecord) -> ExpertRecord:
        # One small row, saved on the GUI thread in milliseconds, so the dialog can show a refusal where it is.
        with self._database.unit_of_work() as session:
            stored = experts.save_expert(session, self._actor, record)
        self.reload(stored.id)
        return stored

    def _edit(self, record: ExpertRecord) -> None:
        dialog = ExpertDialog(record, self._store, self)
        dialog.exec()
        dialog.deleteLater()

    def add_expert(self) -> None:
        self._edit(ExpertRecord(id=None, name=""))

    def edit_selected(self) -> None:
        expert = self.selected()
        if expert is not None:
            self._edit(expert)

    def toggle_active(self) -> None:
        expert = self.selected()
        if expert is None or expert.id is None:
            return
        try:
            if expert.active:
                text = self.tr("停用“%1”后，新的专家论证不能再选择此人；已有论证中的记录不变。").replace(
                    "%1", expert.name
                )
                if not confirm(self, self.tr("停用专家"), text, self.tr("停用")):
                    return
                with self._database.unit_of_work() as session:
                    experts.deactivate_expert(session, self._actor, expert.id, expert.version)
                self.reload(expert.id)
            else:
                self._store(replace(expert, active=True))
        except FireInvestError as exc:
            show_error(self, exc, self.tr("无法保存专家"))
            self.reload(expert.id)

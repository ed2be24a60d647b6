"""The 当事人 tab: the parties of the case as an editable table (name, role, ID number, contact)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.errors import FieldError
from fireinvest.rules.case_facts import CaseDraft, PartyDraft, PartyRole
from fireinvest.ui.widgets.dialogs import confirm

NAME, ROLE, ID_NUMBER, CONTACT = range(4)


class PartiesPage(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("partiesTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("姓名/名称"), self.tr("身份"), self.tr("证件号码"), self.tr("联系方式")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(ID_NUMBER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CONTACT, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(ROLE, 110)
        self.table.setColumnWidth(ID_NUMBER, 200)
        self.table.setColumnWidth(CONTACT, 160)
        self.table.itemChanged.connect(self.changed)

        self.add_button = QPushButton(self.tr("添加当事人"), self)
        self.remove_button = QPushButton(self.tr("删除当事人"), self)
        self.add_button.clicked.connect(self.add_party)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.fields: dict[str, QWidget] = {"parties": self.table}
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _append(self, party: PartyDraft) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(party.name))
        self.table.setItem(row, ID_NUMBER, QTableWidgetItem(party.id_number))
        self.table.setItem(row, CONTACT, QTableWidgetItem(party.contact))
        role = QComboBox(self.table)
        for choice in PartyRole:
            role.addItem(choice.label, choice.value)  # Qt stores the plain string; PartyRole() restores it
        role.setCurrentIndex(max(role.findData(PartyRole(party.role).value), 0))
        role.currentIndexChanged.connect(self.changed)
        self.table.setCellWidget(row, ROLE, role)
        self.table.blockSignals(False)
        return row

    def add_party(self) -> None:
        row = self._append(PartyDraft(""))
        self.table.setCurrentCell(row, NAME)
        name = self.table.item(row, NAME)
        assert name is not None  # _append gives every row its text items
        self.table.editItem(name)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        name = self._text(row, NAME).strip() or self.tr("第%1行").replace("%1", str(row + 1))
        if confirm(self, self.tr("删除当事人"), self.tr("确定删除当事人“%1”吗？").replace("%1", name), self.tr("删除")):
            self.table.removeRow(row)
            self.changed.emit()

    def parties(self) -> list[PartyDraft]:
        result = []
        for row in range(self.table.rowCount()):
            role = self.table.cellWidget(row, ROLE)
            assert isinstance(role, QComboBox)  # _append puts one in every row
            result.append(
                PartyDraft(
                    name=self._text(row, NAME),
                    role=PartyRole(role.currentData()),
                    id_number=self._text(row, ID_NUMBER),
                    contact=self._text(row, CONTACT),
                )
            )
        return result

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def load(self, facts: CaseDraft) -> None:
        self.table.setRowCount(0)
        for party in facts.parties:
            self._append(party)
        self._update_buttons()

    def commit_pending_edit(self) -> None:
        """Keep what is being typed in a cell when the user saves without leaving the cell first."""
        editor = QApplication.focusWidget()
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if editing and editor is not None and self.table.isAncestorOf(editor) and editor is not self.table:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def collect(self, draft: CaseDraft, errors: list[FieldError]) -> None:
        self.commit_pending_edit()
        draft.parties = self.parties()

    def state(self) -> tuple:
        return tuple((p.name, p.role, p.id_number, p.contact) for p in self.parties())

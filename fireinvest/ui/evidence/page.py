"""The 物证 tab of the case editor: the case's evidence items with where each is now, and the actions on them
(register, record a custody event, show and correct the custody history)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.db import Database
from fireinvest.documents.evidence_labels import evidence_labels_pdf
from fireinvest.errors import FireInvestError
from fireinvest.rules.custody import CustodyStep, ItemStatus
from fireinvest.services import evidence
from fireinvest.services.actor import Actor
from fireinvest.services.evidence import CustodyEntry, EvidenceDraft, EvidenceRecord
from fireinvest.ui.evidence.dialogs import CustodyDialog, CustodyHistoryDialog, RegisterEvidenceDialog
from fireinvest.ui.widgets.operations import show_error

_HEADERS = ("物证编号", "名称", "提取时间", "提取人", "状态", "持有人", "位置")


class EvidencePage(QWidget):
    """`caseChanged` fires after a write that may have changed the case itself (laboratory steps reach its
    timeline), so the editor can take the new version."""

    caseChanged = Signal()

    def __init__(self, database: Database, actor: Actor, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database, self._actor, self._zone = database, actor, zone
        self._case_id: int | None = None
        self.records: list[EvidenceRecord] = []
        self.placeholder = QLabel(self.tr("保存案件后即可登记物证。"), self)
        self.table = QTableWidget(0, len(_HEADERS), self)
        self.table.setObjectName("evidenceTable")
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in _HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.show_history())
        self.register_button = QPushButton(self.tr("登记物证…"), self)
        self.custody_button = QPushButton(self.tr("记录流转…"), self)
        self.history_button = QPushButton(self.tr("保管记录…"), self)
        self.labels_button = QPushButton(self.tr("打印标签…"), self)
        self.labels_button.setToolTip(self.tr("生成所选物证（未选时为全部物证）的标签 PDF 并用系统查看器打开以便打印"))
        self.labels_button.clicked.connect(lambda: self.print_labels())
        self.register_button.clicked.connect(self.register)
        self.custody_button.clicked.connect(lambda: self.record_custody())
        self.history_button.clicked.connect(self.show_history)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.labels_button)
        buttons.addStretch(1)
        buttons.addWidget(self.custody_button)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.set_case(None)

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self._case_id = case_id
        self.placeholder.setVisible(case_id is None)
        self.register_button.setEnabled(case_id is not None and editable)
        self.labels_button.setEnabled(case_id is not None)
        self.reload()

    def reload(self) -> None:
        if self._case_id is None:
            self.records = []
        else:
            with self._database.reading() as session:
                self.records = evidence.list_evidence(session, self._case_id)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            state = record.state
            values = (record.evidence_number, record.draft.name, format_local(record.draft.collected_at, self._zone),
                      record.draft.collector, state.status.label, state.holder, state.location)  # fmt: skip
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._update_buttons()

    def selected(self) -> EvidenceRecord | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.records[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        record = self.selected()
        finished = record is not None and record.state.status in (ItemStatus.DESTROYED, ItemStatus.RETURNED)
        self.custody_button.setEnabled(record is not None and not finished)
        self.history_button.setEnabled(record is not None)

    def _write(self, action):
        with self._database.writing() as session:
            return action(session)

    def register(self) -> None:
        if self._case_id is None:
            return
        case_id = self._case_id

        def write(draft: EvidenceDraft) -> EvidenceRecord:
            return self._write(lambda s: evidence.register_evidence(s, self._actor, case_id, draft))

        self._run(RegisterEvidenceDialog(self._zone, write, self._actor.name, self))

    def record_custody(self, corrects: CustodyEntry | None = None) -> None:
        record = self.selected()
        if record is None:
            return

        def write(step: CustodyStep, report: Path | None) -> EvidenceRecord:
            return self._write(lambda s: evidence.record_custody(s, self._actor, record.id, step, report))

        self._run(CustodyDialog(self._zone, record, write, corrects, self))

    def show_history(self) -> None:
        record = self.selected()
        if record is None:
            return
        with self._database.reading() as session:
            history = evidence.custody_history(session, record.id)
        dialog = CustodyHistoryDialog(self._zone, record, history, self)
        correct = QPushButton(self.tr("更正所选记录…"), dialog)
        correct.clicked.connect(lambda: self._correct_from(dialog))
        dialog.layout().addWidget(correct)
        dialog.exec()
        dialog.deleteLater()

    def _correct_from(self, dialog: CustodyHistoryDialog) -> None:
        rows = {index.row() for index in dialog.table.selectedIndexes()}
        if len(rows) == 1:
            dialog.accept()
            self.record_custody(corrects=dialog.entries[rows.pop()])

    def print_labels(self, path: str = "") -> Path | None:
        """Write the labels (of the selected item, or of all) to a PDF the user picks, then open it to print."""
        if self._case_id is None or not self.records:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存物证标签"), self.tr("物证标签.pdf"), "PDF (*.pdf)")
            if not path:
                return None
        chosen = self.selected()
        item_ids = [chosen.id] if chosen else None
        try:
            with self._database.reading() as session:
                evidence_labels_pdf(session, self._case_id, Path(path), item_ids=item_ids, per_page=1 if chosen else 8)
        except FireInvestError as exc:
            show_error(self, exc, self.tr("无法生成标签"))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))  # the system's PDF viewer prints exactly this file
        return Path(path)

    def _run(self, dialog) -> None:
        if dialog.exec():
            self.reload()
            self.caseChanged.emit()
        dialog.deleteLater()

"""The 物证 tab of the case editor: the case's evidence items with where each is now, and the actions on them
(register, record a custody event, show and correct the custody history, print labels).

Every read and write goes through the runner. The tab reads again when the hub says the case's evidence changed;
a laboratory step recorded here also changes the timeline and, with a report file, the attachments, and the use case
says so, so the 程序与期限 and 附件 tabs follow without this tab knowing them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
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
from fireinvest.documents.evidence_labels import evidence_labels_pdf
from fireinvest.rules.custody import CustodyStep, ItemStatus
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.services import evidence
from fireinvest.services.changes import Part
from fireinvest.services.evidence import CustodyEntry, EvidenceRecord
from fireinvest.services.front_door import Workstation
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.evidence.dialogs import CustodyDialog, CustodyHistoryDialog, RegisterEvidenceDialog
from fireinvest.ui.runner import Runner

_HEADERS = ("物证编号", "名称", "提取时间", "提取人", "状态", "持有人", "位置")


class EvidencePage(CaseTab):
    """Lists the case's items; the selected one can be moved along its chain of custody."""

    PARTS = (Part.EVIDENCE,)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._zone = zone
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
        self.placeholder.setVisible(case_id is None)
        self.register_button.setEnabled(case_id is not None and editable)
        self.labels_button.setEnabled(case_id is not None)
        super().set_case(case_id, editable)

    def show_no_case(self) -> None:
        self.show_data([])

    def read(self, workstation: Workstation, case_id: int) -> list[EvidenceRecord]:
        return evidence.list_evidence(workstation, case_id)

    def show_data(self, records: list[EvidenceRecord]) -> None:
        chosen = self.selected()
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            state = record.state
            values = (record.evidence_number, record.draft.name, format_local(record.draft.collected_at, self._zone),
                      record.draft.collector, state.status.label, state.holder, state.location)  # fmt: skip
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        # The item the user was working on stays selected when the list is read again after a change.
        again = next((row for row, r in enumerate(records) if chosen is not None and r.id == chosen.id), None)
        if again is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(again)
        self._update_buttons()

    def select_record(self, kind: str, record_id: int) -> None:
        row = next((n for n, record in enumerate(self.records) if record.id == record_id), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.setFocus()

    def selected(self) -> EvidenceRecord | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        row = rows.pop() if len(rows) == 1 else None
        return self.records[row] if row is not None and row < len(self.records) else None

    def _update_buttons(self) -> None:
        record = self.selected()
        finished = record is not None and record.state.status in (ItemStatus.DESTROYED, ItemStatus.RETURNED)
        self.custody_button.setEnabled(record is not None and not finished)
        self.history_button.setEnabled(record is not None)

    def register(self) -> None:
        """Ask for a collected item and register it; the hub then brings it into the list."""
        if self.case_id is None or not self.editable:
            return
        case_id = self.case_id

        def work(draft: EvidenceDraft):
            return lambda workstation: evidence.register_evidence(workstation, case_id, draft)

        self._run(RegisterEvidenceDialog(self._zone, work, self.runner, self.runner.actor_name, self))

    def record_custody(self, corrects: CustodyEntry | None = None) -> None:
        """Ask for the selected item's next custody event (or the correction of `corrects`) and record it."""
        record = self.selected()
        if record is None:
            return

        def work(step: CustodyStep, report: Path | None):
            return lambda workstation: evidence.record_custody(workstation, record.id, step, report)

        self._run(CustodyDialog(self._zone, record, work, self.runner, corrects, self))

    def show_history(self) -> None:
        """Read the selected item's custody history and show it; a wrong entry can be corrected from there."""
        record = self.selected()
        if record is None:
            return
        self.runner.run(
            lambda workstation: evidence.custody_history(workstation, record.id),
            done=lambda history: self._show_history(record, history),
            owner=self,
            error_title=self.tr("无法读取保管记录"),
        )

    def _show_history(self, record: EvidenceRecord, history: list[CustodyEntry]) -> None:
        dialog = CustodyHistoryDialog(self._zone, record, history, self)
        correct = QPushButton(self.tr("更正所选记录…"), dialog)
        correct.clicked.connect(lambda: self._correct_from(dialog))
        dialog.body.addWidget(correct)
        dialog.exec()
        dialog.deleteLater()

    def _correct_from(self, dialog: CustodyHistoryDialog) -> None:
        rows = {index.row() for index in dialog.table.selectedIndexes()}
        if len(rows) == 1:
            dialog.accept()
            self.record_custody(corrects=dialog.entries[rows.pop()])

    def print_labels(self, path: str = "") -> None:
        """Write the labels (of the selected item, or of all) to a PDF the user picks, then open it to print."""
        if self.case_id is None or not self.records:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存物证标签"), self.tr("物证标签.pdf"), "PDF (*.pdf)")
            if not path:
                return
        case_id, chosen, target = self.case_id, self.selected(), Path(path)
        item_ids = [chosen.id] if chosen else None
        per_page = 1 if chosen else 8
        self.runner.run(
            lambda workstation: evidence_labels_pdf(workstation, case_id, target, item_ids=item_ids, per_page=per_page),
            # The system's PDF viewer prints exactly this file.
            done=lambda _count: QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))),
            owner=self,
            error_title=self.tr("无法生成标签"),
        )

    @staticmethod
    def _run(dialog) -> None:
        dialog.exec()  # what the dialog saved reaches this tab (and any other) through the hub
        dialog.deleteLater()

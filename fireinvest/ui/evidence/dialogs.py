"""Dialogs of the evidence tab: registering an item, recording a custody event (or a correction of one), and the
item's custody history. Every write is a use case of services.evidence run through the runner; its refusals are
shown in the dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local, utc_now
from fireinvest.rules.custody import CustodyKind, CustodyStep
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.services.evidence import CustodyEntry, EvidenceRecord
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import DateTimeField
from fireinvest.ui.widgets.form_dialog import FormDialog

# Kinds a user records by hand after registration (collection comes with registering the item).
RECORDABLE_KINDS = tuple(k for k in CustodyKind if k not in (CustodyKind.COLLECTED, CustodyKind.CORRECTION))

# The use case that saves what a dialog holds, given its values (built by the page, which knows the case or item).
Save = Callable[[Workstation], Outcome[EvidenceRecord]]


class RegisterEvidenceDialog(FormDialog):
    def __init__(
        self, zone, write: Callable[[EvidenceDraft], Save], runner: Runner, collector: str, parent=None
    ) -> None:
        super().__init__(self.tr("登记物证"), parent, runner=runner)
        self.setObjectName("registerEvidenceDialog")
        self._write = write
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("例如：导线熔痕、插座残骸"))
        self.collected_at = DateTimeField(zone, parent=self)
        self.collected_at.set_value(utc_now().replace(second=0, microsecond=0))
        self.collector = QLineEdit(collector, self)
        self.witness = QLineEdit(self)
        self.found_position = QLineEdit(self)
        self.measurements = QLineEdit(self)
        self.measurements.setPlaceholderText(self.tr("方位和尺寸，例如：距东墙1.2米，离地0.4米，长15厘米"))
        self.seal_number = QLineEdit(self)
        self.photo_refs = QLineEdit(self)
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(70)
        for label, widget in (
            ("物证名称", self.name), ("提取时间", self.collected_at), ("提取人", self.collector),
            ("见证人", self.witness), ("提取部位", self.found_position), ("方位与尺寸", self.measurements),
            ("封存编号", self.seal_number), ("照片编号", self.photo_refs), ("特征描述", self.description),
        ):  # fmt: skip
            self.form.addRow(self.tr(label) + "：", widget)
        self.finish()

    def save(self) -> None:
        collected_at = self.collected_at.value()
        if collected_at is None:
            return
        draft = EvidenceDraft(
            self.name.text(), collected_at, self.collector.text(), self.description.toPlainText(),
            self.found_position.text(), self.measurements.text(), self.witness.text(), self.seal_number.text(),
            self.photo_refs.text(),
        )  # fmt: skip
        self.run_write(self._write(draft))


class CustodyDialog(FormDialog):
    """Records the next link of the chain, or (with `corrects`) the right values for a wrong entry."""

    def __init__(
        self,
        zone,
        record: EvidenceRecord,
        write: Callable[[CustodyStep, Path | None], Save],
        runner: Runner,
        corrects: CustodyEntry | None = None,
        parent=None,
    ) -> None:
        title = self.tr("更正保管记录") if corrects else self.tr("记录物证流转")
        super().__init__(title + f" — {record.evidence_number}", parent, runner=runner)
        self.setObjectName("custodyDialog")
        self._write, self._corrects = write, corrects
        self.kind = QComboBox(self)
        self.kind.setObjectName("custodyKind")
        if corrects is None:
            for kind in RECORDABLE_KINDS:
                self.kind.addItem(self.tr(kind.label), kind.value)
        else:
            self.kind.addItem(self.tr("更正“%1”").replace("%1", corrects.step.kind.label), CustodyKind.CORRECTION.value)
        base = corrects.step if corrects else None
        self.time = DateTimeField(zone, parent=self)
        self.time.set_value(base.time if base else utc_now().replace(second=0, microsecond=0))
        self.from_holder = QLineEdit(base.from_holder if base else record.state.holder, self)
        self.to_holder = QLineEdit(base.to_holder if base else "", self)
        self.place = QLineEdit(base.place if base else "", self)
        self.purpose = QLineEdit(base.purpose if base else "", self)
        self.signed_by = QLineEdit(base.signed_by if base else "", self)
        self.note = QLineEdit(self)
        self.report = QLineEdit(self)
        self.report.setObjectName("labReport")
        self.report.setPlaceholderText(self.tr("检验机构出具的报告（PDF、扫描件），随物证一并归档"))
        browse = QPushButton(self.tr("选择…"), self)
        browse.clicked.connect(self._choose_report)
        self._report_row = QWidget(self)
        report_layout = QHBoxLayout(self._report_row)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.report, 1)
        report_layout.addWidget(browse)
        if corrects:
            self.note.setPlaceholderText(self.tr("更正原因（必填）"))
        for label, widget in (
            ("事项", self.kind), ("时间", self.time), ("交出人", self.from_holder), ("接收人/机构", self.to_holder),
            ("地点", self.place), ("用途", self.purpose), ("签名", self.signed_by), ("备注", self.note),
            ("检验报告", self._report_row),
        ):  # fmt: skip
            self.form.addRow(self.tr(label) + "：", widget)
        self.kind.currentIndexChanged.connect(self._show_report_row)
        self._show_report_row()
        self.current = QLabel(
            self.tr("当前：%1，持有人 %2")
            .replace("%1", record.state.status.label)
            .replace("%2", record.state.holder or "—"),
            self,
        )
        self.form.addRow("", self.current)
        self.finish()

    def _show_report_row(self) -> None:
        self.form.setRowVisible(self._report_row, self.kind.currentData() == CustodyKind.REPORT_RECEIVED.value)

    def _choose_report(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择检验报告"))
        if path:
            self.report.setText(path)

    def save(self) -> None:
        time = self.time.value()
        if time is None:
            return
        if self._corrects is not None and not self.note.text().strip():
            self.error_panel.setText(self.tr("请填写更正原因。"))
            self.error_panel.show()
            return
        step = CustodyStep(
            CustodyKind(self.kind.currentData()), time, self.from_holder.text(), self.to_holder.text(),
            self.place.text(), self.purpose.text(), self.signed_by.text(), self.note.text(),
            corrects=self._corrects.id if self._corrects else None,
        )  # fmt: skip
        shown = self.form.isRowVisible(self._report_row)
        report = Path(self.report.text().strip()) if shown and self.report.text().strip() else None
        self.run_write(self._write(step, report))


class CustodyHistoryDialog(QDialog):
    """The whole chain as recorded, corrections included, oldest first; a corrected entry is greyed and says so."""

    def __init__(self, zone, record: EvidenceRecord, history: list[CustodyEntry], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("custodyHistory")
        self.setWindowTitle(
            self.tr("保管记录 — %1 %2").replace("%1", record.evidence_number).replace("%2", record.draft.name)
        )
        self.resize(900, 420)
        headers = ["时间", "事项", "交出人", "接收人/机构", "地点", "用途", "签名", "备注", "录入"]
        self.table = QTableWidget(len(history), len(headers), self)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.entries = history
        for row, entry in enumerate(history):
            s = entry.step
            note = s.note
            if entry.corrected_by is not None:
                note = self.tr("（已被更正）") + note
            values = (format_local(s.time, zone), s.kind.label, s.from_holder, s.to_holder, s.place, s.purpose,
                      s.signed_by, note, f"{entry.recorded_by} {format_local(entry.recorded_at, zone)}")  # fmt: skip
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if entry.corrected_by is not None:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, cell)
        summary = QLabel(
            self.tr("当前状态：%1　　持有人：%2　　位置：%3")
            .replace("%1", record.state.status.label)
            .replace("%2", record.state.holder or "—")
            .replace("%3", record.state.location or "—"),
            self,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)  # the tab adds its own buttons below
        self.body.addWidget(summary)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(buttons)

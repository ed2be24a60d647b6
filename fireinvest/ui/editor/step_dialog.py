"""Recording one procedure step (开始调查, 认定前说明, 作出认定, 送达, 复核 …) on a case's timeline.

The dialog asks only for what the chosen step needs (the service method for a service, the applicant for a
review, who approved an extension …). The rules are checked by services.workflow.record_step; when it refuses,
its reasons are shown in the dialog and nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import utc_now
from fireinvest.errors import FireInvestError, ValidationFailed
from fireinvest.rules.workflow import EventType, RefusalGround, ReviewOutcome, ServiceMethod
from fireinvest.services import cases, workflow
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.workflow import CaseTimeline
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import INVALID_STYLE, DateTimeField

# Steps a user records by hand, in procedural order (registration comes with the case).
RECORDABLE_STEPS = tuple(t for t in EventType if t != EventType.REGISTERED)
_OUTCOME_LABELS = {ReviewOutcome.UPHELD: "维持原认定", ReviewOutcome.REDETERMINE: "责令重新认定"}


class StepDialog(QDialog):
    """Asks for one step and records it; `timeline` holds the case's new timeline after it was accepted. The
    performer is prefilled with `performer` (the acting person's name in the people register)."""

    def __init__(
        self,
        runner: Runner,
        case_id: int,
        zone,
        party_names: list[str],
        cause_names: list[str],
        performer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stepDialog")
        self.setWindowTitle(self.tr("记录程序步骤"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(520)
        self._runner, self._case_id = runner, case_id
        self.timeline: CaseTimeline | None = None

        self.error_panel = QLabel(self)
        self.error_panel.setObjectName("errorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()

        self.step = QComboBox(self)
        self.step.setObjectName("stepType")
        for step in RECORDABLE_STEPS:
            self.step.addItem(self.tr(step.label), step)
        self.when = DateTimeField(zone, parent=self)
        self.when.set_value(utc_now().replace(second=0, microsecond=0))
        self.performed_by = QLineEdit(performer, self)  # the acting person, by the register's name
        self.method = QComboBox(self)
        for method in ServiceMethod:
            self.method.addItem(self.tr(method.label), method.value)
        self.applicant = QComboBox(self)
        self.applicant.addItems(party_names)
        self.outcome = QComboBox(self)
        for outcome, label in _OUTCOME_LABELS.items():
            self.outcome.addItem(self.tr(label), outcome.value)
        self.ground = QComboBox(self)
        self.ground.setObjectName("refusalGround")
        for ground in RefusalGround:
            self.ground.addItem(self.tr(f"（{ground.number}）{ground.label}"), ground.value)
        self.approved_by = QLineEdit(self)
        self.approved_by.setPlaceholderText(self.tr("例如：省消防救援总队（批准文号）"))
        self.item = QLineEdit(self)
        self.item.setPlaceholderText(self.tr("送检物证的名称或编号"))
        self.excluded = QListWidget(self)
        self.excluded.setObjectName("excludedCauses")
        self.excluded.setMaximumHeight(120)
        self.excluded.setToolTip(self.tr("起火原因无法查明时，勾选证据已排除的原因（认定书须列明）"))
        for name in cause_names:
            entry = QListWidgetItem(name, self.excluded)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
        self.note = QLineEdit(self)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.addRow(self.tr("步骤："), self.step)
        self.form.addRow(self.tr("时间："), self.when)
        self.form.addRow(self.tr("承办人："), self.performed_by)
        self._detail_rows: dict[str, QWidget] = {
            "method": self.method,
            "applicant": self.applicant,
            "outcome": self.outcome,
            "ground": self.ground,
            "approved_by": self.approved_by,
            "item": self.item,
            "excluded_causes": self.excluded,
        }
        labels = {"method": "送达方式：", "applicant": "申请人：", "outcome": "复核结论：", "ground": "不予受理情形：",
                  "approved_by": "批准机构：", "item": "送检物证：", "excluded_causes": "排除的原因："}  # fmt: skip
        for key, widget in self._detail_rows.items():
            self.form.addRow(self.tr(labels[key]), widget)
        self.form.addRow(self.tr("说明："), self.note)

        buttons = QDialogButtonBox(self)
        self.record_button = buttons.addButton(self.tr("记录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordStep")
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.step.currentIndexChanged.connect(self._show_detail_rows)
        self._show_detail_rows()

    def chosen_step(self) -> EventType:
        return EventType(self.step.currentData())  # Qt hands enum members back as plain strings

    def _needed(self) -> set[str]:
        return {
            EventType.SERVED: {"method"},
            EventType.REVIEW_APPLIED: {"applicant"},
            EventType.REVIEW_CONCLUDED: {"outcome"},
            EventType.REVIEW_REFUSED: {"ground"},
            EventType.EXTENSION_APPROVED: {"approved_by"},
            EventType.LAB_SENT: {"item"},
            EventType.LAB_RETURNED: {"item"},
            EventType.DETERMINED: {"excluded_causes"},
            EventType.REDETERMINED: {"excluded_causes"},
        }.get(self.chosen_step(), set())

    def _show_detail_rows(self) -> None:
        needed = self._needed()
        for key, widget in self._detail_rows.items():
            self.form.setRowVisible(widget, key in needed)
        self.adjustSize()

    def details(self) -> dict[str, Any]:
        needed = self._needed()
        values: dict[str, Any] = {"note": self.note.text().strip()}
        if "method" in needed:
            values["method"] = self.method.currentData()
        if "applicant" in needed:
            values["applicant"] = self.applicant.currentText()
        if "outcome" in needed:
            values["outcome"] = self.outcome.currentData()
        if "ground" in needed:
            values["ground"] = self.ground.currentData()
        if "approved_by" in needed:
            values["approved_by"] = self.approved_by.text().strip()
        if "item" in needed:
            values["item"] = self.item.text().strip()
        if "excluded_causes" in needed:
            values["excluded_causes"] = [
                self.excluded.item(i).text()
                for i in range(self.excluded.count())
                if self.excluded.item(i).checkState() == Qt.CheckState.Checked
            ]
        return values

    def record(self) -> None:
        when = self.when.value()
        if when is None:
            return
        case_id = self._case_id
        step, details, performer = self.chosen_step(), self.details(), self.performed_by.text()

        def work(workstation: Workstation) -> Outcome[CaseTimeline]:
            # The step is recorded on the case as it is now: a step is never "based on" an older version.
            version = cases.get_case(workstation, case_id).version
            return workflow.record_step(workstation, case_id, version, step, when, details, performer)

        def refused(exc: FireInvestError) -> bool:
            if isinstance(exc, ValidationFailed):
                self.error_panel.setText(exc.message)
                self.error_panel.show()
                return True
            return False

        self.record_button.setEnabled(False)
        self._runner.run(work, done=self._recorded, refused=refused, owner=self, error_title=self.tr("无法记录"),
                         finished=lambda: self.record_button.setEnabled(True))  # fmt: skip

    def _recorded(self, timeline: CaseTimeline) -> None:
        self.timeline = timeline
        self.accept()

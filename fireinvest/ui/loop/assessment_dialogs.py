"""Dialogs of the rectification assessment (整改评估) on the 闭环管理 tab: the assessment itself (team, on-site
check, findings), a verdict on one measure, the referral of a measure not carried out back to accountability
(移交追责), and closing the loop by issuing the report - refused, with every missing item listed, until all is in
place. Writes are use cases of services/loop/assessment.py run through the runner (the page hands in `write`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from fireinvest.rules.closed_loop import REFERRAL_LEGAL_BASIS, AccountabilityMeasure, Verdict
from fireinvest.rules.loop_items import AssessmentDraft
from fireinvest.services.loop.case_loop import AssessmentRecord, MeasureRecord
from fireinvest.ui.loop.item_dialogs import EnumCombo, LoopItemDialog, Write, date_field, text_box
from fireinvest.ui.runner import Runner


def _measure_label(measure: MeasureRecord, parent: QWidget) -> QLabel:
    label = QLabel(f"{measure.draft.description}（{measure.draft.owner}，期限 {measure.draft.deadline.isoformat()}）",
                   parent)  # fmt: skip
    label.setWordWrap(True)
    return label


class AssessmentDialog(LoopItemDialog):
    """The assessment as the team records it; the report is issued with 完成闭环."""

    def __init__(self, runner: Runner, write: Write, record: AssessmentRecord | None, window_text: str, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(runner, self.tr("整改评估"), write, read_only, parent, window_text)
        self.setObjectName("assessmentDialog")
        d = record.draft if record else AssessmentDraft()
        self.team = text_box(self, d.team, 52, self.tr("评估组成员及其单位，例如：张明（支队）、王某（住建局）"))
        self.visited_on = date_field(self, d.visited_on)
        self.findings = text_box(self, d.findings, 120, self.tr("现场核查、走访询问所见，逐项评估整改措施落实情况"))
        self.add_rows((("评估组成员", self.team), ("现场核查日期", self.visited_on), ("评估情况", self.findings)))
        self.finish()

    def draft(self) -> AssessmentDraft:
        return AssessmentDraft(self.team.toPlainText(), self.visited_on.value(), self.findings.toPlainText())


class VerdictDialog(LoopItemDialog):
    """The assessment's verdict on one measure: carried out, partly, not (or withdrawn)."""

    def __init__(self, runner: Runner, write: Write, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("评估结论"), write, False, parent)
        self.setObjectName("verdictDialog")
        self.verdict = EnumCombo(Verdict, self, none_text=self.tr("（尚无结论）"))
        self.verdict.set_value(measure.verdict)  # no default: a verdict is a finding, never a click-through
        self.verdict_note = text_box(self, measure.verdict_note, 64, self.tr("核查所见，例如：线路已更换，验收合格"))
        self.add_rows((("整改措施", _measure_label(measure, self)), ("评估结论", self.verdict),
                       ("说明", self.verdict_note)))  # fmt: skip
        self.finish()

    def draft(self) -> tuple[Verdict | None, str]:
        return self.verdict.value(), self.verdict_note.toPlainText()


class ReferBackDialog(LoopItemDialog):
    """Refer a measure found partly or not carried out back to accountability (a new entry against its owner)."""

    def __init__(self, runner: Runner, write: Write, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        verdict = measure.verdict.label if measure.verdict else ""
        note = self.tr("评估结论为“%1”的整改措施将移交责任追究：在“责任追究”中新增一条针对“%2”的记录。")
        super().__init__(runner, self.tr("移交追责"), write, False, parent,
                         note.replace("%1", verdict).replace("%2", measure.draft.owner))  # fmt: skip
        self.setObjectName("referBackDialog")
        self.measure = EnumCombo(AccountabilityMeasure, self)
        self.measure.set_value(AccountabilityMeasure.DISCIPLINE_REFERRAL)
        self.deciding_body = QLineEdit(self)
        self.deciding_body.setPlaceholderText(self.tr("例如：玄武区纪委监委"))
        self.legal_basis = QLineEdit(REFERRAL_LEGAL_BASIS, self)
        self.add_rows((("整改措施", _measure_label(measure, self)), ("追责措施", self.measure),
                       ("处理机关", self.deciding_body), ("违反的法律条款", self.legal_basis)))  # fmt: skip
        self.finish()

    def draft(self) -> tuple[AccountabilityMeasure, str, str]:
        return self.measure.value(), self.deciding_body.text(), self.legal_basis.text()


class CloseLoopDialog(LoopItemDialog):
    """Issue the assessment report and so close the loop; the service names every missing item if it may not."""

    def __init__(self, runner: Runner, write: Write, today: dt.date, parent: QWidget | None = None) -> None:
        note = self.tr("印发整改评估报告即完成本案闭环；此后责任追究、防范建议、整改措施和评估内容都不能再修改。")
        super().__init__(runner, self.tr("印发评估报告，完成闭环"), write, False, parent, note)
        self.setObjectName("closeLoopDialog")
        self.ok_button.setText(self.tr("完成闭环"))
        self.report_number = QLineEdit(self)
        self.report_number.setPlaceholderText(self.tr("留空：使用本案“文书”中已出具的整改评估报告文号"))
        self.filed_on = date_field(self, today, None)
        self.add_rows((("评估报告文号", self.report_number), ("报告印发日期", self.filed_on)))
        self.finish()

    def draft(self) -> tuple[str, dt.date | None]:
        return self.report_number.text(), self.filed_on.value()

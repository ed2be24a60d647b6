"""What the top of the 闭环管理 tab shows about a case's loop at a glance: the four stages (责任追究 → 事故防范 →
措施改进 → 整改评估) with the one reached highlighted, why the case needs a loop, the assessment window, and plainly
what is still missing before the loop may close. Also the read-only panel of the rectification assessment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fireinvest.rules.closed_loop import LoopStage
from fireinvest.services.loop.case_loop import CaseLoop
from fireinvest.ui.attachments.picker import attachment_text
from fireinvest.ui.widgets.deadline_style import days_left_text

STAGES = (LoopStage.ACCOUNTABILITY, LoopStage.PREVENTION, LoopStage.MEASURES, LoopStage.ASSESSMENT)
_PILL = "padding: 4px 12px; border-radius: 11px; border: 1px solid %s; background: %s; color: %s;%s"
STAGE_CURRENT = _PILL % ("#1565c0", "#1976d2", "white", " font-weight: bold;")
STAGE_DONE = _PILL % ("#81c784", "#edf7ed", "#1e4620", "")
STAGE_EMPTY = _PILL % ("#bdbdbd", "transparent", "#757575", "")
STAGE_CLOSED = _PILL % ("#2e7d32", "#2e7d32", "white", " font-weight: bold;")
MISSING_STYLE = "padding: 6px 10px; border-radius: 3px; border: 1px solid #e8c88a; background: #fff4e0; color: #6b4a00;"
CLOSED_STYLE = "padding: 6px 10px; border-radius: 3px; border: 1px solid #a5d6a7; background: #edf7ed; color: #1e4620;"


def stage_counts(loop: CaseLoop) -> dict[LoopStage, str]:
    """What each stage holds, in words: 2项 / 3项（未完成1项）/ 已记录."""
    open_measures = sum(m.is_open for m in loop.measures)
    assessment = "未开始"
    if loop.assessment is not None:
        assessment = "报告已印发" if loop.assessment.report_filed_on else "进行中"
    measures = f"{len(loop.measures)}项" + (f"（未完成{open_measures}项）" if open_measures else "")
    return {LoopStage.ACCOUNTABILITY: f"{len(loop.accountability)}项",
            LoopStage.PREVENTION: f"{len(loop.recommendations)}项", LoopStage.MEASURES: measures,
            LoopStage.ASSESSMENT: assessment}  # fmt: skip


class LoopOverview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loopOverview")
        self.stage_labels: dict[LoopStage, QLabel] = {}
        bar = QHBoxLayout()
        bar.setSpacing(6)
        for number, stage in enumerate(STAGES):
            if number:
                bar.addWidget(QLabel("→", self))
            label = QLabel(self)
            label.setObjectName(f"stage_{stage.value}")
            self.stage_labels[stage] = label
            bar.addWidget(label)
        self.closed_badge = QLabel(self.tr("✓ 已闭环"), self)
        self.closed_badge.setObjectName("loopClosedBadge")
        self.closed_badge.setStyleSheet(STAGE_CLOSED)
        bar.addSpacing(8)
        bar.addWidget(self.closed_badge)
        bar.addStretch(1)
        self.bar = bar
        self.summary = QLabel(self)
        self.summary.setObjectName("loopSummary")
        self.summary.setWordWrap(True)
        self.missing = QLabel(self)
        self.missing.setObjectName("loopMissing")
        self.missing.setWordWrap(True)
        self.missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.missing)

    def show_loop(self, loop: CaseLoop) -> None:
        counts = stage_counts(loop)
        closed = loop.stage == LoopStage.CLOSED
        for stage, label in self.stage_labels.items():
            label.setText(f"{stage.label}  {counts[stage]}")
            has_items = counts[stage] not in ("0项", "未开始")
            style = STAGE_CURRENT if stage == loop.stage else STAGE_DONE if has_items or closed else STAGE_EMPTY
            label.setStyleSheet(style)
            label.setProperty("current", stage == loop.stage)
        self.closed_badge.setVisible(closed)
        self.summary.setText(self._summary(loop))
        if loop.read_only_reason:
            self.missing.setText(loop.read_only_reason)
            self.missing.setStyleSheet(CLOSED_STYLE)
        else:
            lines = "\n".join(f"• {item}" for item in loop.missing)
            self.missing.setText(self.tr("闭环尚缺以下各项：") + "\n" + lines)
            self.missing.setStyleSheet(MISSING_STYLE)

    def _summary(self, loop: CaseLoop) -> str:
        if loop.required_reasons:
            parts = [self.tr("本案须闭环管理（%1）。").replace("%1", "，".join(loop.required_reasons))]
        else:
            parts = [self.tr("按规则本案无须闭环管理，如有需要仍可记录。")]
        parts.append(self.tr("当前阶段：%1。").replace("%1", loop.stage.label))
        if loop.window is not None:
            window = self.tr("结案日期 %1，整改评估期 %2 至 %3").replace("%1", str(loop.closed_on))
            parts.append(window.replace("%2", loop.window.opens.isoformat()).replace("%3", loop.window.due.isoformat()))
            if loop.stage != LoopStage.CLOSED:  # how long is left for the report, or how late it is
                parts.append(f"（{days_left_text(loop.window.due, loop.today)}）")
            parts.append("。")
        else:
            parts.append(self.tr("案件尚未结案；整改评估在结案后进行。"))
        return "".join(parts)


class AssessmentPanel(QWidget):
    """The rectification assessment as recorded: window, team, visit, findings, report and its files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, title in (("window", "评估期"), ("team", "评估组成员"), ("visited_on", "现场核查日期"),
                           ("findings", "评估情况"), ("report", "评估报告"), ("files", "报告及材料"),
                           ("updated", "最后修改")):  # fmt: skip
            value = QLabel(self)
            value.setObjectName(f"assessment_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(self.tr(title) + "：", value)

    def show_loop(self, loop: CaseLoop, updated: str = "") -> None:
        none = self.tr("（未填写）")
        if loop.window is not None:
            window = loop.window.basis
        else:
            window = self.tr("案件尚未结案，结案后才能开展整改评估。")
        self.values["window"].setText(window)
        a = loop.assessment
        self.values["team"].setText(a.draft.team if a and a.draft.team else none)
        self.values["visited_on"].setText(a.draft.visited_on.isoformat() if a and a.draft.visited_on else none)
        self.values["findings"].setText(a.draft.findings if a and a.draft.findings else none)
        if a and a.report_filed_on:
            self.values["report"].setText(self.tr("%1，%2 印发").replace("%1", a.report_number)
                                          .replace("%2", a.report_filed_on.isoformat()))  # fmt: skip
        else:
            self.values["report"].setText(self.tr("尚未印发（印发即完成闭环）"))
        files = "\n".join(attachment_text(f) for f in a.attachments) if a else ""
        self.values["files"].setText(files or none)
        self.values["updated"].setText(updated)

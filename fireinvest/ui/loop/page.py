"""The 闭环管理 tab of the case editor: a case's closed loop stage by stage (DOMAIN.md section 7).

At the top, the four stages with the one reached highlighted and what is still missing; below, one section per
stage: accountability entries, prevention recommendations (with 类似案例 for a case evaluation), corrective
measures (deadline coloured when due or late, verdict, evidence, 移交追责), and the rectification assessment with
完成闭环, which the service refuses with every missing item named until all is in place. A closed loop is
read-only. The tab reads the loop through the `case_loop` use case and reads it again whenever the hub says the
case's loop, timeline (closing the case opens the assessment) or attachments (evidence files) changed; a write
never reloads by hand. `openCase(id)` asks the main window to open another case (from the similar cases)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from fireinvest.clock import format_local
from fireinvest.rules.closed_loop import REFERRABLE_VERDICTS, short_text
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from fireinvest.services.loop import assessment as loop_assessment
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from fireinvest.services.loop.case_loop import CaseLoop, MeasureRecord
from fireinvest.ui.attachments.picker import pick_attachments
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.loop.assessment_dialogs import AssessmentDialog, CloseLoopDialog, ReferBackDialog, VerdictDialog
from fireinvest.ui.loop.item_dialogs import AccountabilityDialog, MeasureDialog, RecommendationDialog
from fireinvest.ui.loop.overview import AssessmentPanel, LoopOverview
from fireinvest.ui.loop.rows import (
    ACCOUNTABILITY_HEADERS,
    MEASURE_HEADERS,
    RECOMMENDATION_HEADERS,
    accountability_cells,
    measure_cells,
    recommendation_cells,
)
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import ItemTable

Work = Callable[[Workstation], Any]  # a use case to run through the runner


class _Section(QWidget):
    """One stage's list with its buttons underneath."""

    def __init__(self, headers: Sequence[str], name: str, stretch: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.table = ItemTable([self.tr(h) for h in headers], name, self, stretch=stretch)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)

    def button(self, text: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
        button = QPushButton(self.tr(text), self)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button


class LoopPage(CaseTab):
    """Shows a saved case's loop stage by stage and changes it through the loop's use cases."""

    PARTS = (Part.LOOP, Part.TIMELINE, Part.ATTACHMENTS)
    openCase = Signal(int)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._zone = zone
        self.loop: CaseLoop | None = None
        self.placeholder = QLabel(self.tr("保存案件后即可进行闭环管理。"), self)
        self.overview = LoopOverview(self)
        self.similar_button = QPushButton(self.tr("类似案例…"), self)
        self.similar_button.setToolTip(self.tr("起火原因和场所类型相同的既往案例及其防范建议（案例评析）"))
        self.similar_button.clicked.connect(lambda: self.show_similar_cases())
        self.overview.bar.addWidget(self.similar_button)

        self.accountability = _Section(ACCOUNTABILITY_HEADERS, "accountabilityTable", 3, self)
        self.accountability.table.activatedId.connect(lambda _id: self.edit_accountability())
        self.new_accountability_button = self.accountability.button("新增…", self.new_accountability)
        self.accountability.button("编辑…", self.edit_accountability)
        self.delete_accountability_button = self.accountability.button("删除", self.delete_accountability)
        self.accountability.buttons.addStretch(1)

        self.recommendations = _Section(RECOMMENDATION_HEADERS, "recommendationsTable", 2, self)
        self.recommendations.table.activatedId.connect(lambda _id: self.edit_recommendation())
        self.new_recommendation_button = self.recommendations.button("新增…", self.new_recommendation)
        self.recommendations.button("编辑…", self.edit_recommendation)
        self.delete_recommendation_button = self.recommendations.button("删除", self.delete_recommendation)
        self.recommendations.buttons.addStretch(1)

        self.measures = _Section(MEASURE_HEADERS, "measuresTable", 0, self)
        self.measures.table.activatedId.connect(lambda _id: self.edit_measure())
        self.measures.table.itemSelectionChanged.connect(self._update_buttons)
        self.new_measure_button = self.measures.button("新增…", self.new_measure)
        self.measures.button("编辑…", self.edit_measure)
        self.delete_measure_button = self.measures.button("删除", self.delete_measure)
        self.measures.buttons.addStretch(1)
        self.evidence_button = self.measures.button(
            "完成证明…", self.choose_evidence, "从本案附件中选择证明措施已完成的文件"
        )
        self.verdict_button = self.measures.button("评估结论…", self.give_verdict)
        self.refer_button = self.measures.button("移交追责…", self.refer_back, "将未落实或部分落实的措施移交责任追究")

        self.assessment = QWidget(self)
        self.assessment_panel = AssessmentPanel(self.assessment)
        assessment_buttons = QHBoxLayout()
        self.assessment_button = QPushButton(self.tr("编辑整改评估…"), self.assessment)
        self.report_files_button = QPushButton(self.tr("报告及材料…"), self.assessment)
        self.close_button = QPushButton(self.tr("印发报告，完成闭环…"), self.assessment)
        self.close_button.setObjectName("closeLoopButton")
        for button, slot in (
            (self.assessment_button, self.edit_assessment),
            (self.report_files_button, self.choose_report_files),
            (self.close_button, self.close_loop),
        ):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())  # fmt: skip
            assessment_buttons.addWidget(button)
        assessment_buttons.addStretch(1)
        inner = QVBoxLayout(self.assessment)
        inner.addWidget(self.assessment_panel)
        inner.addStretch(1)
        inner.addLayout(assessment_buttons)

        self.sections = QTabWidget(self)
        self.sections.setObjectName("loopSections")
        for widget in (self.accountability, self.recommendations, self.measures, self.assessment):
            self.sections.addTab(widget, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.overview)
        layout.addWidget(self.sections, 1)
        self.set_case(None)

    # -- reading --------------------------------------------------------------------------------------------

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self.placeholder.setVisible(case_id is None)
        self.overview.setVisible(case_id is not None)
        self.sections.setVisible(case_id is not None)
        super().set_case(case_id, editable)

    def show_no_case(self) -> None:
        self.loop = None
        self._update_buttons()

    def read(self, workstation: Workstation, case_id: int) -> CaseLoop:
        return closed_loop.case_loop(workstation, case_id)

    def show_data(self, loop: CaseLoop) -> None:
        self.loop = loop
        self.overview.show_loop(loop)
        self.accountability.table.set_rows([(e.id, accountability_cells(e)) for e in loop.accountability])
        self.recommendations.table.set_rows([(r.id, recommendation_cells(r, loop)) for r in loop.recommendations])
        self.measures.table.set_rows([(m.id, measure_cells(m, loop.today)) for m in loop.measures])
        updated = ""
        if loop.assessment is not None:
            updated = f"{format_local(loop.assessment.updated_at, self._zone)} {loop.assessment.updated_by}"
        self.assessment_panel.show_loop(loop, updated)
        titles = (self.tr("责任追究（%1）").replace("%1", str(len(loop.accountability))),
                  self.tr("事故防范（%1）").replace("%1", str(len(loop.recommendations))),
                  self.tr("措施改进（%1）").replace("%1", str(len(loop.measures))), self.tr("整改评估"))  # fmt: skip
        for index, title in enumerate(titles):
            self.sections.setTabText(index, title)
        self._update_buttons()

    def _writable(self) -> bool:
        return self.loop is not None and self.editable and self.loop.read_only_reason is None

    def _writable_loop(self) -> CaseLoop | None:
        """The loop shown, when it may be changed."""
        return self.loop if self._writable() else None

    def select_record(self, kind: str, record_id: int) -> None:
        """Turn to the section of the item (an accountability entry, a recommendation, a measure, the assessment)
        and select it."""
        sections = {"accountability": self.accountability, "recommendation": self.recommendations,
                    "measure": self.measures}  # fmt: skip
        section = sections.get(kind)
        if section is None:
            self.sections.setCurrentIndex(self.sections.count() - 1)  # the assessment
            return
        self.sections.setCurrentWidget(section)
        section.table.select_id(record_id)

    def selected_measure(self) -> MeasureRecord | None:
        found = self.measures.table.selected_id()
        return next((m for m in self.loop.measures if m.id == found), None) if self.loop else None

    def _update_buttons(self) -> None:
        writable = self._writable()
        loop = self.loop
        for button in (self.new_accountability_button, self.delete_accountability_button,
                       self.new_recommendation_button, self.delete_recommendation_button, self.new_measure_button,
                       self.delete_measure_button):  # fmt: skip
            button.setEnabled(writable)
        measure = self.selected_measure()
        self.evidence_button.setEnabled(measure is not None and self.editable)
        problem = loop.verdict_problem if loop else None
        self.verdict_button.setEnabled(writable and measure is not None and problem is None)
        self.verdict_button.setToolTip(problem or self.tr("整改评估对所选措施的结论：已落实、部分落实、未落实"))
        referrable = (
            measure is not None and measure.verdict in REFERRABLE_VERDICTS and measure.referred_entry_id is None
        )
        self.refer_button.setEnabled(writable and referrable)
        closed_case = loop is not None and loop.closed_on is not None
        self.assessment_button.setEnabled(writable and closed_case)
        self.assessment_button.setToolTip("" if closed_case else self.tr("案件结案后才能开展整改评估。"))
        self.report_files_button.setEnabled(self.editable and loop is not None and loop.assessment is not None)
        self.close_button.setEnabled(writable)
        self.similar_button.setEnabled(loop is not None)

    # -- writing: each change is a use case; the hub then refreshes this tab and whatever else shows the loop ---

    def _run(self, dialog) -> None:
        dialog.exec()
        dialog.deleteLater()

    def _delete(self, what: str, name: str, work: Work) -> None:
        text = self.tr("确定删除%1“%2”吗？删除后不能恢复。").replace("%1", what).replace("%2", short_text(name, 30))
        if confirm(self, self.tr("删除%1").replace("%1", what), text, self.tr("删除")):
            self.runner.run(work, owner=self, error_title=self.tr("无法删除"))

    def _selected(self, section: _Section, items: Sequence) -> Any:
        found = section.table.selected_id()
        return next((item for item in items if item.id == found), None)

    def new_accountability(self) -> None:
        loop = self._writable_loop()
        if loop is not None:
            case_id = loop.case_id
            self._run(AccountabilityDialog(
                self.runner, lambda draft: lambda ws: loop_items.create_accountability(ws, case_id, draft),
                parent=self))  # fmt: skip

    def edit_accountability(self) -> None:
        loop = self.loop
        entry = self._selected(self.accountability, loop.accountability) if loop else None
        if loop is None or entry is None:
            return
        note = ""
        if entry.referred_measure_id is not None:
            measure = next((m for m in loop.measures if m.id == entry.referred_measure_id), None)
            note = self.tr("由整改评估移交：措施“%1”。").replace("%1", measure.title if measure else "")
        self._run(AccountabilityDialog(
            self.runner, lambda draft: lambda ws: loop_items.update_accountability(ws, entry.id, entry.version, draft),
            entry, read_only=not self._writable(), note=note, parent=self))  # fmt: skip

    def delete_accountability(self) -> None:
        entry = self._selected(self.accountability, self.loop.accountability if self.loop else ())
        if entry is not None and self._writable():
            self._delete(self.tr("责任追究记录"), entry.draft.party,
                         lambda ws: loop_items.delete_accountability(ws, entry.id, entry.version))  # fmt: skip

    def new_recommendation(self) -> None:
        loop = self._writable_loop()
        if loop is not None:
            case_id = loop.case_id
            self._run(RecommendationDialog(
                self.runner, lambda draft: lambda ws: loop_items.create_recommendation(ws, case_id, draft),
                parent=self))  # fmt: skip

    def edit_recommendation(self) -> None:
        advice = self._selected(self.recommendations, self.loop.recommendations if self.loop else ())
        if advice is None:
            return
        self._run(RecommendationDialog(
            self.runner,
            lambda draft: lambda ws: loop_items.update_recommendation(ws, advice.id, advice.version, draft),
            advice, read_only=not self._writable(), parent=self))  # fmt: skip

    def delete_recommendation(self) -> None:
        advice = self._selected(self.recommendations, self.loop.recommendations if self.loop else ())
        if advice is not None and self._writable():
            self._delete(self.tr("防范建议"), advice.draft.recommendation,
                         lambda ws: loop_items.delete_recommendation(ws, advice.id, advice.version))  # fmt: skip

    def new_measure(self) -> None:
        loop = self._writable_loop()
        if loop is not None:
            case_id = loop.case_id
            self._run(MeasureDialog(
                self.runner, lambda draft: lambda ws: loop_items.create_measure(ws, case_id, draft),
                loop.recommendations, default_deadline=loop.today, parent=self))  # fmt: skip

    def edit_measure(self) -> None:
        measure = self.selected_measure()
        if measure is None or self.loop is None:
            return
        self._run(MeasureDialog(
            self.runner, lambda draft: lambda ws: loop_items.update_measure(ws, measure.id, measure.version, draft),
            self.loop.recommendations, measure, read_only=not self._writable(), parent=self))  # fmt: skip

    def delete_measure(self) -> None:
        measure = self.selected_measure()
        if measure is not None and self._writable():
            self._delete(self.tr("整改措施"), measure.draft.description,
                         lambda ws: loop_items.delete_measure(ws, measure.id, measure.version))  # fmt: skip

    def give_verdict(self) -> None:
        measure = self.selected_measure()
        if measure is None or not self._writable():
            return

        def judge(choice: tuple) -> Work:
            verdict, note = choice
            return lambda ws: loop_assessment.record_verdict(ws, measure.id, measure.version, verdict, note)

        self._run(VerdictDialog(self.runner, judge, measure, self))

    def refer_back(self) -> None:
        measure = self.selected_measure()
        if measure is None or not self._writable():
            return

        def refer(choice: tuple) -> Work:
            kind, deciding_body, legal_basis = choice
            return lambda ws: loop_assessment.refer_back(
                ws, measure.id, measure.version, measure=kind, deciding_body=deciding_body, legal_basis=legal_basis
            )

        self._run(ReferBackDialog(self.runner, refer, measure, self))

    def choose_evidence(self) -> None:
        measure = self.selected_measure()
        if measure is None:
            return
        prompt = self.tr("勾选证明该措施已完成的附件（整改照片、验收记录等）：")
        self._link_files(self.tr("完成证明"), prompt, {a.id for a in measure.attachments}, measure.id)

    def choose_report_files(self) -> None:
        if self.loop is None or self.loop.assessment is None:
            return
        self._link_files(self.tr("整改评估报告及材料"), self.tr("勾选整改评估报告及评估材料："),
                         {a.id for a in self.loop.assessment.attachments})  # fmt: skip

    def _link_files(self, title: str, prompt: str, already: set[int], measure_id: int | None = None) -> None:
        """Offer the case's files as they are now (files added on the 附件 tab since the tab was shown included),
        then link and unlink what the user changed, in one use case."""
        if self.loop is None:
            return
        case_id = self.loop.case_id

        def offer(files: list[AttachmentRecord]) -> None:
            chosen = pick_attachments(self, title, prompt, files, already)
            if chosen is None or chosen == already:
                return
            linked, unlinked = chosen - already, already - chosen
            self.runner.run(lambda ws: loop_assessment.relink_loop_files(ws, case_id, linked, unlinked, measure_id),
                            owner=self, error_title=self.tr("无法保存附件关联"))  # fmt: skip

        self.runner.run(lambda ws: attachments.list_attachments(ws, case_id), done=offer, owner=self,
                        error_title=self.tr("无法读取附件"))  # fmt: skip

    def edit_assessment(self) -> None:
        loop = self.loop
        if loop is None or loop.closed_on is None:
            return
        record = loop.assessment
        version = record.version if record else None
        window = loop.window.basis if loop.window else ""
        self._run(AssessmentDialog(
            self.runner, lambda draft: lambda ws: loop_assessment.save_assessment(ws, loop.case_id, version, draft),
            record, window, read_only=not self._writable(), parent=self))  # fmt: skip

    def close_loop(self) -> None:
        loop = self.loop
        if loop is None or not self._writable():
            return
        version = loop.assessment.version if loop.assessment else 0

        def close(choice: tuple) -> Work:
            number, filed_on = choice
            return lambda ws: loop_assessment.close_loop(ws, loop.case_id, version, number, filed_on)

        self._run(CloseLoopDialog(self.runner, close, loop.today, self))

    def show_similar_cases(self) -> None:
        from fireinvest.ui.loop.similar_cases_dialog import SimilarCasesDialog  # opened rarely

        if self.case_id is None:
            return
        dialog = SimilarCasesDialog(self.runner, self.case_id, self._zone, self)
        dialog.openCase.connect(self.openCase)
        dialog.exec()
        dialog.deleteLater()

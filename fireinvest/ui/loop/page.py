"""The 闭环管理 tab of the case editor: a case's closed loop stage by stage (DOMAIN.md section 7).

At the top, the four stages with the one reached highlighted and what is still missing; below, one section per
stage: accountability entries, prevention recommendations (with 类似案例 for a case evaluation), corrective
measures (deadline coloured when due or late, verdict, evidence, 移交追责), and the rectification assessment with
完成闭环, which the service refuses with every missing item named until all is in place. A closed loop is
read-only. `loopChanged` fires after every stored change (loop dates reach the to-do list); `openCase(id)` asks
the main window to open another case (from the similar cases)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from fireinvest.clock import format_local
from fireinvest.db import Database
from fireinvest.rules.closed_loop import REFERRABLE_VERDICTS, short_text
from fireinvest.services.actor import Actor
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.loop import assessment as loop_assessment
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from fireinvest.services.loop.case_loop import CaseLoop, MeasureRecord
from fireinvest.ui.attachments.picker import pick_attachments
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
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import ItemTable
from fireinvest.ui.widgets.operations import run_in_background


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


class LoopPage(QWidget):
    loopChanged = Signal()
    openCase = Signal(int)

    def __init__(self, database: Database, actor: Actor, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database, self._actor, self._zone = database, actor, zone
        self._case_id: int | None = None
        self._editable = True
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
        self._case_id, self._editable = case_id, editable
        self.placeholder.setVisible(case_id is None)
        self.overview.setVisible(case_id is not None)
        self.sections.setVisible(case_id is not None)
        self.reload()

    def reload(self) -> None:
        if self._case_id is None:
            self.loop = None
            return
        with self._database.reading() as session:
            self.loop = closed_loop.case_loop(session, self._case_id)
        loop = self.loop
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
        return self.loop is not None and self._editable and self.loop.read_only_reason is None

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
        self.evidence_button.setEnabled(measure is not None and self._editable)
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
        self.report_files_button.setEnabled(self._editable and loop is not None and loop.assessment is not None)
        self.close_button.setEnabled(writable)
        self.similar_button.setEnabled(loop is not None)

    # -- writing --------------------------------------------------------------------------------------------

    def _writer(self, action: Callable) -> Callable:
        """`write(draft)` for a dialog: the service call in its own unit of work."""

        def write(draft):
            with self._database.writing() as session:
                return action(session, draft)

        return write

    def _run(self, dialog) -> None:
        if dialog.exec():
            self.reload()
            self.loopChanged.emit()
        dialog.deleteLater()

    def _background(self, action: Callable, error_title: str) -> None:
        def work():
            with self._database.writing() as session:
                return action(session)

        def done(_result) -> None:
            self.reload()
            self.loopChanged.emit()

        run_in_background(self, work, done, error_title=error_title)

    def _delete(self, what: str, name: str, action: Callable) -> None:
        text = self.tr("确定删除%1“%2”吗？删除后不能恢复。").replace("%1", what).replace("%2", short_text(name, 30))
        if confirm(self, self.tr("删除%1").replace("%1", what), text, self.tr("删除")):
            self._background(action, self.tr("无法删除"))

    def _selected(self, section: _Section, items: Sequence) -> object | None:
        found = section.table.selected_id()
        return next((item for item in items if item.id == found), None)

    def new_accountability(self) -> None:
        if self._writable():
            case_id = self._case_id
            write = self._writer(lambda s, d: loop_items.create_accountability(s, self._actor, case_id, d))
            self._run(AccountabilityDialog(write, parent=self))

    def edit_accountability(self) -> None:
        entry = self._selected(self.accountability, self.loop.accountability if self.loop else ())
        if entry is None:
            return
        write = self._writer(lambda s, d: loop_items.update_accountability(s, self._actor, entry.id, entry.version, d))
        note = ""
        if entry.referred_measure_id is not None:
            measure = next((m for m in self.loop.measures if m.id == entry.referred_measure_id), None)
            note = self.tr("由整改评估移交：措施“%1”。").replace("%1", measure.title if measure else "")
        self._run(AccountabilityDialog(write, entry, read_only=not self._writable(), note=note, parent=self))

    def delete_accountability(self) -> None:
        entry = self._selected(self.accountability, self.loop.accountability if self.loop else ())
        if entry is not None and self._writable():
            self._delete(
                self.tr("责任追究记录"),
                entry.draft.party,
                lambda s: loop_items.delete_accountability(s, self._actor, entry.id, entry.version),
            )

    def new_recommendation(self) -> None:
        if self._writable():
            case_id = self._case_id
            write = self._writer(lambda s, d: loop_items.create_recommendation(s, self._actor, case_id, d))
            self._run(RecommendationDialog(write, parent=self))

    def edit_recommendation(self) -> None:
        advice = self._selected(self.recommendations, self.loop.recommendations if self.loop else ())
        if advice is None:
            return
        write = self._writer(
            lambda s, d: loop_items.update_recommendation(s, self._actor, advice.id, advice.version, d)
        )
        self._run(RecommendationDialog(write, advice, read_only=not self._writable(), parent=self))

    def delete_recommendation(self) -> None:
        advice = self._selected(self.recommendations, self.loop.recommendations if self.loop else ())
        if advice is not None and self._writable():
            self._delete(
                self.tr("防范建议"),
                advice.draft.recommendation,
                lambda s: loop_items.delete_recommendation(s, self._actor, advice.id, advice.version),
            )

    def new_measure(self) -> None:
        if self._writable():
            case_id = self._case_id
            write = self._writer(lambda s, d: loop_items.create_measure(s, self._actor, case_id, d))
            self._run(MeasureDialog(write, self.loop.recommendations, default_deadline=self.loop.today, parent=self))

    def edit_measure(self) -> None:
        measure = self.selected_measure()
        if measure is None:
            return
        write = self._writer(lambda s, d: loop_items.update_measure(s, self._actor, measure.id, measure.version, d))
        self._run(MeasureDialog(write, self.loop.recommendations, measure, read_only=not self._writable(),
                                parent=self))  # fmt: skip

    def delete_measure(self) -> None:
        measure = self.selected_measure()
        if measure is not None and self._writable():
            self._delete(
                self.tr("整改措施"),
                measure.draft.description,
                lambda s: loop_items.delete_measure(s, self._actor, measure.id, measure.version),
            )

    def give_verdict(self) -> None:
        measure = self.selected_measure()
        if measure is None or not self._writable():
            return
        write = self._writer(lambda s, d: loop_assessment.record_verdict(s, self._actor, measure.id, measure.version,
                                                                         d[0], d[1]))  # fmt: skip
        self._run(VerdictDialog(write, measure, self))

    def refer_back(self) -> None:
        measure = self.selected_measure()
        if measure is None or not self._writable():
            return

        def refer(session, choice):
            kind, deciding_body, legal_basis = choice
            return loop_assessment.refer_back(session, self._actor, measure.id, measure.version, measure=kind,
                                              deciding_body=deciding_body, legal_basis=legal_basis)  # fmt: skip

        write = self._writer(refer)
        self._run(ReferBackDialog(write, measure, self))

    def choose_evidence(self) -> None:
        measure = self.selected_measure()
        if measure is None:
            return
        prompt = self.tr("勾选证明该措施已完成的附件（整改照片、验收记录等）：")
        already = {a.id for a in measure.attachments}

        def attach(session, attachment_id: int) -> None:
            loop_assessment.attach_measure_evidence(session, self._actor, measure.id, attachment_id)

        self._link_files(self.tr("完成证明"), prompt, already, attach)

    def choose_report_files(self) -> None:
        if self.loop is None or self.loop.assessment is None:
            return
        case_id = self.loop.case_id
        self._link_files(self.tr("整改评估报告及材料"), self.tr("勾选整改评估报告及评估材料："),
                         {a.id for a in self.loop.assessment.attachments},
                         lambda s, i: loop_assessment.attach_assessment_report(s, self._actor, case_id, i))  # fmt: skip

    def _link_files(self, title: str, prompt: str, already: set[int], attach: Callable) -> None:
        if self.loop is None:
            return
        with self._database.reading() as session:  # files added on the 附件 tab since the tab was shown
            files = attachments.list_attachments(session, self.loop.case_id)
        chosen = pick_attachments(self, title, prompt, files, already)
        if chosen is None or chosen == already:
            return

        def change(session) -> None:
            for attachment_id in sorted(chosen - already):
                attach(session, attachment_id)
            for attachment_id in sorted(already - chosen):
                loop_assessment.detach_loop_attachment(session, self._actor, attachment_id)

        self._background(change, self.tr("无法保存附件关联"))

    def edit_assessment(self) -> None:
        loop = self.loop
        if loop is None or loop.closed_on is None:
            return
        record = loop.assessment
        version = record.version if record else None
        write = self._writer(lambda s, d: loop_assessment.save_assessment(s, self._actor, loop.case_id, version, d))
        window = loop.window.basis if loop.window else ""
        self._run(AssessmentDialog(write, record, window, read_only=not self._writable(), parent=self))

    def close_loop(self) -> None:
        loop = self.loop
        if loop is None or not self._writable():
            return
        version = loop.assessment.version if loop.assessment else 0
        write = self._writer(lambda s, d: loop_assessment.close_loop(s, self._actor, loop.case_id, version, d[0],
                                                                     d[1]))  # fmt: skip
        self._run(CloseLoopDialog(write, loop.today, self))

    def show_similar_cases(self) -> None:
        from fireinvest.ui.loop.similar_cases_dialog import SimilarCasesDialog  # opened rarely

        if self._case_id is None:
            return
        dialog = SimilarCasesDialog(self._database, self._case_id, self._zone, self)
        dialog.openCase.connect(self.openCase)
        dialog.exec()
        dialog.deleteLater()

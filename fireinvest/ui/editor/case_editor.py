"""The case editor: one dialog per case; its fact pages are saved through the case use cases, its other tabs
read and write their own parts through theirs.

    runner.run(lambda ws: case_forms.open_case_editor(ws, case_id),        # None: a new case
               done=lambda view: CaseEditor(runner, view, main_window).show())
    editor.saved.connect(lambda case_id: ...)                              # after every successful save

Nothing is saved unless the use case accepts the whole case. Its validation messages are shown in the red panel at
the top (objectName "errorPanel") and the fields they name are marked; the first one is brought into view. The
dialog keeps the version it loaded and the use case refuses to overwrite a newer save from another workstation.

The editor listens to the hub: when its case's timeline changes (a step, a laboratory step on the 物证 tab) it takes
the new status and version and keeps the user's unsaved edits; when the facts were saved elsewhere in the program,
it shows them, unless the user is editing, in which case the save will be refused rather than overwrite them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.errors import FieldError, FireInvestError, ValidationFailed
from fireinvest.rules.case_facts import CaseDraft, CaseStatus
from fireinvest.services import cases
from fireinvest.services.case_forms import CaseEditorView
from fireinvest.services.cases import CaseDetail
from fireinvest.services.changes import Changes, Part
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.ui.attachments.page import AttachmentsPage
from fireinvest.ui.documents.page import DocumentsPage
from fireinvest.ui.editor.deferred_tabs import CaseTabs
from fireinvest.ui.editor.fact_pages import BasicPage, CausePage
from fireinvest.ui.editor.losses_page import LossesPage
from fireinvest.ui.editor.parties_page import PartiesPage
from fireinvest.ui.editor.timeline_page import TimelinePage
from fireinvest.ui.evidence.page import EvidencePage
from fireinvest.ui.loop.page import LoopPage
from fireinvest.ui.records.page import RecordsPage
from fireinvest.ui.reviews.page import ReviewsPage
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import ask_unsaved_changes
from fireinvest.ui.widgets.fields import INVALID_STYLE, mark_invalid


class CaseEditor(QDialog):
    saved = Signal(int)  # the case id, after every successful save
    openCase = Signal(int)  # another case to open in its own editor (a similar case of the loop tab)

    def __init__(self, runner: Runner, view: CaseEditorView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseEditor")
        self._runner = runner
        self._choices = view.choices
        self._detail: CaseDetail | None = view.detail
        self._saving = False
        self._initial_state: tuple = ()

        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setStyleSheet(INVALID_STYLE)
        self.resize(900, 680)
        self.setMinimumSize(760, 540)  # fits a 1366x768 screen with taskbar and title bar

        self.title_label = QLabel(self)
        self.title_label.setObjectName("caseTitle")
        self.title_label.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.grade_badge = QLabel(self)
        self.grade_badge.setObjectName("gradeBadge")
        self.status_label = QLabel(self)
        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.status_label)
        header.addSpacing(16)
        header.addWidget(self.grade_badge)

        self.error_panel = QLabel(self)
        self.error_panel.setObjectName("errorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_panel.hide()

        self.basic = BasicPage(self._choices, self)
        self.cause = CausePage(self._choices, self)
        self.losses = LossesPage(self._choices, self)
        self.parties = PartiesPage(self)
        self.tabs = CaseTabs(self)
        self.tabs.addTab(self.basic, self.tr("基本情况"))
        self.tabs.addTab(self.cause, self.tr("起火原因"))
        self.tabs.addTab(self.losses, self.tr("伤亡与损失"))
        self.tabs.addTab(self.parties, self.tr("当事人"))
        zone = self._choices.zone
        self._party_names: list[str] = []  # who may apply for a review, as last saved (the timeline's step dialog)

        def timeline(parent: QWidget) -> TimelinePage:
            page = TimelinePage(runner, zone, self._choices.reference.cause_names, parent)
            page.set_parties(self._party_names)
            return page

        def loop(parent: QWidget) -> LoopPage:
            page = LoopPage(runner, zone, parent)
            page.openCase.connect(self.openCase)
            return page

        add = self.tabs.add_deferred
        self._evidence = add(lambda parent: EvidencePage(runner, zone, parent), self.tr("物证"))
        self._records = add(lambda parent: RecordsPage(runner, zone, parent), self.tr("笔录"))
        self._attachments = add(lambda parent: AttachmentsPage(runner, zone, parent), self.tr("附件"))
        self._timeline = add(timeline, self.tr("程序与期限"))
        self._reviews = add(lambda parent: ReviewsPage(runner, zone, parent), self.tr("专家论证"))
        self._loop = add(loop, self.tr("闭环管理"))
        self._documents = add(lambda parent: DocumentsPage(runner, zone, parent), self.tr("文书"))
        self._case_tabs = (self._evidence, self._records, self._attachments, self._timeline, self._reviews,
                           self._loop, self._documents)  # fmt: skip
        self._pages: Sequence[BasicPage | CausePage | LossesPage | PartiesPage] = (
            self.basic, self.cause, self.losses, self.parties,
        )  # fmt: skip

        self.audit_label = QLabel(self)
        self.audit_label.setStyleSheet("color: palette(placeholder-text);")
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(self.tr("保存 (Ctrl+S)"))
        self.close_button = QPushButton(self.tr("关闭"), self)
        for button in (self.save_button, self.close_button):
            # Enter in a text field must not save or close the dialog behind the user's back.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.audit_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        save_action = QAction(self.tr("保存"), self)
        save_action.setShortcut(QKeySequence.StandardKey.Save)
        save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        save_action.triggered.connect(lambda: self.save())
        self.addAction(save_action)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        for page in self._pages:
            page.changed.connect(self._on_changed)
        self.basic.alarm_time.changed.connect(self._update_grade)
        self.losses.changed.connect(self._update_grade)
        runner.hub.changed.connect(self._on_changes)
        self._load(self._detail.facts if self._detail else CaseDraft())
        # A new case starts typing at the address; an opened case must not have a field ready to be overwritten.
        (self.basic.address if self._detail is None else self.tabs.tabBar()).setFocus()

    # -- state ----------------------------------------------------------------------------------------------

    # The case tabs, built when first shown or asked for here.
    @property
    def evidence(self) -> EvidencePage:
        return cast(EvidencePage, self._evidence.page)

    @property
    def records(self) -> RecordsPage:
        return cast(RecordsPage, self._records.page)

    @property
    def attachments(self) -> AttachmentsPage:
        return cast(AttachmentsPage, self._attachments.page)

    @property
    def timeline(self) -> TimelinePage:
        return cast(TimelinePage, self._timeline.page)

    @property
    def reviews(self) -> ReviewsPage:
        return cast(ReviewsPage, self._reviews.page)

    @property
    def loop(self) -> LoopPage:
        return cast(LoopPage, self._loop.page)

    @property
    def documents(self) -> DocumentsPage:
        return cast(DocumentsPage, self._documents.page)

    def reveal(self, part: str, kind: str, record_id: int) -> None:
        """Turn to the tab showing this part of the case and select the record (where a search hit was found)."""
        facts = {"parties": self.parties, "case": self.basic, "investigators": self.basic}
        if part == "facts":
            self.tabs.setCurrentWidget(facts.get(kind, self.basic))
            return
        tabs = {"evidence": lambda: self.evidence, "records": lambda: self.records,
                "attachments": lambda: self.attachments, "reviews": lambda: self.reviews, "loop": lambda: self.loop,
                "documents": lambda: self.documents}  # fmt: skip
        page = tabs.get(part)
        if page is None:
            return
        tab = page()
        self.tabs.setCurrentWidget(tab)
        tab.reveal(kind, record_id)

    @property
    def fact_pages(self) -> Sequence[QWidget]:
        """The first tabs, which edit the case's facts (the others show its parts)."""
        return self._pages

    @property
    def case_id(self) -> int | None:
        return self._detail.id if self._detail else None

    @property
    def detail(self) -> CaseDetail | None:
        return self._detail

    def _state(self) -> tuple:
        return tuple(page.state() for page in self._pages)

    def is_dirty(self) -> bool:
        return self._state() != self._initial_state

    def _what(self) -> str:
        return self._detail.case_number if self._detail else self.tr("新案件")

    def _load(self, facts: CaseDraft) -> None:
        investigators = self._detail.investigators if self._detail else ()
        self.basic.load(facts, investigators)
        self.cause.load(facts)
        self.losses.load(facts)
        self.parties.load(facts)
        self._initial_state = self._state()
        readonly = self._detail is not None and self._detail.status == CaseStatus.VOIDED
        for page in self._pages:
            page.setEnabled(not readonly)
        self.save_button.setEnabled(not readonly)
        self._update_header()
        self._update_grade()
        self._party_names = [p.name for p in facts.parties]
        if self._timeline.built:
            self.timeline.set_parties(self._party_names)
        for tab in self._case_tabs:
            tab.set_case(self.case_id, editable=not readonly)
        if readonly and self._detail is not None:
            self.error_panel.setText(
                self.tr("本案件已作废，不能修改。作废原因：%1").replace("%1", self._detail.void_reason)
            )
            self.error_panel.show()

    def _update_header(self) -> None:
        detail = self._detail
        if detail is None:
            self.title_label.setText(self.tr("新案件"))
            self.status_label.setText(self.tr("保存后自动编号"))
            self.audit_label.clear()
        else:
            self.title_label.setText(self.tr("案件 %1").replace("%1", detail.case_number))
            self.status_label.setText(self.tr("状态：%1").replace("%1", detail.status.label))
            zone = self._choices.zone
            self.audit_label.setText(
                self.tr("登记：%1 %2　　最后修改：%3 %4")
                .replace("%1", format_local(detail.created_at, zone))
                .replace("%2", detail.created_by)
                .replace("%3", format_local(detail.updated_at, zone))
                .replace("%4", detail.updated_by)
            )
        self._on_changed()

    def _on_changed(self) -> None:
        dirty = self.is_dirty() if self._initial_state else False
        self.setWindowTitle(
            (self.tr("编辑案件 %1").replace("%1", self._detail.case_number) if self._detail else self.tr("新建案件"))
            + (" *" if dirty else "")
        )

    def _update_grade(self) -> None:
        grade = self.losses.show_grade(self.basic.alarm_time.value())
        if grade is None:
            self.grade_badge.setText(self.tr("火灾等级：—"))
            self.grade_badge.setStyleSheet("font-size: 15px;")
        else:
            self.grade_badge.setText(self.tr("火灾等级：%1").replace("%1", grade.value))
            severe = self.losses.grade_label.styleSheet()
            self.grade_badge.setStyleSheet(severe)

    # -- errors ---------------------------------------------------------------------------------------------

    def _field_widget(self, name: str) -> tuple[int, QWidget] | None:
        for tab, page in enumerate(self._pages):
            widget = page.fields.get(name)
            if widget is not None:
                return tab, widget
        return None

    def _clear_errors(self) -> None:
        self.error_panel.hide()
        self.error_panel.clear()
        for page in self._pages:
            for widget in page.fields.values():
                mark_invalid(widget, False)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """List the problems at the top, mark their fields, and take the user to the first one."""
        self._clear_errors()
        lines = "\n".join(f"• {error.message}" for error in errors)
        self.error_panel.setText(self.tr("未保存。请更正以下问题：") + "\n" + lines)
        self.error_panel.show()
        first: tuple[int, QWidget] | None = None
        for error in errors:
            found = self._field_widget(error.field)
            if found is not None:
                mark_invalid(found[1], True)
                first = first or found
        if first is not None:
            self.tabs.setCurrentIndex(first[0])
            first[1].setFocus()

    # -- saving ---------------------------------------------------------------------------------------------

    def save(self, close_after: bool = False) -> None:
        if self._saving or not self.save_button.isEnabled():
            return
        draft = CaseDraft()
        errors: list[FieldError] = []
        for page in self._pages:
            page.collect(draft, errors)
        if errors:  # text that is not even a number never reaches the service
            self.show_errors(errors)
            return
        self._clear_errors()
        self._set_saving(True)
        case_id = self.case_id
        version = self._detail.version if self._detail else 0

        def work(workstation: Workstation) -> Outcome[CaseDetail]:
            if case_id is None:
                return cases.create_case(workstation, draft)
            return cases.update_case(workstation, case_id, version, draft)

        def failed(exc: FireInvestError) -> bool:
            if isinstance(exc, ValidationFailed):
                self.show_errors(exc.errors)
                return True
            return False  # ConcurrentEditError and the rest: shown in a dialog by the runner

        self._runner.run(work, done=lambda detail: self._saved(detail, close_after), refused=failed, owner=self,
                         finished=lambda: self._set_saving(False), error_title=self.tr("无法保存"))  # fmt: skip

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText(self.tr("正在保存…") if saving else self.tr("保存"))

    def _saved(self, detail: CaseDetail, close_after: bool) -> None:
        self._detail = detail
        current_tab = self.tabs.currentIndex()
        self._load(detail.facts)  # shows what was stored (trimmed text, computed grade, assigned number)
        self.tabs.setCurrentIndex(current_tab)
        self.saved.emit(detail.id)
        if close_after:
            super().accept()

    def _on_changes(self, changes: Changes) -> None:
        if self._detail is not None and changes.touches(self._detail.id, Part.FACTS, Part.TIMELINE):
            case_id = self._detail.id
            self._runner.run(lambda workstation: cases.get_case(workstation, case_id), done=self._case_moved,
                             owner=self, error_title=self.tr("无法读取案件"))  # fmt: skip

    def _case_moved(self, fresh: CaseDetail) -> None:
        """The case changed under the editor (a step, a laboratory step, a save elsewhere in the program)."""
        current = self._detail
        if current is None or fresh.id != current.id or fresh.version == current.version or self._saving:
            return
        if fresh.facts == current.facts:
            # Only the timeline moved: keep the user's edits and take the new version, so a later save of the
            # facts is not taken for a conflict.
            self._detail = replace(current, version=fresh.version, status=fresh.status, updated_at=fresh.updated_at,
                                   updated_by=fresh.updated_by)  # fmt: skip
            self._update_header()
        elif not self.is_dirty():
            self._detail = fresh
            current_tab = self.tabs.currentIndex()
            self._load(fresh.facts)
            self.tabs.setCurrentIndex(current_tab)
        # Facts saved elsewhere while the user edits: keep both as they are; saving is refused with who saved.

    # -- closing --------------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, the close button and the window's X all come here (QDialog.closeEvent calls reject)."""
        if self._saving:
            return
        if self.is_dirty():
            answer = ask_unsaved_changes(self, self._what())
            if answer == QMessageBox.StandardButton.Save:
                self.save(close_after=True)
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

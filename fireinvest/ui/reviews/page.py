"""The 专家论证 tab of the case editor: the case's expert reviews, whether the determination waits for one (the
review gate) and why, and the life of a review: write it up as a draft, conclude it (then it is frozen), supersede
it with a new review (另行论证), file case attachments as its material, open it.

The tab reads the case's reviews, its gate and its attachments (to name the material) in one go, and again whenever
the hub says its reviews, its attachments or its facts (a death recorded, a new grade: the gate follows them)
changed. Writes run through the runner and never reload the tab by hand: the hub does."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from fireinvest.clock import format_local
from fireinvest.rules.closed_loop import short_text
from fireinvest.rules.expert_review import ReviewDraft, ReviewStatus
from fireinvest.services import experts
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.changes import Part
from fireinvest.services.experts import ExpertRecord
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.reviews.lifecycle import CaseReviews
from fireinvest.services.reviews.reads import ReviewRecord
from fireinvest.ui.attachments.picker import pick_attachments
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.reviews.dialog import ReviewDialog
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.deadline_style import LAPSED_COLOUR, MET_COLOUR, SOON_COLOUR
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import Cell, ItemTable

_HEADERS = ("论证类型", "论证日期", "出席专家", "状态", "论证结论", "材料")
_STATUS_COLOURS = {ReviewStatus.DRAFT: SOON_COLOUR, ReviewStatus.CONCLUDED: MET_COLOUR,
                   ReviewStatus.SUPERSEDED: LAPSED_COLOUR}  # fmt: skip
_GATE_STYLE = "padding: 6px 10px; border-radius: 3px; border: 1px solid %s; background: %s; color: %s;"
GATE_BLOCKED_STYLE = _GATE_STYLE % ("#e0a1a1", "#fdecea", "#8e1b1b")
GATE_MET_STYLE = _GATE_STYLE % ("#a5d6a7", "#edf7ed", "#1e4620")
GATE_FREE_STYLE = "padding: 6px 10px; color: palette(placeholder-text);"


@dataclass(frozen=True)
class _Shown:
    """What the tab reads: the reviews with the gate, and the case's attachments that name their material."""

    reviews: CaseReviews
    attachments: list[AttachmentRecord]


class ReviewsPage(CaseTab):
    """The case's expert reviews and the gate; the gate follows the case's facts, so they are watched too."""

    PARTS = (Part.REVIEWS, Part.ATTACHMENTS, Part.FACTS)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._zone = zone
        self.reviews: list[ReviewRecord] = []
        self._attachments: dict[int, AttachmentRecord] = {}
        self.placeholder = QLabel(self.tr("保存案件后即可记录专家论证。"), self)
        self.gate_label = QLabel(self)
        self.gate_label.setObjectName("reviewGate")
        self.gate_label.setWordWrap(True)
        self.table = ItemTable([self.tr(h) for h in _HEADERS], "reviewsTable", self, stretch=4)
        self.table.activatedId.connect(lambda _id: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("reviewPreview")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setSizes([200, 300])
        self.new_button = QPushButton(self.tr("新建论证…"), self)
        self.edit_button = QPushButton(self.tr("编辑草稿…"), self)
        self.conclude_button = QPushButton(self.tr("形成结论…"), self)
        self.supersede_button = QPushButton(self.tr("另行论证…"), self)
        self.supersede_button.setToolTip(self.tr("重新组织论证，新论证形成结论后取代所选论证"))
        self.material_button = QPushButton(self.tr("论证材料…"), self)
        self.material_button.setToolTip(self.tr("从本案附件中选择作为论证材料的文件"))
        self.delete_button = QPushButton(self.tr("删除草稿"), self)
        self.delete_button.setToolTip(self.tr("放弃尚未形成结论的论证草稿；其论证材料仍保留在本案附件中"))
        self.open_button = QPushButton(self.tr("查看…"), self)
        for button, slot in (
            (self.new_button, self.new_review),
            (self.edit_button, self.edit_selected),
            (self.conclude_button, self.conclude_selected),
            (self.supersede_button, self.supersede_selected),
            (self.material_button, self.choose_material),
            (self.delete_button, self.delete_selected),
            (self.open_button, self.open_selected),
        ):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())  # fmt: skip
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.conclude_button, self.supersede_button,
                       self.material_button, self.delete_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.gate_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.set_case(None)

    # -- reading --------------------------------------------------------------------------------------------

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self.placeholder.setVisible(case_id is None)
        self.gate_label.setVisible(case_id is not None)
        super().set_case(case_id, editable)
        self._update_buttons()

    def show_no_case(self) -> None:
        self.reviews, self._attachments = [], {}
        self.table.set_rows([])
        self._update_buttons()

    def read(self, workstation: Workstation, case_id: int) -> _Shown:
        return _Shown(reviews.case_reviews(workstation, case_id), attachments.list_attachments(workstation, case_id))

    def show_data(self, data: _Shown) -> None:
        self.reviews = list(data.reviews.reviews)
        self._attachments = {a.id: a for a in data.attachments}
        self._show_gate(data.reviews.required, data.reviews.blocked)
        self.table.set_rows([(r.id, self._cells(r)) for r in self.reviews])  # keeps the selected review selected
        self._update_buttons()

    def _show_gate(self, required: Sequence[str], blocked: Sequence[str]) -> None:
        if not required:
            text, style = self.tr("按本单位的专家论证规则，本案作出认定前无需专家论证。"), GATE_FREE_STYLE
        elif blocked:
            text = self.tr("作出火灾事故认定前，本案需要经专家论证并形成结论（原因：%1）。尚无已形成结论的"
                           "“起火原因认定论证”，认定将被拒绝。").replace("%1", "；".join(blocked))  # fmt: skip
            style = GATE_BLOCKED_STYLE
        else:
            text = self.tr("本案需要经专家论证（原因：%1）；已有形成结论的起火原因认定论证，可以作出认定。").replace(
                "%1", "；".join(required)
            )
            style = GATE_MET_STYLE
        self.gate_label.setText(text)
        self.gate_label.setStyleSheet(style)

    def _by_id(self, review_id: int | None) -> ReviewRecord | None:
        return next((r for r in self.reviews if r.id == review_id), None)

    def _status_text(self, review: ReviewRecord) -> str:
        if review.status == ReviewStatus.SUPERSEDED:
            successor = self._by_id(review.superseded_by_id)
            when = successor.held_on.isoformat() if successor else ""
            return self.tr("已被取代（%1 论证）").replace("%1", when)
        if review.status == ReviewStatus.DRAFT and review.supersedes_id is not None:
            old = self._by_id(review.supersedes_id)
            return self.tr("草稿（拟取代 %1 论证）").replace("%1", old.held_on.isoformat() if old else "")
        return review.status.label

    def _cells(self, review: ReviewRecord) -> list[Cell | str]:
        names = "、".join(o.name for o in review.opinions)
        material = [self._attachments[i].original_name for i in review.attachment_ids if i in self._attachments]
        return [
            review.purpose.label, review.held_on.isoformat(), Cell(names, tooltip=names),
            Cell(self._status_text(review), _STATUS_COLOURS[review.status]),
            Cell(short_text(review.conclusion, 40), tooltip=review.conclusion),
            Cell(str(len(material)) if material else "", tooltip="\n".join(material)),
        ]  # fmt: skip

    def selected(self) -> ReviewRecord | None:
        return self._by_id(self.table.selected_id())

    def select_record(self, kind: str, record_id: int) -> None:
        self.table.select_id(record_id)

    def _writable(self) -> bool:
        return self.case_id is not None and self.editable

    def _update_buttons(self) -> None:
        review = self.selected()
        self.preview.setHtml(self._preview(review) if review is not None else "")
        draft = review is not None and review.status == ReviewStatus.DRAFT and self._writable()
        standing = review is not None and review.status == ReviewStatus.CONCLUDED and review.superseded_by_id is None
        self.new_button.setEnabled(self._writable())
        self.edit_button.setEnabled(draft)
        self.conclude_button.setEnabled(draft)
        self.material_button.setEnabled(draft)
        self.delete_button.setEnabled(draft)
        self.supersede_button.setEnabled(standing and self._writable())
        self.open_button.setEnabled(review is not None)

    def _preview(self, review: ReviewRecord) -> str:
        """The selected review in full, to read without opening it: question, every opinion, conclusion, dissent."""

        def para(title: str, text: str) -> str:
            body = html.escape(text).replace("\n", "<br>") if text.strip() else self.tr("（未填写）")
            return f"<p><b>{self.tr(title)}：</b>{body}</p>"

        seats = "".join(
            f"<li><b>{html.escape(o.name)}</b>（{html.escape('，'.join(p for p in (o.title, o.unit) if p))}）："
            f"{html.escape(o.opinion) or self.tr('（意见未填写）')}"
            + (f" <span style='color:#b3261e'>{self.tr('［持不同意见］')}</span>" if o.dissents else "")
            + "</li>"
            for o in review.opinions
        )
        material = "、".join(name for i in review.attachment_ids if (name := self._material_name(i)))
        stamp = self.tr("%1 由 %2 最后修改").replace("%1", format_local(review.updated_at, self._zone))
        return (
            f"<p><b>{html.escape(review.purpose.label)}</b>　{review.held_on.isoformat()}　{html.escape(review.place)}"
            f"　<span style='color:gray'>{stamp.replace('%2', html.escape(review.updated_by))}</span></p>"
            + para("论证事项", review.question)
            + f"<p><b>{self.tr('出席专家及意见')}：</b></p><ol>{seats}</ol>"
            + para("论证结论", review.conclusion)
            + (para("不同意见", review.dissent) if review.dissent.strip() else "")
            + (para("论证材料", material) if material else "")
        )

    def read_only_reason(self, review: ReviewRecord) -> str | None:
        """Why the review cannot be edited here; None for a draft of a case that may still change."""
        if review.status == ReviewStatus.SUPERSEDED:
            successor = self._by_id(review.superseded_by_id)
            when = successor.held_on.isoformat() if successor else ""
            return self.tr("该论证已被 %1 的论证取代，作为历史记录保存，不能再修改。").replace("%1", when)
        if review.status == ReviewStatus.CONCLUDED:
            when = format_local(review.concluded_at, self._zone) if review.concluded_at else review.held_on.isoformat()
            return (self.tr("该论证已于 %1 由 %2 形成结论，不能再修改。如需改变结论，请使用“另行论证”组织新的论证"
                            "以取代它。").replace("%1", when).replace("%2", review.concluded_by))  # fmt: skip
        if not self.editable:
            return self.tr("本案件已作废，专家论证只能查看。")
        return None

    # -- writing --------------------------------------------------------------------------------------------

    def _today(self) -> dt.date:
        return dt.datetime.now(self._zone).date()  # the agency's day: reviews are dated where the fire was

    def _with_experts(self, show: Callable[[list[ExpertRecord]], None]) -> None:
        """Read the expert register (retired experts too: old seats name them), then open a review dialog."""
        self.runner.run(lambda workstation: experts.list_experts(workstation, include_inactive=True), done=show,
                        owner=self, error_title=self.tr("无法读取专家库"))  # fmt: skip

    def _run(self, dialog: ReviewDialog) -> None:
        dialog.exec()
        if dialog.result_record is not None:
            self.table.select_when_listed(dialog.result_record.id)
        dialog.deleteLater()

    def _write(self, work: Callable[[Workstation], Outcome[Any]], error_title: str, select_id: int | None) -> None:
        """Run a write whose refusal is shown in a message box; the hub then shows its result on this tab."""
        self.runner.run(work, done=lambda _value: self.table.select_when_listed(select_id), owner=self,
                        error_title=error_title)  # fmt: skip

    def new_review(self) -> None:
        case_id = self.case_id
        if case_id is None or not self.editable:
            return

        def write(draft: ReviewDraft) -> Callable[[Workstation], Outcome[ReviewRecord]]:
            return lambda workstation: reviews.create_review(workstation, case_id, draft)

        self._with_experts(lambda found: self._run(ReviewDialog(
            self.runner, found, write, draft=ReviewDraft(held_on=self._today()), parent=self)))  # fmt: skip

    def open_selected(self) -> None:
        """Open the selected review: a draft for editing, a concluded or superseded one read-only, saying why."""
        review = self.selected()
        if review is None:
            return

        def write(draft: ReviewDraft) -> Callable[[Workstation], Outcome[ReviewRecord]]:
            return lambda workstation: reviews.update_review(workstation, review.id, review.version, draft)

        material = [attachment_name for i in review.attachment_ids
                    if (attachment_name := self._material_name(i))]  # fmt: skip
        reason = self.read_only_reason(review)
        self._with_experts(lambda found: self._run(ReviewDialog(
            self.runner, found, write, review, read_only_reason=reason, material=material, parent=self)))  # fmt: skip

    def _material_name(self, attachment_id: int) -> str:
        record = self._attachments.get(attachment_id)
        return record.original_name if record else ""

    def edit_selected(self) -> None:
        review = self.selected()
        if review is not None and review.status == ReviewStatus.DRAFT:
            self.open_selected()

    def conclude_selected(self) -> None:
        review = self.selected()
        if review is None or review.status != ReviewStatus.DRAFT or not self._writable():
            return
        question = self.tr(
            "确定对 %1 的“%2”形成结论吗？\n\n形成结论后该论证不能再修改；如需改变结论，只能另行论证取代它。"
        )
        if not confirm(self, self.tr("形成结论"),
                       question.replace("%1", review.held_on.isoformat()).replace("%2", review.purpose.label),
                       self.tr("形成结论")):  # fmt: skip
            return
        self._write(lambda workstation: reviews.conclude_review(workstation, review.id, review.version),
                    self.tr("无法形成结论"), review.id)  # fmt: skip

    def delete_selected(self) -> None:
        review = self.selected()
        if review is None or review.status != ReviewStatus.DRAFT or not self._writable():
            return
        question = self.tr("确定删除 %1 的论证草稿吗？\n\n已形成结论的论证不能删除；草稿的论证材料仍保留在本案附件中。")
        if not confirm(self, self.tr("删除草稿"), question.replace("%1", review.held_on.isoformat()),
                       self.tr("删除")):  # fmt: skip
            return
        self._write(lambda workstation: reviews.delete_review_draft(workstation, review.id, review.version),
                    self.tr("无法删除草稿"), None)  # fmt: skip

    def supersede_selected(self) -> None:
        review = self.selected()
        if review is None or review.status != ReviewStatus.CONCLUDED or not self._writable():
            return
        old_id = review.id

        def write(draft: ReviewDraft) -> Callable[[Workstation], Outcome[ReviewRecord]]:
            return lambda workstation: reviews.supersede_review(workstation, old_id, draft)

        draft = review.to_draft()
        draft.held_on = self._today()
        title = self.tr("另行论证（取代 %1 的论证）").replace("%1", review.held_on.isoformat())
        note = self.tr("新论证先保存为草稿；在它形成结论之前，原论证（%1）继续有效，形成结论后原论证标记为“已被取代”。")
        self._with_experts(lambda found: self._run(ReviewDialog(
            self.runner, found, write, draft=draft, title=title, fixed_purpose=True,
            note=note.replace("%1", review.held_on.isoformat()), parent=self)))  # fmt: skip

    def choose_material(self) -> None:
        """Pick the review's material among the case's attachments, read afresh: files may have been added on the
        附件 tab, or on another workstation, since this tab was shown."""
        review = self.selected()
        if review is None or review.status != ReviewStatus.DRAFT or not self._writable():
            return
        self.runner.run(lambda workstation: attachments.list_attachments(workstation, review.case_id),
                        done=lambda found: self._pick_material(review, found), owner=self,
                        error_title=self.tr("无法读取附件"))  # fmt: skip

    def _pick_material(self, review: ReviewRecord, found: list[AttachmentRecord]) -> None:
        self._attachments = {a.id: a for a in found}
        already = set(review.attachment_ids)
        prompt = self.tr("勾选作为本次论证材料的附件（每个附件只能属于一份论证）：")
        chosen = pick_attachments(self, self.tr("论证材料"), prompt, found, already)
        if chosen is None or chosen == already:
            return
        attach, detach = chosen - already, already - chosen
        self._write(lambda workstation: reviews.change_review_material(workstation, review.id, attach, detach),
                    self.tr("无法保存论证材料"), review.id)  # fmt: skip

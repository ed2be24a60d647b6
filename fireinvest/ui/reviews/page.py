"""The 专家论证 tab of the case editor: the case's expert reviews, whether the determination waits for one (the
review gate) and why, and the life of a review: write it up as a draft, conclude it (then it is frozen), supersede
it with a new review (另行论证), file case attachments as its material, open it."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from fireinvest.clock import format_local
from fireinvest.db import Database
from fireinvest.rules.closed_loop import short_text
from fireinvest.rules.expert_review import ReviewDraft, ReviewFacts, ReviewStatus, review_required_reasons
from fireinvest.services import cases, experts
from fireinvest.services.actor import Actor
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.reviews.gate import load_review_rule
from fireinvest.services.reviews.reads import ReviewRecord
from fireinvest.ui.attachments.picker import pick_attachments
from fireinvest.ui.reviews.dialog import ReviewDialog
from fireinvest.ui.widgets.deadline_style import LAPSED_COLOUR, MET_COLOUR, SOON_COLOUR
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import Cell, ItemTable
from fireinvest.ui.widgets.operations import run_in_background

_HEADERS = ("论证类型", "论证日期", "出席专家", "状态", "论证结论", "材料")
_STATUS_COLOURS = {ReviewStatus.DRAFT: SOON_COLOUR, ReviewStatus.CONCLUDED: MET_COLOUR,
                   ReviewStatus.SUPERSEDED: LAPSED_COLOUR}  # fmt: skip
_GATE_STYLE = "padding: 6px 10px; border-radius: 3px; border: 1px solid %s; background: %s; color: %s;"
GATE_BLOCKED_STYLE = _GATE_STYLE % ("#e0a1a1", "#fdecea", "#8e1b1b")
GATE_MET_STYLE = _GATE_STYLE % ("#a5d6a7", "#edf7ed", "#1e4620")
GATE_FREE_STYLE = "padding: 6px 10px; color: palette(placeholder-text);"


class ReviewsPage(QWidget):
    """`reviewsChanged` fires after every stored change: the determination's gate may have opened or closed."""

    reviewsChanged = Signal()

    def __init__(self, database: Database, actor: Actor, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database, self._actor, self._zone = database, actor, zone
        self._case_id: int | None = None
        self._editable = True
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
        self._case_id, self._editable = case_id, editable
        self.placeholder.setVisible(case_id is None)
        self.gate_label.setVisible(case_id is not None)
        self.reload()

    def reload(self) -> None:
        if self._case_id is None:
            self.reviews, self._attachments = [], {}
            self.table.set_rows([])
            self._update_buttons()
            return
        with self._database.reading() as session:
            self.reviews = reviews.reviews_of_case(session, self._case_id)
            detail = cases.get_case(session, self._case_id)
            required = review_required_reasons(ReviewFacts.of(detail.facts, detail.fire_grade),
                                               load_review_rule(session))  # fmt: skip
            blocked = reviews.review_gate(session, self._case_id)
            self._attachments = {a.id: a for a in attachments.list_attachments(session, self._case_id)}
        self._show_gate(required, blocked)
        self.table.set_rows([(r.id, self._cells(r)) for r in self.reviews])
        self._update_buttons()

    def _show_gate(self, required: list[str], blocked: list[str]) -> None:
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

    def _writable(self) -> bool:
        return self._case_id is not None and self._editable

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
        if not self._editable:
            return self.tr("本案件已作废，专家论证只能查看。")
        return None

    # -- writing --------------------------------------------------------------------------------------------

    def _today(self) -> dt.date:
        return dt.datetime.now(self._zone).date()  # the agency's day: reviews are dated where the fire was

    def _experts(self):
        with self._database.reading() as session:
            return experts.list_experts(session, include_inactive=True)

    def _write(self, action: Callable):
        with self._database.writing() as session:
            return action(session)

    def _run(self, dialog: ReviewDialog) -> None:
        if dialog.exec():
            self.reload()
            if dialog.result_record is not None:
                self.table.select_id(dialog.result_record.id)
            self.reviewsChanged.emit()
        dialog.deleteLater()

    def new_review(self) -> None:
        if not self._writable():
            return
        case_id = self._case_id

        def write(draft: ReviewDraft) -> ReviewRecord:
            return self._write(lambda s: reviews.create_review(s, self._actor, case_id, draft))

        self._run(ReviewDialog(self._experts(), write, draft=ReviewDraft(held_on=self._today()), parent=self))

    def open_selected(self) -> None:
        """Open the selected review: a draft for editing, a concluded or superseded one read-only, saying why."""
        review = self.selected()
        if review is None:
            return

        def write(draft: ReviewDraft) -> ReviewRecord:
            return self._write(lambda s: reviews.update_review(s, self._actor, review.id, review.version, draft))

        material = [attachment_name for i in review.attachment_ids
                    if (attachment_name := self._material_name(i))]  # fmt: skip
        self._run(ReviewDialog(self._experts(), write, review, read_only_reason=self.read_only_reason(review),
                               material=material, parent=self))  # fmt: skip

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
        self._background(lambda s: reviews.conclude_review(s, self._actor, review.id, review.version),
                         self.tr("无法形成结论"), review.id)  # fmt: skip

    def delete_selected(self) -> None:
        review = self.selected()
        if review is None or review.status != ReviewStatus.DRAFT or not self._writable():
            return
        question = self.tr("确定删除 %1 的论证草稿吗？\n\n已形成结论的论证不能删除；草稿的论证材料仍保留在本案附件中。")
        if not confirm(self, self.tr("删除草稿"), question.replace("%1", review.held_on.isoformat()),
                       self.tr("删除")):  # fmt: skip
            return
        self._background(lambda s: reviews.delete_review_draft(s, self._actor, review.id, review.version),
                         self.tr("无法删除草稿"), None)  # fmt: skip

    def supersede_selected(self) -> None:
        review = self.selected()
        if review is None or review.status != ReviewStatus.CONCLUDED or not self._writable():
            return
        old_id = review.id

        def write(draft: ReviewDraft) -> ReviewRecord:
            return self._write(lambda s: reviews.supersede_review(s, self._actor, old_id, draft))

        draft = review.to_draft()
        draft.held_on = self._today()
        title = self.tr("另行论证（取代 %1 的论证）").replace("%1", review.held_on.isoformat())
        note = self.tr("新论证先保存为草稿；在它形成结论之前，原论证（%1）继续有效，形成结论后原论证标记为“已被取代”。")
        self._run(ReviewDialog(self._experts(), write, draft=draft, title=title, fixed_purpose=True,
                               note=note.replace("%1", review.held_on.isoformat()), parent=self))  # fmt: skip

    def choose_material(self) -> None:
        review = self.selected()
        if review is None or review.status != ReviewStatus.DRAFT or not self._writable():
            return
        already = set(review.attachment_ids)
        with self._database.reading() as session:  # files added on the 附件 tab since the tab was shown
            self._attachments = {a.id: a for a in attachments.list_attachments(session, review.case_id)}
        prompt = self.tr("勾选作为本次论证材料的附件（每个附件只能属于一份论证）：")
        chosen = pick_attachments(self, self.tr("论证材料"), prompt, list(self._attachments.values()), already)
        if chosen is None or chosen == already:
            return

        def change(session) -> None:
            for attachment_id in sorted(chosen - already):
                reviews.attach_review_material(session, self._actor, review.id, attachment_id)
            for attachment_id in sorted(already - chosen):
                reviews.detach_review_material(session, self._actor, review.id, attachment_id)

        self._background(change, self.tr("无法保存论证材料"), review.id)

    def _background(self, action: Callable, error_title: str, select_id: int | None) -> None:
        def done(_result) -> None:
            self.reload()
            if select_id is not None:
                self.table.select_id(select_id)
            self.reviewsChanged.emit()

        run_in_background(self, lambda: self._write(action), done, error_title=error_title)

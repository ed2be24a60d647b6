"""Dialogs of the 闭环管理 tab for the items of a loop: an accountability entry (责任追究), a prevention
recommendation (事故防范) and a corrective measure (措施改进), new, edited, or read-only once the loop is closed.
Every write is a use case of services/loop/items.py run through the runner: the page hands in `write`, which turns
the dialog's draft into that work; refusals stay in the dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from fireinvest.rules.closed_loop import (
    AccountabilityMeasure,
    AccountabilityStatus,
    AddresseeKind,
    MeasureStatus,
    PartyKind,
    short_text,
)
from fireinvest.rules.loop_items import AccountabilityDraft, MeasureDraft, RecommendationDraft
from fireinvest.services.front_door import Workstation
from fireinvest.services.loop.case_loop import AccountabilityRecord, MeasureRecord, RecommendationRecord
from fireinvest.ui.reviews.dialog import NOTE_STYLE
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import DateField
from fireinvest.ui.widgets.form_dialog import FormDialog

Write = Callable[[Any], Callable[[Workstation], Any]]  # a dialog's draft -> the use case that saves it


class EnumCombo(QComboBox):
    """A combo box over a labelled code enum (rules/closed_loop.py): shows the Chinese names, hands back members."""

    def __init__(self, enum: type[StrEnum], parent: QWidget | None = None, *, none_text: str | None = None) -> None:
        super().__init__(parent)
        self._enum = enum
        if none_text is not None:
            self.addItem(none_text, None)
        for member in enum:
            self.addItem(member.label, member.value)  # type: ignore[attr-defined]

    def set_value(self, member: StrEnum | None) -> None:
        self.setCurrentIndex(max(self.findData(member.value if member is not None else None), 0))

    def value(self) -> Any:
        data = self.currentData()
        return self._enum(data) if data is not None else None


def text_box(parent: QWidget, text: str = "", height: int = 64, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    box.setFixedHeight(height)
    if placeholder:
        box.setPlaceholderText(placeholder)
    return box


def date_field(parent: QWidget, value: dt.date | None, unset_text: str | None = "未填写") -> DateField:
    field = DateField(unset_text, parent)
    field.set_value(value)
    return field


class LoopItemDialog(FormDialog):
    """What the loop's dialogs share: the write, read-only mode, and a note above the form."""

    def __init__(self, runner: Runner, title: str, write: Write, read_only: bool, parent: QWidget | None,
                 note: str = "") -> None:  # fmt: skip
        super().__init__(title, parent, runner=runner, read_only=read_only, width=600)
        self._write = write
        self.note = QLabel(note, self)
        self.note.setObjectName("loopNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setVisible(bool(note))
        self.body.insertWidget(0, self.note)

    def finish(self) -> None:
        super().finish()
        if self.read_only:  # FormDialog leaves combo boxes alone
            for combo in self.findChildren(QComboBox):
                combo.setEnabled(False)

    def draft(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def save(self) -> None:
        self.run_write(self._write(self.draft()))


class AccountabilityDialog(LoopItemDialog):
    """A responsible unit or person: the breach and its legal basis, the measure, who decided, status and outcome."""

    def __init__(self, runner: Runner, write: Write, record: AccountabilityRecord | None = None, *,
                 read_only: bool = False, note: str = "", parent: QWidget | None = None) -> None:  # fmt: skip
        title = self.tr("责任追究") if record else self.tr("新增责任追究")
        super().__init__(runner, title, write, read_only, parent, note)
        self.setObjectName("accountabilityDialog")
        d = record.draft if record else AccountabilityDraft("", AccountabilityMeasure.ADMINISTRATIVE_PENALTY)
        self.party = QLineEdit(d.party, self)
        self.party.setPlaceholderText(self.tr("责任单位名称或责任人姓名"))
        self.party_kind = EnumCombo(PartyKind, self)
        self.party_kind.set_value(d.party_kind)
        self.breach = text_box(self, d.breach, 64, self.tr("违反消防安全管理规定的事实"))
        self.legal_basis = QLineEdit(d.legal_basis, self)
        self.legal_basis.setPlaceholderText(self.tr("例如：《中华人民共和国消防法》第十六条"))
        self.measure = EnumCombo(AccountabilityMeasure, self)
        self.measure.set_value(d.measure)
        self.deciding_body = QLineEdit(d.deciding_body, self)
        self.status = EnumCombo(AccountabilityStatus, self)
        self.status.set_value(d.status)
        self.decided_on = date_field(self, d.decided_on)
        self.outcome = text_box(self, d.outcome, 52)
        self.add_rows((
            ("责任单位或人员", self.party), ("单位或个人", self.party_kind), ("违法违规事实", self.breach),
            ("违反的法律条款", self.legal_basis), ("追责措施", self.measure), ("处理机关", self.deciding_body),
            ("办理状态", self.status), ("处理日期", self.decided_on), ("处理结果", self.outcome),
        ))  # fmt: skip
        self.finish()

    def draft(self) -> AccountabilityDraft:
        return AccountabilityDraft(
            self.party.text(), self.measure.value(), self.party_kind.value(), self.breach.toPlainText(),
            self.legal_basis.text(), self.deciding_body.text(), self.status.value(), self.outcome.toPlainText(),
            self.decided_on.value(),
        )  # fmt: skip


class RecommendationDialog(LoopItemDialog):
    """A lesson learned and the recommendation drawn from it, addressed to a unit, sector or local government."""

    def __init__(self, runner: Runner, write: Write, record: RecommendationRecord | None = None, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:  # fmt: skip
        title = self.tr("事故防范建议") if record else self.tr("新增事故防范建议")
        super().__init__(runner, title, write, read_only, parent)
        self.setObjectName("recommendationDialog")
        d = record.draft if record else RecommendationDraft("", "")
        self.addressee = QLineEdit(d.addressee, self)
        self.addressee.setPlaceholderText(self.tr("例如：玄武区住房和城乡建设局"))
        self.addressee_kind = EnumCombo(AddresseeKind, self)
        self.addressee_kind.set_value(d.addressee_kind)
        self.lesson = text_box(self, d.lesson, 72, self.tr("这起火灾暴露出的问题"))
        self.recommendation = text_box(self, d.recommendation, 96)
        self.add_rows((("建议对象", self.addressee), ("对象类别", self.addressee_kind), ("事故教训", self.lesson),
                       ("防范建议", self.recommendation)))  # fmt: skip
        self.finish()

    def draft(self) -> RecommendationDraft:
        return RecommendationDraft(self.recommendation.toPlainText(), self.addressee.text(),
                                   self.addressee_kind.value(), self.lesson.toPlainText())  # fmt: skip


class MeasureDialog(LoopItemDialog):
    """A corrective measure: what, who by when, the recommendation it carries out, progress and its check. The
    assessment's verdict is given separately (评估结论…) and only shown here."""

    def __init__(self, runner: Runner, write: Write, recommendations: Sequence[RecommendationRecord],
                 record: MeasureRecord | None = None, *, default_deadline: dt.date | None = None,
                 read_only: bool = False, parent: QWidget | None = None) -> None:  # fmt: skip
        title = self.tr("整改措施") if record else self.tr("新增整改措施")
        super().__init__(runner, title, write, read_only, parent)
        self.setObjectName("measureDialog")
        d = record.draft if record else MeasureDraft("", "", default_deadline or dt.date.today())
        self.description = text_box(self, d.description, 72)
        self.owner = QLineEdit(d.owner, self)
        self.owner.setPlaceholderText(self.tr("负责落实的单位"))
        self.deadline = date_field(self, d.deadline, None)
        self.recommendation = QComboBox(self)
        self.recommendation.addItem(self.tr("（不对应具体建议）"), None)
        for r in recommendations:
            self.recommendation.addItem(f"{r.draft.addressee}：{short_text(r.draft.recommendation, 30)}", r.id)
        self.recommendation.setCurrentIndex(max(self.recommendation.findData(d.recommendation_id), 0))
        self.status = EnumCombo(MeasureStatus, self)
        self.status.set_value(d.status)
        self.completed_on = date_field(self, d.completed_on)
        self.completion_note = text_box(self, d.completion_note, 52)
        self.verified_by = QLineEdit(d.verified_by, self)
        self.verified_on = date_field(self, d.verified_on)
        self.add_rows((("整改措施", self.description), ("责任单位", self.owner), ("整改期限", self.deadline),
                       ("对应防范建议", self.recommendation), ("整改状态", self.status),
                       ("完成日期", self.completed_on), ("完成情况", self.completion_note),
                       ("核查人", self.verified_by), ("核查日期", self.verified_on)))  # fmt: skip
        if record is not None and record.verdict is not None:
            verdict = record.verdict.label + (f"（{record.verdict_note}）" if record.verdict_note else "")
            self.add_rows((("评估结论", QLabel(verdict, self)),))
        self.finish()

    def draft(self) -> MeasureDraft:
        return MeasureDraft(self.description.toPlainText(), self.owner.text(), self.deadline.value(),  # type: ignore[arg-type]
                            self.status.value(), self.completed_on.value(), self.completion_note.toPlainText(),
                            self.verified_by.text(), self.verified_on.value(),
                            self.recommendation.currentData())  # fmt: skip

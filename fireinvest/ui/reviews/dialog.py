"""The dialog of one expert review (专家论证): purpose, day, place, the question put, the experts present with each
one's opinion and whether they dissent, the conclusion and the dissent. A draft is edited here; a concluded or
superseded review opens read-only with the reason shown at the top. Saving runs a use case of
services/reviews/lifecycle.py through the runner (the page hands in `write`, which builds it from the draft), and
its refusals stay in the dialog's red panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft, ReviewPurpose
from fireinvest.services.experts import ExpertRecord
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.reviews.reads import ReviewRecord
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import DateField
from fireinvest.ui.widgets.form_dialog import FormDialog

Writing = Callable[[ReviewDraft], Callable[[Workstation], Outcome[ReviewRecord]]]

EXPERT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTE_STYLE = "color: #6b4a00; background: #fff4e0; border: 1px solid #e8c88a; border-radius: 3px; padding: 6px 10px;"
_NAME, _OPINION, _DISSENT = range(3)


class OpinionsTable(QWidget):
    """The experts present, in seat order: pick one from the register to add a row, type their opinion in the
    row, tick 持不同意见 when they disagree with the conclusion."""

    def __init__(self, experts: Sequence[ExpertRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("opinionsTable")
        self.table.setHorizontalHeaderLabels([self.tr("专家"), self.tr("专家意见"), self.tr("持不同意见")])
        self.table.verticalHeader().setVisible(True)  # seat numbers: validation messages say 第2名专家
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_OPINION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_DISSENT, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(_NAME, 220)
        # Opinions wrap: rows follow their text whenever it or the column width changes.
        self.table.itemChanged.connect(lambda _item: self.table.resizeRowsToContents())
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        self.picker = QComboBox(self)
        self.picker.setObjectName("expertPicker")
        self.picker.setMinimumContentsLength(24)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for expert in experts:
            self.picker.addItem(expert.display_name, expert.id)
        self.add_button = QPushButton(self.tr("添加专家"), self)
        self.remove_button = QPushButton(self.tr("移除所选"), self)
        self.add_button.clicked.connect(lambda: self.add_picked())
        self.remove_button.clicked.connect(self.remove_selected)
        self.buttons = [self.picker, self.add_button, self.remove_button]
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        if not experts:
            self.picker.addItem(self.tr("专家库中尚无在用的专家（人员 → 专家库…）"), None)
            self.add_button.setEnabled(False)

    def add_picked(self) -> int | None:
        """Seat the expert chosen in the picker (a second seat for the same expert is refused by the rules)."""
        expert_id = self.picker.currentData()
        if expert_id is None:
            return None
        return self.add_expert(expert_id, self.picker.currentText())

    def pick(self, expert_id: int) -> None:
        self.picker.setCurrentIndex(max(self.picker.findData(expert_id), 0))

    def add_expert(self, expert_id: int, name: str, opinion: str = "", dissents: bool = False) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        who = QTableWidgetItem(name)
        who.setData(EXPERT_ID_ROLE, expert_id)
        who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
        who.setToolTip(name)
        self.table.setItem(row, _NAME, who)
        self.table.setItem(row, _OPINION, QTableWidgetItem(opinion))
        dissent = QTableWidgetItem("")
        dissent.setFlags((dissent.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
        dissent.setCheckState(Qt.CheckState.Checked if dissents else Qt.CheckState.Unchecked)
        self.table.setItem(row, _DISSENT, dissent)
        self.table.resizeRowsToContents()
        self.table.selectRow(row)
        return row

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # add_expert fills every cell of the row it adds
        return item

    def set_opinion(self, row: int, opinion: str, dissents: bool | None = None) -> None:
        self._cell(row, _OPINION).setText(opinion)
        if dissents is not None:
            self._cell(row, _DISSENT).setCheckState(Qt.CheckState.Checked if dissents else Qt.CheckState.Unchecked)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def opinions(self) -> list[ExpertOpinion]:
        self.table.setCurrentItem(None)  # type: ignore[call-overload]  # no current cell: commits one being typed
        return [
            ExpertOpinion(
                self._cell(row, _NAME).data(EXPERT_ID_ROLE),
                self._cell(row, _OPINION).text(),
                self._cell(row, _DISSENT).checkState() == Qt.CheckState.Checked,
            )  # fmt: skip
            for row in range(self.table.rowCount())
        ]

    def set_read_only(self) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row in range(self.table.rowCount()):
            item = self._cell(row, _DISSENT)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEnabled)
        for widget in self.buttons:  # nothing to pick on a frozen review: the row goes away
            widget.hide()


def _text(parent: QWidget, text: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    box.setFixedHeight(height)
    return box


class ReviewDialog(FormDialog):
    """A review: new (`record` None, optionally prefilled with `draft`), a draft being edited, or a frozen one shown
    read-only with `read_only_reason`; `note` is shown in the same place for an editable one (a successor). OK runs
    `write(draft)`, the use case that stores the draft."""

    def __init__(
        self, runner: Runner, experts: Sequence[ExpertRecord], write: Writing, record: ReviewRecord | None = None,
        *, draft: ReviewDraft | None = None, title: str | None = None, read_only_reason: str | None = None,
        note: str | None = None, material: Sequence[str] = (), fixed_purpose: bool = False,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        read_only = read_only_reason is not None
        default_title = self.tr("专家论证") if record else self.tr("新建专家论证")
        super().__init__(title or default_title, parent, runner=runner, read_only=read_only, width=760)
        self.setObjectName("reviewDialog")
        self._write = write
        draft = draft or (record.to_draft() if record else ReviewDraft(held_on=dt.date.today()))
        self.read_only_note = QLabel(read_only_reason or note or "", self)
        self.read_only_note.setObjectName("reviewReadOnlyNote")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet(NOTE_STYLE)
        self.read_only_note.setVisible(bool(read_only_reason or note))
        self.body.insertWidget(0, self.read_only_note)
        self.purpose = QComboBox(self)
        for purpose in ReviewPurpose:
            self.purpose.addItem(purpose.label, purpose.value)
        self.purpose.setCurrentIndex(max(self.purpose.findData(ReviewPurpose(draft.purpose).value), 0))
        self.purpose.setEnabled(not read_only and not fixed_purpose)
        self.held_on = DateField(parent=self)
        self.held_on.set_value(draft.held_on)
        self.place = QLineEdit(draft.place, self)
        self.place.setPlaceholderText(self.tr("例如：支队三楼会议室"))
        self.question = _text(self, draft.question, 56)
        self.question.setPlaceholderText(self.tr("提请专家论证的问题，例如：起火原因能否认定为电气线路短路"))
        seated = {o.expert_id: o for o in record.opinions} if record else {}
        offered = [e for e in experts if e.active]
        self.opinions = OpinionsTable(offered, self)
        self.opinions.table.setMinimumHeight(150)
        names = {e.id: e.display_name for e in experts}
        for opinion in draft.opinions:
            known = seated.get(opinion.expert_id)
            name = names.get(opinion.expert_id) or (known.name if known else str(opinion.expert_id))
            self.opinions.add_expert(opinion.expert_id, name, opinion.opinion, opinion.dissents)
        self.opinions.table.clearSelection()  # open at the first seat, nothing highlighted
        self.opinions.table.scrollToTop()
        self.conclusion = _text(self, draft.conclusion, 72)
        self.dissent = _text(self, draft.dissent, 48)
        self.dissent.setPlaceholderText(self.tr("持不同意见的专家及其意见"))
        self.add_rows((("论证类型", self.purpose), ("论证日期", self.held_on), ("论证地点", self.place),
                       ("论证事项", self.question), ("出席专家", self.opinions), ("论证结论", self.conclusion),
                       ("不同意见", self.dissent)))  # fmt: skip
        if material:
            self.material = QLabel("、".join(material), self)
            self.material.setWordWrap(True)
            self.add_rows((("论证材料", self.material),))
        self.finish()  # read-only: also locks the opinions table and the day (their set_read_only)
        if read_only:
            for box in (self.question, self.dissent):
                box.setPlaceholderText(self.tr("（无）"))

    def draft(self) -> ReviewDraft:
        return ReviewDraft(ReviewPurpose(self.purpose.currentData()), self.held_on.value(), self.place.text(),
                           self.question.toPlainText(), self.opinions.opinions(), self.conclusion.toPlainText(),
                           self.dissent.toPlainText())  # fmt: skip

    def save(self) -> None:
        self.run_write(self._write(self.draft()))

"""Dialogs of the 笔录 tab: a scene inspection record and an interview record, new or edited, or shown read-only
once the case is determined. Every write is a use case of services.records run through the runner; its refusals
stay in the dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import utc_now
from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.records import InspectionRecord, InterviewRecord
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import DateTimeField
from fireinvest.ui.widgets.form_dialog import FormDialog


class RowsTable(QWidget):
    """A small editable table of text rows with buttons to add, remove and (optionally) move rows."""

    def __init__(self, headers: Sequence[str], movable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().setVisible(movable)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("添加"), self)
        self.remove_button = QPushButton(self.tr("删除"), self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.buttons: list[QPushButton] = [self.add_button, self.remove_button]
        if movable:
            up, down = QPushButton(self.tr("上移"), self), QPushButton(self.tr("下移"), self)
            up.clicked.connect(lambda: self.move_row(-1))
            down.clicked.connect(lambda: self.move_row(1))
            self.buttons += [up, down]
        column = QVBoxLayout()
        for button in self.buttons:
            column.addWidget(button)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(column)

    def add_row(self, values: Sequence[str] = ()) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            text = values[column] if column < len(values) else ""
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.selectRow(row)
        return row

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        values = self.row_values(row)
        self.table.removeRow(row)
        self.table.insertRow(target)
        for column, text in enumerate(values):
            self.table.setItem(target, column, QTableWidgetItem(text))
        self.table.selectRow(target)

    def row_values(self, row: int) -> list[str]:
        items = (self.table.item(row, c) for c in range(self.table.columnCount()))
        return [item.text() if item is not None else "" for item in items]

    def rows(self) -> list[list[str]]:
        """Rows that are not entirely empty, in table order."""
        self.table.setCurrentIndex(QModelIndex())  # no current cell: one still being edited is committed
        rows = [self.row_values(r) for r in range(self.table.rowCount())]
        return [r for r in rows if any(text.strip() for text in r)]

    def set_read_only(self) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for button in self.buttons:
            button.setEnabled(False)


def _text_box(parent: QWidget, text: str = "", height: int = 0) -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    if height:
        box.setFixedHeight(height)
    return box


class InspectionDialog(FormDialog):
    """A scene inspection record (现场勘验笔录); `record` None for a new one."""

    def __init__(
        self,
        zone,
        write: Callable[[InspectionDraft], Callable[[Workstation], Outcome[InspectionRecord]]],
        runner: Runner,
        record: InspectionRecord | None = None,
        inspector: str = "",
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("现场勘验笔录") if record else self.tr("新建现场勘验笔录")
        super().__init__(title, parent, runner=runner, read_only=read_only, width=640)
        self.setObjectName("inspectionDialog")
        self._write = write
        draft = record.to_draft() if record else InspectionDraft()
        self.started_at = DateTimeField(zone, parent=self)
        self.started_at.set_value(draft.started_at or utc_now().replace(second=0, microsecond=0))
        self.ended_at = DateTimeField(zone, self.tr("未填写"), parent=self)
        self.ended_at.set_value(draft.ended_at, default=draft.started_at)
        self.place = QLineEdit(draft.place, self)
        self.weather_sky = QLineEdit(draft.weather_sky, self)
        self.weather_sky.setPlaceholderText(self.tr("晴、阴、雨…"))
        self.wind = QLineEdit(draft.wind, self)
        self.wind.setPlaceholderText(self.tr("风向风力"))
        self.temperature = QLineEdit(draft.temperature, self)
        self.temperature.setPlaceholderText(self.tr("温度"))
        weather = QWidget(self)
        weather_layout = QHBoxLayout(weather)
        weather_layout.setContentsMargins(0, 0, 0, 0)
        for edit in (self.weather_sky, self.wind, self.temperature):
            weather_layout.addWidget(edit)
        self.lighting = QLineEdit(draft.lighting, self)
        self.witness = QLineEdit(draft.witness, self)
        self.inspectors = RowsTable([self.tr("姓名"), self.tr("单位"), self.tr("职务")], parent=self)
        self.inspectors.setObjectName("inspectorsTable")
        self.inspectors.table.setFixedHeight(110)
        for person in draft.inspectors:
            self.inspectors.add_row((person.name, person.unit, person.title))
        if record is None and inspector:
            self.inspectors.add_row((inspector,))
        self.add_rows((
            ("开始时间", self.started_at), ("结束时间", self.ended_at), ("勘验地点", self.place),
            ("天气", weather), ("光照条件", self.lighting), ("见证人", self.witness), ("勘验人员", self.inspectors),
        ))  # fmt: skip
        self.findings = QTabWidget(self)
        self.surroundings = _text_box(self, draft.surroundings)
        self.preliminary = _text_box(self, draft.preliminary)
        self.detailed = _text_box(self, draft.detailed)
        self.special = _text_box(self, draft.special)
        for label, box in (("环境勘验", self.surroundings), ("初步勘验", self.preliminary),
                           ("细项勘验", self.detailed), ("专项勘验", self.special)):  # fmt: skip
            self.findings.addTab(box, self.tr(label))
        self.body.addWidget(self.findings, 1)
        self.finish()

    def draft(self) -> InspectionDraft:
        people = [Inspector(*row) for row in self.inspectors.rows()]
        return InspectionDraft(
            self.started_at.value(), self.ended_at.value(), self.place.text(), people, self.witness.text(),
            self.weather_sky.text(), self.wind.text(), self.temperature.text(), self.lighting.text(),
            self.surroundings.toPlainText(), self.preliminary.toPlainText(), self.detailed.toPlainText(),
            self.special.toPlainText(),
        )  # fmt: skip

    def save(self) -> None:
        draft = self.draft()
        self.run_write(self._write(draft))


class InterviewDialog(FormDialog):
    """An interview record (询问笔录); `record` None for a new one. Interviewers are typed comma-separated."""

    def __init__(
        self,
        zone,
        write: Callable[[InterviewDraft], Callable[[Workstation], Outcome[InterviewRecord]]],
        runner: Runner,
        record: InterviewRecord | None = None,
        interviewer: str = "",
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("询问笔录") if record else self.tr("新建询问笔录")
        super().__init__(title, parent, runner=runner, read_only=read_only, width=640)
        self.setObjectName("interviewDialog")
        self._write = write
        draft = record.to_draft() if record else InterviewDraft(interviewers=[interviewer] if interviewer else [])
        self.interviewee = QLineEdit(draft.interviewee, self)
        self.id_number = QLineEdit(draft.id_number, self)
        self.role = QLineEdit(draft.role, self)
        self.role.setPlaceholderText(self.tr("报警人、当事人、目击者…"))
        self.contact = QLineEdit(draft.contact, self)
        self.started_at = DateTimeField(zone, parent=self)
        self.started_at.set_value(draft.started_at or utc_now().replace(second=0, microsecond=0))
        self.ended_at = DateTimeField(zone, self.tr("未填写"), parent=self)
        self.ended_at.set_value(draft.ended_at, default=draft.started_at)
        self.place = QLineEdit(draft.place, self)
        self.interviewers = QLineEdit("、".join(draft.interviewers), self)
        self.interviewers.setPlaceholderText(self.tr("多人用逗号分隔"))
        self.refused_to_sign = QCheckBox(self.tr("被询问人拒绝签名"), self)
        self.refused_to_sign.setChecked(draft.refused_to_sign)
        self.add_rows((
            ("被询问人姓名", self.interviewee), ("身份证件号码", self.id_number), ("被询问人身份", self.role),
            ("联系方式", self.contact), ("开始时间", self.started_at), ("结束时间", self.ended_at),
            ("询问地点", self.place), ("询问人", self.interviewers),
        ))  # fmt: skip
        self.questions = RowsTable([self.tr("问"), self.tr("答")], movable=True, parent=self)
        self.questions.setObjectName("questionsTable")
        self.questions.table.setWordWrap(True)
        for qa in draft.questions:
            self.questions.add_row((qa.question, qa.answer))
        self.body.addWidget(QLabel(self.tr("问答内容："), self))
        self.body.addWidget(self.questions, 1)
        self.body.addWidget(self.refused_to_sign)
        self.finish()

    def draft(self) -> InterviewDraft:
        names = self.interviewers.text().replace("，", ",").replace("、", ",").split(",")
        questions = [QuestionAnswer(q, a) for q, a in self.questions.rows()]
        return InterviewDraft(
            self.interviewee.text(), self.id_number.text(), self.role.text(), self.contact.text(),
            self.started_at.value(), self.ended_at.value(), self.place.text(),
            [n.strip() for n in names if n.strip()], questions, self.refused_to_sign.isChecked(),
        )  # fmt: skip

    def save(self) -> None:
        draft = self.draft()
        self.run_write(self._write(draft))

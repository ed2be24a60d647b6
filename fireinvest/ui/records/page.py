"""The 笔录 tab of the case editor: the case's scene inspection records (现场勘验笔录) and interview records
(询问笔录), each list with buttons to add and edit; read-only once the case is determined."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.db import Database
from fireinvest.rules.records import InspectionDraft, InterviewDraft, read_only_reason
from fireinvest.services import records, workflow
from fireinvest.services.actor import Actor
from fireinvest.services.records import InspectionRecord, InterviewRecord
from fireinvest.ui.records.dialogs import InspectionDialog, InterviewDialog

_INSPECTION_HEADERS = ("开始时间", "勘验地点", "勘验人员")
_INTERVIEW_HEADERS = ("开始时间", "被询问人", "身份", "询问人")


def _table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(text))


class RecordsPage(QWidget):
    def __init__(self, database: Database, actor: Actor, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database, self._actor, self._zone = database, actor, zone
        self._case_id: int | None = None
        self._editable = True
        self.read_only = False
        self.inspections: list[InspectionRecord] = []
        self.interviews: list[InterviewRecord] = []
        self.placeholder = QLabel(self.tr("保存案件后即可填写笔录。"), self)
        self.read_only_note = QLabel(self.tr("已作出认定，笔录只读"), self)
        self.read_only_note.setObjectName("recordsReadOnlyNote")
        self.inspection_table = _table(self, [self.tr(h) for h in _INSPECTION_HEADERS], "inspectionTable")
        self.interview_table = _table(self, [self.tr(h) for h in _INTERVIEW_HEADERS], "interviewTable")
        self.new_inspection_button = QPushButton(self.tr("新建…"), self)
        self.edit_inspection_button = QPushButton(self.tr("编辑…"), self)
        self.new_interview_button = QPushButton(self.tr("新建…"), self)
        self.edit_interview_button = QPushButton(self.tr("编辑…"), self)
        self.new_inspection_button.clicked.connect(lambda: self.new_inspection())
        self.edit_inspection_button.clicked.connect(lambda: self.edit_inspection())
        self.new_interview_button.clicked.connect(lambda: self.new_interview())
        self.edit_interview_button.clicked.connect(lambda: self.edit_interview())
        self.inspection_table.doubleClicked.connect(lambda _index: self.edit_inspection())
        self.interview_table.doubleClicked.connect(lambda _index: self.edit_interview())
        self.inspection_table.itemSelectionChanged.connect(self._update_buttons)
        self.interview_table.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.read_only_note)
        for title, table, buttons in (
            ("现场勘验笔录", self.inspection_table, (self.new_inspection_button, self.edit_inspection_button)),
            ("询问笔录", self.interview_table, (self.new_interview_button, self.edit_interview_button)),
        ):
            box = QGroupBox(self.tr(title), self)
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            inner = QVBoxLayout(box)
            inner.addWidget(table, 1)
            inner.addLayout(row)
            layout.addWidget(box, 1)
        self.set_case(None)

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self._case_id, self._editable = case_id, editable
        self.placeholder.setVisible(case_id is None)
        self.reload()

    def reload(self) -> None:
        if self._case_id is None:
            self.inspections, self.interviews, locked = [], [], False
        else:
            with self._database.reading() as session:
                self.inspections = records.list_inspections(session, self._case_id)
                self.interviews = records.list_interviews(session, self._case_id)
                timeline = workflow.case_timeline(session, self._case_id)
            locked = read_only_reason("", timeline.status, [e.type for e in timeline.events]) is not None
        self.read_only = locked or not self._editable
        self.read_only_note.setVisible(self._case_id is not None and self.read_only)
        _fill(self.inspection_table, [
            (format_local(r.started_at, self._zone), r.place, "、".join(i.name for i in r.inspectors))
            for r in self.inspections
        ])  # fmt: skip
        _fill(self.interview_table, [
            (format_local(r.started_at, self._zone), r.interviewee, r.role, "、".join(r.interviewers))
            for r in self.interviews
        ])  # fmt: skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self._case_id is not None and not self.read_only
        self.new_inspection_button.setEnabled(writable)
        self.new_interview_button.setEnabled(writable)
        self.edit_inspection_button.setEnabled(writable and self._selected(self.inspection_table) is not None)
        self.edit_interview_button.setEnabled(writable and self._selected(self.interview_table) is not None)

    @staticmethod
    def _selected(table: QTableWidget) -> int | None:
        rows = {index.row() for index in table.selectedIndexes()}
        return rows.pop() if len(rows) == 1 else None

    def _write(self, action: Callable):
        with self._database.writing() as session:
            return action(session)

    def new_inspection(self) -> None:
        if self._case_id is None or self.read_only:
            return
        case_id = self._case_id

        def write(draft: InspectionDraft) -> InspectionRecord:
            return self._write(lambda s: records.create_inspection(s, self._actor, case_id, draft))

        self._run(InspectionDialog(self._zone, write, inspector=self._actor.name, parent=self))

    def edit_inspection(self) -> None:
        """Edit the selected record; after the determination (double-click) it opens read-only."""
        row = self._selected(self.inspection_table)
        if row is None:
            return
        record = self.inspections[row]

        def write(draft: InspectionDraft) -> InspectionRecord:
            return self._write(lambda s: records.update_inspection(s, self._actor, record.id, record.version, draft))

        read_only = self.read_only or record.read_only
        self._run(InspectionDialog(self._zone, write, record, read_only=read_only, parent=self))

    def new_interview(self) -> None:
        if self._case_id is None or self.read_only:
            return
        case_id = self._case_id

        def write(draft: InterviewDraft) -> InterviewRecord:
            return self._write(lambda s: records.create_interview(s, self._actor, case_id, draft))

        self._run(InterviewDialog(self._zone, write, interviewer=self._actor.name, parent=self))

    def edit_interview(self) -> None:
        row = self._selected(self.interview_table)
        if row is None:
            return
        record = self.interviews[row]

        def write(draft: InterviewDraft) -> InterviewRecord:
            return self._write(lambda s: records.update_interview(s, self._actor, record.id, record.version, draft))

        read_only = self.read_only or record.read_only
        self._run(InterviewDialog(self._zone, write, record, read_only=read_only, parent=self))

    def _run(self, dialog) -> None:
        if dialog.exec():
            self.reload()
        dialog.deleteLater()

"""The 笔录 tab of the case editor: the case's scene inspection records (现场勘验笔录) and interview records
(询问笔录), each list with buttons to add and edit; read-only once the case is determined.

The tab reads again when the hub says the case's records changed, or its timeline (a determination recorded on the
程序与期限 tab, or at another workstation, makes the records read-only)."""

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
from fireinvest.rules.records import InspectionDraft, InterviewDraft
from fireinvest.services import records
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.records import CaseRecords, InspectionRecord, InterviewRecord
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.records.dialogs import InspectionDialog, InterviewDialog
from fireinvest.ui.runner import Runner

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


class RecordsPage(CaseTab):
    """Both kinds of record of one case; `read_only` once the case is determined (or not editable here)."""

    PARTS = (Part.RECORDS, Part.TIMELINE)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._zone = zone
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
        self.placeholder.setVisible(case_id is None)
        super().set_case(case_id, editable)
        self._update_buttons()  # nothing may be written before the case's records are read

    def show_no_case(self) -> None:
        self.show_data(CaseRecords((), (), None))

    def read(self, workstation: Workstation, case_id: int) -> CaseRecords:
        return records.case_records(workstation, case_id)

    def show_data(self, data: CaseRecords) -> None:
        self.inspections, self.interviews = list(data.inspections), list(data.interviews)
        self.read_only = data.read_only_reason is not None or not self.editable
        self.read_only_note.setVisible(self.case_id is not None and self.read_only)
        _fill(self.inspection_table, [
            (format_local(r.started_at, self._zone), r.place, "、".join(i.name for i in r.inspectors))
            for r in self.inspections
        ])  # fmt: skip
        _fill(self.interview_table, [
            (format_local(r.started_at, self._zone), r.interviewee, r.role, "、".join(r.interviewers))
            for r in self.interviews
        ])  # fmt: skip
        self._update_buttons()

    def select_record(self, kind: str, record_id: int) -> None:
        ids = [r.id for r in (self.inspections if kind == "inspection" else self.interviews)]
        table = self.inspection_table if kind == "inspection" else self.interview_table
        if record_id in ids:
            table.selectRow(ids.index(record_id))
            table.setFocus()

    def _update_buttons(self) -> None:
        writable = self.case_id is not None and self.loaded and not self.read_only
        self.new_inspection_button.setEnabled(writable)
        self.new_interview_button.setEnabled(writable)
        self.edit_inspection_button.setEnabled(writable and self._selected(self.inspection_table) is not None)
        self.edit_interview_button.setEnabled(writable and self._selected(self.interview_table) is not None)

    @staticmethod
    def _selected(table: QTableWidget) -> int | None:
        rows = {index.row() for index in table.selectedIndexes()}
        return rows.pop() if len(rows) == 1 else None

    def new_inspection(self) -> None:
        if self.case_id is None or self.read_only:
            return
        case_id = self.case_id

        def work(draft: InspectionDraft) -> Callable[[Workstation], Outcome[InspectionRecord]]:
            return lambda workstation: records.create_inspection(workstation, case_id, draft)

        self._run(InspectionDialog(self._zone, work, self.runner, inspector=self.runner.actor_name, parent=self))

    def edit_inspection(self) -> None:
        """Edit the selected record; after the determination (double-click) it opens read-only."""
        row = self._selected(self.inspection_table)
        if row is None:
            return
        record = self.inspections[row]

        def work(draft: InspectionDraft) -> Callable[[Workstation], Outcome[InspectionRecord]]:
            return lambda workstation: records.update_inspection(workstation, record.id, record.version, draft)

        read_only = self.read_only or record.read_only
        self._run(InspectionDialog(self._zone, work, self.runner, record, read_only=read_only, parent=self))

    def new_interview(self) -> None:
        if self.case_id is None or self.read_only:
            return
        case_id = self.case_id

        def work(draft: InterviewDraft) -> Callable[[Workstation], Outcome[InterviewRecord]]:
            return lambda workstation: records.create_interview(workstation, case_id, draft)

        self._run(InterviewDialog(self._zone, work, self.runner, interviewer=self.runner.actor_name, parent=self))

    def edit_interview(self) -> None:
        row = self._selected(self.interview_table)
        if row is None:
            return
        record = self.interviews[row]

        def work(draft: InterviewDraft) -> Callable[[Workstation], Outcome[InterviewRecord]]:
            return lambda workstation: records.update_interview(workstation, record.id, record.version, draft)

        read_only = self.read_only or record.read_only
        self._run(InterviewDialog(self._zone, work, self.runner, record, read_only=read_only, parent=self))

    @staticmethod
    def _run(dialog) -> None:
        dialog.exec()  # what the dialog saved reaches this tab through the hub
        dialog.deleteLater()

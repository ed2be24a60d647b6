"""The 程序与期限 tab of the case editor: the case's events and its deadlines side by side, each deadline with what
it was computed from, and the button that records the next step. Read again whenever the case's timeline changes
(a step recorded here, a laboratory step on the 物证 tab, a new alarm time on the 基本情况 tab)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.rules.deadlines import Deadline, DeadlineStatus
from fireinvest.rules.workflow import ReviewOutcome, ServiceMethod
from fireinvest.services import workflow
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from fireinvest.services.people import PeopleNames, people_names
from fireinvest.services.workflow import CaseTimeline, TimelineEntry
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.editor.step_dialog import StepDialog
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.boxes import titled_box
from fireinvest.ui.widgets.deadline_style import LAPSED_COLOUR, days_left_text, deadline_colour


def describe_details(entry: TimelineEntry) -> str:
    """The details of an event in words: 送达方式、申请人、复核结论、批准机构 …"""
    d = entry.details
    parts = []
    if "method" in d:
        parts.append(ServiceMethod(d["method"]).label)
    if "applicant" in d:
        parts.append(f"申请人：{d['applicant']}")
    if "outcome" in d:
        parts.append("维持原认定" if d["outcome"] == ReviewOutcome.UPHELD else "责令重新认定")
    if "approved_by" in d:
        parts.append(f"批准：{d['approved_by']}")
    if "item" in d:
        parts.append(f"物证：{d['item']}")
    if "cause_category" in d:
        parts.append(f"认定原因：{d['cause_category']}")
    if d.get("excluded_causes"):
        parts.append(f"排除：{'、'.join(d['excluded_causes'])}")
    if d.get("note"):
        parts.append(d["note"])
    return "；".join(parts)


def _lapsed_party_window(deadline: Deadline) -> bool:
    """A party's window (loss declaration, review application) that closed unused is not the team being late."""
    return deadline.responsible == "party" and deadline.status == DeadlineStatus.OVERDUE


def _item(text: str, colour: QColor | None = None, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if colour is not None:
        item.setForeground(QBrush(colour))
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(False)
    return table


class TimelinePage(CaseTab):
    """Shows a saved case's timeline and records the next step."""

    PARTS = (Part.TIMELINE,)

    def __init__(self, runner: Runner, zone, cause_names: list[str], parent: QWidget | None = None):
        super().__init__(runner, parent)
        self._zone, self._cause_names = zone, cause_names
        self._party_names: list[str] = []
        self.timeline: CaseTimeline | None = None
        self._names: PeopleNames | None = None  # read with the timeline

        self.placeholder = QLabel(self.tr("保存案件后即可记录程序步骤并计算法定期限。"), self)
        self.warning = QLabel(self)
        self.warning.setObjectName("calendarWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300; background: #fff4e0; padding: 4px 8px; border-radius: 3px;")
        self.warning.hide()
        self.events = _table([self.tr("时间"), self.tr("步骤"), self.tr("承办人"), self.tr("详情")], self)
        self.events.setObjectName("timelineEvents")
        self.deadlines = _table([self.tr("期限"), self.tr("事项"), self.tr("状态"), self.tr("计算依据")], self)
        self.deadlines.setObjectName("timelineDeadlines")
        self.record_button = QPushButton(self.tr("记录程序步骤…"), self)
        self.record_button.setObjectName("recordStepButton")
        self.record_button.clicked.connect(self.ask_for_step)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(titled_box(self.tr("<b>程序事件</b>"), self.events, self))
        splitter.addWidget(titled_box(self.tr("<b>法定期限</b>"), self.deadlines, self))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.warning)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.set_case(None)

    def set_parties(self, party_names: list[str]) -> None:
        """The parties a review application may come from (the case's, as last saved)."""
        self._party_names = party_names

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self.placeholder.setVisible(case_id is None)
        self.record_button.setEnabled(case_id is not None and editable)
        super().set_case(case_id, editable)

    def show_no_case(self) -> None:
        self.timeline = None
        self.events.setRowCount(0)
        self.deadlines.setRowCount(0)

    def read(self, workstation: Workstation, case_id: int) -> tuple[CaseTimeline, PeopleNames]:
        # Who did each step is shown by the register's name for their login, as the documents name them.
        return workflow.case_timeline(workstation, case_id), people_names(workstation)

    def show_data(self, data: tuple[CaseTimeline, PeopleNames]) -> None:
        timeline, self._names = data
        self.timeline = timeline
        self.events.setRowCount(len(timeline.events))
        for row, entry in enumerate(timeline.events):
            recorded = f"{entry.recorded_by} 于 {format_local(entry.recorded_at, self._zone)} 录入"
            self.events.setItem(row, 0, _item(format_local(entry.time, self._zone), tooltip=recorded))
            self.events.setItem(row, 1, _item(self.tr(entry.label)))
            self.events.setItem(row, 2, _item(self._names.name(entry.performed_by)))
            self.events.setItem(row, 3, _item(describe_details(entry)))
        today = dt.datetime.now(self._zone).date()
        self.deadlines.setRowCount(len(timeline.deadlines))
        for row, deadline in enumerate(timeline.deadlines):
            colour = (
                LAPSED_COLOUR
                if _lapsed_party_window(deadline)
                else deadline_colour(deadline.status, deadline.due, today)
            )
            self.deadlines.setItem(row, 0, _item(deadline.due.isoformat(), colour))
            self.deadlines.setItem(row, 1, _item(self._deadline_label(deadline)))
            self.deadlines.setItem(row, 2, _item(self._status_text(deadline, today), colour))
            self.deadlines.setItem(row, 3, _item(deadline.basis, tooltip=deadline.basis))
        self.warning.setText("\n".join(timeline.calendar_warnings))
        self.warning.setVisible(bool(timeline.calendar_warnings))

    def _deadline_label(self, deadline: Deadline) -> str:
        return deadline.label + (self.tr("（当事人）") if deadline.responsible == "party" else "")

    def _status_text(self, deadline: Deadline, today: dt.date) -> str:
        if deadline.status == DeadlineStatus.MET and deadline.met_on is not None:
            return self.tr("已完成 %1").replace("%1", deadline.met_on.isoformat())
        if _lapsed_party_window(deadline):
            return self.tr("期限已过（当事人未行使）")
        if deadline.suspended:
            return self.tr("检验鉴定中，暂停")
        return days_left_text(deadline.due, today)

    def ask_for_step(self) -> None:
        """Ask for the next step and record it; the hub then refreshes this tab and whatever else it changed."""
        if self.case_id is None or not self.editable:
            return
        performer = self._names.acting if self._names is not None else self.runner.actor_name
        dialog = StepDialog(self.runner, self.case_id, self._zone, self._party_names, self._cause_names, performer,
                            self)  # fmt: skip
        dialog.exec()
        dialog.deleteLater()

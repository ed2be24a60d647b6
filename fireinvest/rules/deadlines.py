"""Statutory deadlines of a case, computed from its timeline (DOMAIN.md section 3) with the reasons shown.

Every deadline says what it was computed from (`basis`), so an investigator can check it against the rules and a
reviewer can see why a date moved (laboratory days, an extension, a holiday).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fireinvest.rules.case_facts import Procedure
from fireinvest.rules.periods import DayCount, Period, excluded_days, period_end
from fireinvest.rules.workflow import EventType, ReviewOutcome, ServiceMethod, WorkflowEvent
from fireinvest.rules.working_calendar import WorkingCalendar


class DeadlineStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"open": "未到期", "met": "已完成", "overdue": "已逾期"}[self.value]


@dataclass(frozen=True)
class PeriodRule:
    kind: str
    label: str
    period: Period
    responsible: str  # "agency": the team must act; "party": a window the parties may use


def parse_period_rules(data: Mapping[str, Any]) -> dict[str, PeriodRule]:
    """Period rules from the reference structure (resources/reference/periods.json or a stored override)."""
    rules = {}
    for kind, raw in data["periods"].items():
        length = int(raw["length"])
        if length <= 0:
            raise ValueError(f"period {kind} must be positive")
        rules[kind] = PeriodRule(
            kind, raw["label"], Period(length, DayCount(raw["count"])), raw.get("responsible", "agency")
        )
    return rules


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due: dt.date
    status: DeadlineStatus
    basis: str
    responsible: str
    met_on: dt.date | None = None
    estimated_calendar: bool = False  # the holiday schedule of the due year is not published: weekends assumed
    suspended: bool = False  # the period is paused (evidence at a laboratory); `due` is as of today and will move


def deadline_status(due: dt.date, met_on: dt.date | None, suspended: bool, today: dt.date) -> DeadlineStatus:
    """Met once its event happened; overdue when the last day has passed without it (never while paused)."""
    if met_on is not None:
        return DeadlineStatus.MET
    return DeadlineStatus.OVERDUE if due < today and not suspended else DeadlineStatus.OPEN


@dataclass(frozen=True)
class DeadlineFacts:
    procedure: Procedure
    alarm_day: dt.date
    extinguished_day: dt.date | None


class _Builder:
    def __init__(self, rules: Mapping[str, PeriodRule], calendar: WorkingCalendar, today: dt.date) -> None:
        self.rules, self.calendar, self.today = rules, calendar, today
        self.deadlines: list[Deadline] = []

    def end(self, kind: str, start: dt.date, extra_days: int = 0) -> dt.date:
        return period_end(start, self.rules[kind].period, self.calendar, extra_days)

    def add(self, kind: str, due: dt.date, basis: str, met: WorkflowEvent | None, suspended: bool = False) -> None:
        rule = self.rules[kind]
        met_on = met.day if met is not None else None
        status = deadline_status(due, met_on, suspended, self.today)
        estimated = self.calendar.is_estimated(due.year)
        self.deadlines.append(
            Deadline(kind, rule.label, due, status, basis, rule.responsible, met_on, estimated, suspended)
        )

    def simple(self, kind: str, start: WorkflowEvent | dt.date, what: str, met: WorkflowEvent | None) -> dt.date:
        """A deadline that is just the period from one starting day."""
        day = start.day if isinstance(start, WorkflowEvent) else start
        period = self.rules[kind].period
        due = self.end(kind, day)
        self.add(kind, due, f"{what} {day.isoformat()} 起 {period}{_shift_note(day, due, period)}", met)
        return due


def _shift_note(start: dt.date, due: dt.date, period: Period) -> str:
    if period.count is DayCount.CALENDAR and due != start + dt.timedelta(days=period.length):
        return "，末日为节假日顺延至工作日"
    return ""


def _first(events: Sequence[WorkflowEvent], kind: EventType, after: dt.datetime | None = None) -> WorkflowEvent | None:
    return next((e for e in events if e.type == kind and (after is None or e.time >= after)), None)


def compute_deadlines(
    facts: DeadlineFacts,
    events: Sequence[WorkflowEvent],
    rules: Mapping[str, PeriodRule],
    calendar: WorkingCalendar,
    today: dt.date,
) -> list[Deadline]:
    """Every deadline the case has reached so far, in time order of their start."""
    events = sorted(events, key=lambda e: e.time)
    b = _Builder(rules, calendar, today)
    if facts.extinguished_day is not None:
        b.simple("loss_declaration", facts.extinguished_day, "扑灭", _first(events, EventType.LOSSES_DECLARED))
    if facts.procedure == Procedure.SIMPLE:
        determined = _first(events, EventType.SIMPLE_DETERMINED)
        if determined is not None:
            b.simple("simple_filing", determined, "当场认定", _first(events, EventType.SIMPLE_FILED))
        return b.deadlines
    _determination(b, facts, events)
    _service_and_review(b, events)
    _copies(b, events)
    return b.deadlines


def _determination(b: _Builder, facts: DeadlineFacts, events: Sequence[WorkflowEvent]) -> None:
    determined = _first(events, EventType.DETERMINED)
    intervals = _lab_intervals(events)
    suspended = determined is None and any(end is None for _, end in intervals)
    lab_days = excluded_days(intervals, today=(determined.day if determined else b.today))
    first_end = b.end("determination", facts.alarm_day, lab_days)
    basis = f"接警 {facts.alarm_day.isoformat()} 起 {b.rules['determination'].period}"
    if lab_days:
        basis += f"，另加检验鉴定 {lab_days} 日"
    if suspended:
        basis += "（检验鉴定尚未返回，期限暂停计算）"
    due = first_end
    extension = _first(events, EventType.EXTENSION_APPROVED)
    if extension is not None:
        due = b.end("extension", first_end)
        approver = extension.details.get("approved_by", "")
        period = b.rules["extension"].period
        basis += f"；{extension.day.isoformat()} 经{approver}批准延长 {period}（自 {first_end.isoformat()} 起）"
    nominal = facts.alarm_day + dt.timedelta(days=b.rules["determination"].period.length + lab_days)
    if extension is None and due != nominal:
        basis += "，末日为节假日顺延至工作日"
    b.add("determination", due, basis, determined, suspended)


def _lab_intervals(events: Sequence[WorkflowEvent]) -> list[tuple[dt.date, dt.date | None]]:
    """Pairs of sending and report days; an item's report closes its own submission (matched by item), else the
    oldest open one."""
    open_sends: list[WorkflowEvent] = []
    intervals: list[tuple[dt.date, dt.date | None]] = []
    for event in events:
        if event.type == EventType.LAB_SENT:
            open_sends.append(event)
        elif event.type == EventType.LAB_RETURNED and open_sends:
            item = event.details.get("item")
            match = next((s for s in open_sends if item and s.details.get("item") == item), open_sends[0])
            open_sends.remove(match)
            intervals.append((match.day, event.day))
    intervals += [(s.day, None) for s in open_sends]
    return intervals


def _service_and_review(b: _Builder, events: Sequence[WorkflowEvent]) -> None:
    for determined in (e for e in events if e.type in (EventType.DETERMINED, EventType.REDETERMINED)):
        served = _first(events, EventType.SERVED, after=determined.time)
        b.simple("service", determined, "作出认定", served)
        if served is None:
            continue
        effective = served.day
        what = "送达"
        if served.details.get("method") == ServiceMethod.PUBLIC_NOTICE:
            effective = b.end("public_notice_deemed_served", served.day)
            what = f"公告（{served.day.isoformat()}）期满视为送达"
        if determined.type == EventType.DETERMINED:
            b.simple("review_application", effective, what, _first(events, EventType.REVIEW_APPLIED, after=served.time))
    applied = _first(events, EventType.REVIEW_APPLIED)
    if applied is None:
        return
    decided = next((e for e in events if e.type in (EventType.REVIEW_ACCEPTED, EventType.REVIEW_REFUSED)), None)
    b.simple("review_acceptance", applied, "收到复核申请", decided)
    accepted = _first(events, EventType.REVIEW_ACCEPTED)
    if accepted is None:
        return
    b.simple("case_file_transfer", accepted, "复核受理通知", _first(events, EventType.CASE_FILE_SENT))
    concluded = _first(events, EventType.REVIEW_CONCLUDED)
    b.simple("review_conclusion", accepted, "复核受理", concluded)
    if concluded is not None and concluded.details.get("outcome") == ReviewOutcome.REDETERMINE:
        b.simple("redetermination", concluded, "收到复核结论", _first(events, EventType.REDETERMINED))


def _copies(b: _Builder, events: Sequence[WorkflowEvent]) -> None:
    provided = [e for e in events if e.type == EventType.COPY_PROVIDED]
    for number, request in enumerate(e for e in events if e.type == EventType.COPY_REQUESTED):
        b.simple("copy_provision", request, "申请复制", provided[number] if number < len(provided) else None)

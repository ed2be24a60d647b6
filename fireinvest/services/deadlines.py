"""Deadlines of cases: computing and storing them, the to-do list across cases, and the holiday calendar.

Deadlines are derived data. They are stored (table case_deadlines) only so that "what is overdue or due this week
across every case" is one indexed query; they are recomputed for a case whenever its timeline or dates change, and
for all open cases whenever what they depend on changes (period rules, administrator holidays, the published
holiday calendar): see `ensure_deadlines_current`.

Use cases: `todo_list`, `period_rules_data` and `calendar_year` read; `replace_period_rules` and
`set_calendar_entries` write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version as package_version
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import CalendarEntry, CaseDeadline, CaseEvent, CaseInvestigator, FireCase, Person
from fireinvest.reference_files import load_reference
from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.deadlines import (
    Deadline,
    DeadlineFacts,
    DeadlineStatus,
    PeriodRule,
    compute_deadlines,
    deadline_status,
    parse_period_rules,
)
from fireinvest.rules.workflow import EventType, WorkflowEvent
from fireinvest.rules.working_calendar import CalendarDay, WorkingCalendar
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.settings import load_agency_settings, load_setting, store_setting_values
from fireinvest.services.unit_of_work import UnitOfWork

PERIODS_KEY = "deadline_periods"
FINGERPRINT_KEY = "deadline_fingerprint"
FINISHED_STATUSES = (CaseStatus.CLOSED.value, CaseStatus.VOIDED.value)  # cases that keep no deadlines
_BATCH = 500


@dataclass(frozen=True)
class DeadlineRules:
    """What deadline computation needs besides the case: period rules, the calendar and the agency's zone."""

    periods: dict[str, PeriodRule]
    calendar: WorkingCalendar
    zone: Any

    def today(self) -> dt.date:
        return utc_now().astimezone(self.zone).date()


def load_period_data(session: Session) -> dict[str, Any]:
    return load_setting(session, PERIODS_KEY) or load_reference("periods")


@reads
def period_rules_data(uow: UnitOfWork) -> dict[str, Any]:
    """The statutory periods in force, in the file format `replace_period_rules` takes."""
    return load_period_data(uow.session)


@writes
def replace_period_rules(uow: UnitOfWork, data: dict[str, Any]) -> int:
    """Store a province's period rules (lengths, calendar or working days) after checking them, then recompute
    the deadlines of every open case; returns how many cases were recomputed."""
    try:
        rules = parse_period_rules(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise ValidationFailed([FieldError(PERIODS_KEY, f"期限规则格式错误：{exc}")]) from exc
    missing = sorted(set(load_reference("periods")["periods"]) - set(rules))
    if missing:
        raise ValidationFailed([FieldError(PERIODS_KEY, f"期限规则缺少：{'、'.join(missing)}。")])
    store_setting_values(uow.session, {PERIODS_KEY: data})
    uow.changed_register(Register.RULES)
    uow.changed_every_case(Part.TIMELINE)
    return ensure_deadlines_current(uow.session)


def load_deadline_rules(session: Session) -> DeadlineRules:
    entries = session.scalars(select(CalendarEntry)).all()
    calendar = WorkingCalendar.with_entries(CalendarDay(e.day, e.is_working_day, e.note) for e in entries)
    return DeadlineRules(parse_period_rules(load_period_data(session)), calendar, load_agency_settings(session).zone)


def workflow_events(rows: list[CaseEvent], zone) -> list[WorkflowEvent]:
    """Stored events as rule values, in the agency's local time (days are counted locally)."""
    return [WorkflowEvent(EventType(r.type), r.occurred_at.astimezone(zone), json.loads(r.details_json)) for r in rows]


def deadline_facts(case: FireCase, zone) -> DeadlineFacts:
    extinguished = case.extinguished_time.astimezone(zone).date() if case.extinguished_time else None
    return DeadlineFacts(Procedure(case.procedure), case.alarm_time.astimezone(zone).date(), extinguished)


def case_deadlines(case: FireCase, events: list[CaseEvent], rules: DeadlineRules, today: dt.date) -> list[Deadline]:
    return compute_deadlines(deadline_facts(case, rules.zone), workflow_events(events, rules.zone), rules.periods,
                             rules.calendar, today)  # fmt: skip


def refresh_deadlines(session: Session, cases: list[FireCase], rules: DeadlineRules | None = None) -> None:
    """Recompute and store the deadlines of these cases (none are kept for closed or voided cases)."""
    if not cases:
        return
    rules = rules or load_deadline_rules(session)
    today = rules.today()
    ids = [c.id for c in cases]
    session.execute(delete(CaseDeadline).where(CaseDeadline.case_id.in_(ids)))
    events_by_case: dict[int, list[CaseEvent]] = {i: [] for i in ids}
    for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(ids)).order_by(CaseEvent.occurred_at)):
        events_by_case[event.case_id].append(event)
    rows = [
        dict(
            case_id=case.id,
            kind=d.kind,
            label=d.label,
            due=d.due,
            met_on=d.met_on,
            basis=d.basis,
            responsible=d.responsible,
            estimated_calendar=d.estimated_calendar,
            suspended=d.suspended,
        )  # fmt: skip
        for case in cases
        if case.status not in FINISHED_STATUSES
        for d in case_deadlines(case, events_by_case[case.id], rules, today)
    ]
    if rows:
        session.execute(insert(CaseDeadline), rows)


def _fingerprint(session: Session) -> str:
    entries = session.execute(select(CalendarEntry.day, CalendarEntry.is_working_day).order_by(CalendarEntry.day)).all()
    basis = {
        "periods": load_period_data(session),
        "calendar": [(d.isoformat(), w) for d, w in entries],
        "published": package_version("chinese-calendar"),
        "zone": load_agency_settings(session).timezone,
        "rules": 1,  # bump when the counting code changes in a way that moves dates
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def deadlines_out_of_date(session: Session) -> str | None:
    """The new fingerprint of what deadlines depend on, when it differs from the one they were computed with."""
    fingerprint = _fingerprint(session)
    return None if load_setting(session, FINGERPRINT_KEY) == fingerprint else fingerprint


def recompute_open_deadlines(session: Session, fingerprint: str) -> int:
    """Recompute every open case's deadlines and remember what they were computed with; returns how many cases."""
    rules = load_deadline_rules(session)
    open_ids = list(
        session.scalars(select(FireCase.id).where(FireCase.status.not_in(FINISHED_STATUSES)).order_by(FireCase.id))
    )
    for start in range(0, len(open_ids), _BATCH):
        batch = session.scalars(select(FireCase).where(FireCase.id.in_(open_ids[start : start + _BATCH]))).all()
        refresh_deadlines(session, list(batch), rules)
    store_setting_values(session, {FINGERPRINT_KEY: fingerprint})
    return len(open_ids)


def ensure_deadlines_current(session: Session) -> int:
    """Recompute every open case's deadlines if what they depend on changed since last time; returns how many."""
    fingerprint = deadlines_out_of_date(session)
    return 0 if fingerprint is None else recompute_open_deadlines(session, fingerprint)


@dataclass(frozen=True)
class TodoItem:
    """One deadline on the to-do list, with what an investigator needs to recognise the case."""

    case_id: int
    case_number: str
    address: str
    kind: str
    label: str
    due: dt.date
    status: DeadlineStatus
    basis: str
    days_left: int  # negative when overdue


@reads
def todo_list(uow: UnitOfWork, *, within_days: int, mine: bool = False, today: dt.date | None = None) -> list[TodoItem]:
    """Deadlines the agency has not met that are overdue or fall due within `within_days`, soonest first: the
    statutory ones and the closed loop's (open corrective measures, rectification assessments; see loop_todo).

    With `mine`, only cases where the acting user (matched by login name in the people register) investigates.
    """
    # Imported here: the closed loop's modules (and the attachments behind them) are not needed to start the window.
    from fireinvest.services.loop.todo import loop_due_items

    session = uow.session
    today = today or load_deadline_rules(session).today()
    horizon = today + dt.timedelta(days=within_days)
    query = (
        select(CaseDeadline, FireCase.case_number, FireCase.address)
        .join(FireCase, FireCase.id == CaseDeadline.case_id)
        .where(CaseDeadline.met_on.is_(None), CaseDeadline.responsible == "agency", CaseDeadline.due <= horizon)
        .order_by(CaseDeadline.due, FireCase.case_number)
    )
    my_cases = None
    if mine:
        my_cases = (
            select(CaseInvestigator.case_id)
            .join(Person, Person.id == CaseInvestigator.person_id)
            .where(Person.login_name == uow.actor.name)
        )
        query = query.where(CaseDeadline.case_id.in_(my_cases))
    loop_items = [
        TodoItem(
            d.case_id,
            d.case_number,
            d.address,
            d.kind,
            d.label,
            d.due,
            deadline_status(d.due, None, False, today),
            d.basis,
            (d.due - today).days,
        )
        for d in loop_due_items(session, horizon, my_cases)
    ]
    statutory = [
        TodoItem(
            d.case_id,
            number,
            address,
            d.kind,
            d.label,
            d.due,
            deadline_status(d.due, None, d.suspended, today),
            d.basis,
            (d.due - today).days,
        )  # fmt: skip
        for d, number, address in session.execute(query)
        if not d.suspended
    ]
    # A stable sort: statutory deadlines keep their query order among themselves.
    return sorted(statutory + loop_items, key=lambda item: (item.due, item.case_number))


@dataclass(frozen=True)
class CalendarYear:
    """One year of the holiday calendar: where its schedule comes from, and the administrator's entries."""

    year: int
    source: str  # "published" (chinese-calendar), "entered" (by an administrator) or "weekends" (estimated)
    entries: tuple[CalendarDay, ...]


@reads
def calendar_year(uow: UnitOfWork, year: int) -> CalendarYear:
    """The administrator's holidays and working days of `year`, and where the year's schedule comes from."""
    rows = uow.session.scalars(
        select(CalendarEntry)
        .where(CalendarEntry.day >= dt.date(year, 1, 1), CalendarEntry.day <= dt.date(year, 12, 31))
        .order_by(CalendarEntry.day)
    )
    entries = tuple(CalendarDay(r.day, r.is_working_day, r.note) for r in rows)
    return CalendarYear(year, load_deadline_rules(uow.session).calendar.source_of(year), entries)


@writes
def set_calendar_entries(uow: UnitOfWork, year: int, days: list[CalendarDay]) -> int:
    """Replace the administrator's holidays and working days of `year`, then recompute affected deadlines."""
    wrong_year = [d.day.isoformat() for d in days if d.day.year != year]
    if wrong_year:
        raise ValidationFailed([FieldError("calendar", f"日期不在{year}年内：{'、'.join(wrong_year)}。")])
    if len({d.day for d in days}) != len(days):
        raise ValidationFailed([FieldError("calendar", "同一天不能录入两次。")])
    session = uow.session
    session.execute(
        delete(CalendarEntry).where(
            CalendarEntry.day >= dt.date(year, 1, 1), CalendarEntry.day <= dt.date(year, 12, 31)
        )
    )
    session.add_all(CalendarEntry(day=d.day, is_working_day=d.is_working_day, note=d.note.strip()) for d in days)
    session.flush()
    uow.changed_register(Register.RULES)
    uow.changed_every_case(Part.TIMELINE)
    return ensure_deadlines_current(session)

"""Moving a case through the procedure: recording steps on its timeline, and reading the timeline back with the
deadlines computed from it.

Use cases: `record_step` writes, `case_timeline` reads. Imports check a whole timeline with `check_timeline`; their
batches write it as `timeline_rows` with the case's `timeline_status` (services/case_batch.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import CaseEvent, FireCase
from fireinvest.rules.case_facts import CaseDraft, CaseStatus, Procedure
from fireinvest.rules.deadlines import Deadline, DeadlineFacts, compute_deadlines
from fireinvest.rules.workflow import EventType, StepContext, WorkflowEvent, advance, check_step, fold
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.deadlines import (
    DeadlineRules,
    case_deadlines,
    load_deadline_rules,
    refresh_deadlines,
    workflow_events,
)
from fireinvest.services.front_door import reads, writes
from fireinvest.services.reviews.gate import missing_review_reasons
from fireinvest.services.unit_of_work import UnitOfWork

# The steps that wait for a concluded expert review where the review rule requires one.
_REVIEWED_STEPS = (EventType.DETERMINED, EventType.REDETERMINED)


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    type: EventType
    time: dt.datetime
    performed_by: str
    details: dict[str, Any]
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def label(self) -> str:
        return self.type.label


@dataclass(frozen=True)
class CaseTimeline:
    """A case's events and its deadlines, for the timeline tab, `case show` and exports."""

    case_id: int
    case_number: str
    version: int
    status: CaseStatus
    procedure: Procedure
    events: tuple[TimelineEntry, ...]
    deadlines: tuple[Deadline, ...]
    calendar_warnings: tuple[str, ...]


def _load_case(session: Session, case_id: int) -> FireCase:
    case = session.scalars(
        select(FireCase).where(FireCase.id == case_id).options(selectinload(FireCase.parties))
    ).one_or_none()
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    return case


def _events(session: Session, case_id: int) -> list[CaseEvent]:
    return list(
        session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.occurred_at, CaseEvent.id)
        )
    )


def _timeline(case: FireCase, events: list[CaseEvent], rules: DeadlineRules) -> CaseTimeline:
    deadlines = case_deadlines(case, events, rules, rules.today())
    estimated_years = sorted({d.due.year for d in deadlines if d.estimated_calendar})
    warnings = tuple(
        f"{year}年的法定节假日安排尚未发布，期限按周六、周日休息估算；管理员可在设置中录入该年的节假日。"
        for year in estimated_years
    )
    entries = tuple(_entry(e) for e in events)
    return CaseTimeline(case.id, case.case_number, case.version, CaseStatus(case.status), Procedure(case.procedure),
                        entries, tuple(deadlines), warnings)  # fmt: skip


def _entry(e: CaseEvent) -> TimelineEntry:
    return TimelineEntry(e.id, EventType(e.type), e.occurred_at, e.performed_by, json.loads(e.details_json),
                         e.recorded_by, e.recorded_at)  # fmt: skip


def timeline_of(session: Session, case_id: int) -> CaseTimeline:
    """The case's events in time order and its deadlines as of today."""
    case = _load_case(session, case_id)
    return _timeline(case, _events(session, case_id), load_deadline_rules(session))


@reads
def case_timeline(uow: UnitOfWork, case_id: int) -> CaseTimeline:
    """The case's events in time order and its deadlines as of today."""
    return timeline_of(uow.session, case_id)


def registration_row(
    case_id: int, alarm_time: dt.datetime, performed_by: str, recorded_at: dt.datetime, recorded_by: str
) -> dict[str, Any]:
    """The first event of every case: the fire was accepted (受理) when its alarm was received, whenever the case
    was typed in, so later steps entered after the fact still come after it on the timeline."""
    return dict(case_id=case_id, type=EventType.REGISTERED.value, occurred_at=alarm_time, performed_by=performed_by,
                details_json="{}", recorded_at=recorded_at, recorded_by=recorded_by)  # fmt: skip


def record_registration(session: Session, actor: Actor, case: FireCase) -> None:
    """Record the registration event of a case just created (see registration_row)."""
    session.add(CaseEvent(**registration_row(case.id, case.alarm_time, actor.name, case.created_at, actor.name)))


def follow_alarm_time(session: Session, case: FireCase) -> None:
    """Keep the registration event at the alarm time when a correction moves the alarm. The one exception to the
    append-only timeline: that event's time is a fact of the case, not an act of an investigator."""
    registration = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.type == EventType.REGISTERED.value)
    ).first()
    if registration is not None and registration.occurred_at != case.alarm_time:
        registration.occurred_at = case.alarm_time


@writes
def record_step(
    uow: UnitOfWork,
    case_id: int,
    expected_version: int,
    event_type: EventType,
    time: dt.datetime,
    details: dict[str, Any] | None = None,
    performed_by: str = "",
) -> CaseTimeline:
    """Record one procedure step after checking the rules allow it now; the case's status follows the timeline."""
    session, actor = uow.session, uow.actor
    case = uow.lock_case(case_id, selectinload(FireCase.parties))
    uow.check_version(case, expected_version, f"案件 {case.case_number} ")
    if case.status == CaseStatus.VOIDED:
        raise ValidationFailed([FieldError("event", f"案件 {case.case_number} 已作废，不能记录程序步骤。")])
    if time.tzinfo is None:
        raise ValidationFailed([FieldError("time", "事件时间缺少时区。")])
    rules = load_deadline_rules(session)
    stored = _events(session, case_id)
    events = workflow_events(stored, rules.zone)
    details = {k: v for k, v in (details or {}).items() if v not in (None, "", [])}
    new = WorkflowEvent(event_type, time.astimezone(rules.zone), details)
    review_window = next(
        (d.due for d in case_deadlines(case, stored, rules, rules.today()) if d.kind == "review_application"), None
    )
    missing_review = tuple(missing_review_reasons(session, case)) if event_type in _REVIEWED_STEPS else ()
    context = StepContext(Procedure(case.procedure), case.cause_category, frozenset(p.name for p in case.parties),
                          review_window, missing_review, now=utc_now())  # fmt: skip
    problems = check_step(events, new, context)
    if problems:
        errors = [FieldError("event", p) for p in problems]
        raise ValidationFailed(errors, prefix=f"不能记录“{event_type.label}”：\n")
    now = utc_now()
    event = CaseEvent(
        case_id=case.id,
        type=event_type.value,
        occurred_at=time,
        performed_by=performed_by.strip() or actor.name,
        details_json=json.dumps(details, ensure_ascii=False),
        recorded_at=now,
        recorded_by=actor.name,
    )
    session.add(event)
    case.status = fold([*events, new]).status.value
    case.updated_at, case.updated_by = now, actor.name
    uow.flush()
    refresh_deadlines(session, [case], rules)
    uow.changed(case.id, Part.TIMELINE)
    return _timeline(case, [*stored, event], rules)


@dataclass(frozen=True)
class TimelineStep:
    """A step brought by an import: the rule value plus who performed it."""

    event: WorkflowEvent
    performed_by: str = ""


def check_timeline(
    draft: CaseDraft,
    steps: Sequence[TimelineStep],
    rules: DeadlineRules,
    review_required: Sequence[str] = (),
    reviewed_on: Sequence[dt.date] = (),
) -> list[tuple[int, str]]:
    """Replay a whole imported timeline through the state machine; (index of the step, problem) for each refusal.

    The registration, if the file has it, must come first; it is recorded by the case itself at the alarm time.
    `review_required` gives why the case needs a concluded expert review before its determination, `reviewed_on`
    the days of the concluded cause reviews the same record brings: a determination needs one on or before its day.
    """
    assert draft.alarm_time is not None
    problems: list[tuple[int, str]] = []
    extinguished = draft.extinguished_time.astimezone(rules.zone).date() if draft.extinguished_time else None
    context_facts = DeadlineFacts(draft.procedure, draft.alarm_time.astimezone(rules.zone).date(), extinguished)
    events = [WorkflowEvent(EventType.REGISTERED, draft.alarm_time.astimezone(rules.zone))]
    # The state is carried along step by step (replaying from the start for each step is quadratic); a step out of
    # time order, refused anyway, makes it fold again as check_step would.
    state, latest, now = fold(events), events[0].time, utc_now()
    for index, step in enumerate(steps):
        new = WorkflowEvent(step.event.type, step.event.time.astimezone(rules.zone), step.event.details)
        if new.type == EventType.REGISTERED:
            if index != 0:
                problems.append((index, "受理登记只能是第一个事件。"))
            continue
        # Only a review application is checked against its period; computing the deadlines for every step made
        # replaying a large import's timelines quadratic in their length.
        window = None if new.type != EventType.REVIEW_APPLIED else next(
            (d.due for d in compute_deadlines(context_facts, events, rules.periods, rules.calendar, rules.today())
             if d.kind == "review_application"),
            None,
        )  # fmt: skip
        reviewed = any(day <= new.day for day in reviewed_on)
        missing = () if reviewed else tuple(review_required)
        context = StepContext(draft.procedure, draft.cause_category, frozenset(p.name for p in draft.parties), window,
                              missing, now=now)  # fmt: skip
        for problem in check_step(events, new, context, state):
            problems.append((index, problem))
        events.append(new)
        state = advance(state, new) if new.time >= latest else fold(events)
        latest = max(latest, new.time)
    return problems


def timeline_status(alarm_time: dt.datetime, steps: Sequence[TimelineStep]) -> CaseStatus:
    """The status a case has after an imported timeline (the registration at the alarm time, then the steps)."""
    return fold([WorkflowEvent(EventType.REGISTERED, alarm_time)] + [s.event for s in steps]).status


def imported_registrar(steps: Sequence[TimelineStep]) -> str:
    """Who accepted the fire in the original installation, if the imported timeline says so."""
    first = steps[0] if steps else None
    return first.performed_by if first is not None and first.event.type == EventType.REGISTERED else ""


def timeline_rows(case_id: int, steps: Sequence[TimelineStep], actor: Actor, now: dt.datetime) -> list[dict[str, Any]]:
    """The event rows of a timeline check_timeline accepted, after the registration the case recorded itself."""
    return [
        dict(
            case_id=case_id,
            type=s.event.type.value,
            occurred_at=s.event.time,
            performed_by=s.performed_by or actor.name,
            details_json=json.dumps(s.event.details, ensure_ascii=False),
            recorded_at=now,
            recorded_by=actor.name,
        )  # fmt: skip
        for s in steps
        if s.event.type != EventType.REGISTERED
    ]


def timelines_of(session: Session, case_ids: Sequence[int]) -> dict[int, list[TimelineEntry]]:
    """The events of many cases in one query (for exports)."""
    found: dict[int, list[TimelineEntry]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    rows = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id.in_(case_ids)).order_by(CaseEvent.occurred_at, CaseEvent.id)
    )
    for e in rows:
        found[e.case_id].append(_entry(e))
    return found

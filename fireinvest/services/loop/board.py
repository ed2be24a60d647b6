"""The loop board across cases: every case that needs or has a closed loop, how far its loop has come, what is
open and what is late, with totals by district and by responsible unit; and the measures addressed to one unit.

Leaders ask one question of it: which loops are still open, where, and who is late. It is answered in a fixed number
of set-based queries (the cases, their measures, item counts, assessments, closure dates), never one per case, so
the board costs the same with 100 or 100,000 cases in the archive.

Open items are the corrective measures not completed and not yet judged, plus the rectification assessment of a
closed case whose loop is not closed; an open item is overdue once its last day has passed. Totals by responsible
unit count measures only: the assessment is the agency's own task, not a unit's.

Use cases (all read): loop_board (the 闭环看板 window), loop_status (`fireinvest loop status`), unit_measures (one
unit's measures) and responsible_units (the units named on measures, for the filters).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fireinvest.models import (
    AccountabilityEntry,
    CorrectiveMeasure,
    FireCase,
    PreventionRecommendation,
    RectificationAssessment,
)
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.closed_loop import (
    LoopFacts,
    LoopRule,
    LoopStage,
    MeasureStatus,
    Verdict,
    assessment_window,
    loop_required_reasons,
    loop_stage,
    measure_is_open,
    measure_is_overdue,
)
from fireinvest.services.front_door import reads
from fireinvest.services.loop.case_loop import agency_today, closure_dates, load_loop_rule, loop_case_condition
from fireinvest.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LoopBoardFilter:
    district: str | None = None
    stage: LoopStage | None = None
    unit: str | None = None  # cases with a measure addressed to this responsible unit
    overdue_only: bool = False
    year: int | None = None  # the year of the alarm


@dataclass(frozen=True)
class LoopBoardRow:
    """One case on the board."""

    case_id: int
    case_number: str
    address: str
    district: str
    fire_grade: str
    case_status: CaseStatus
    closed_on: dt.date | None
    required: bool  # the loop rule requires a loop (otherwise the case is here because it has loop items)
    stage: LoopStage
    measures: int
    open_items: int
    overdue_items: int
    next_due: dt.date | None  # the earliest open item's last day
    owners: tuple[str, ...]  # responsible units of its measures


@dataclass(frozen=True)
class LoopTotal:
    """Open and overdue items of one district or one responsible unit, over the cases on the board."""

    name: str
    cases: int
    open_items: int
    overdue_items: int


@dataclass(frozen=True)
class LoopBoard:
    rows: tuple[LoopBoardRow, ...]
    by_district: tuple[LoopTotal, ...]
    by_unit: tuple[LoopTotal, ...]
    today: dt.date


@dataclass(frozen=True)
class _Measure:
    case_id: int
    owner: str
    deadline: dt.date
    is_open: bool
    overdue: bool


def _loop_cases(session: Session, f: LoopBoardFilter, rule: LoopRule) -> list:
    """The board's cases: the one query that looks at the whole archive (the rest look up these few hundred ids)."""
    columns = (FireCase.id, FireCase.case_number, FireCase.address, FireCase.district, FireCase.fire_grade,
               FireCase.status, FireCase.deaths, FireCase.serious_injuries)  # fmt: skip
    query = select(*columns).where(loop_case_condition(rule), FireCase.status != CaseStatus.VOIDED.value)
    if f.district:
        query = query.where(FireCase.district == f.district)
    if f.year is not None:
        query = query.where(FireCase.year == f.year)
    return list(session.execute(query))


def _counts(session: Session, model, ids: list[int]) -> dict[int, int]:
    query = select(model.case_id, func.count()).where(model.case_id.in_(ids)).group_by(model.case_id)
    return dict(session.execute(query).all())


def _measures(session: Session, ids: list[int], today: dt.date) -> tuple[dict[int, list[_Measure]], set[int]]:
    """Measures of the board's cases by case, and the cases where any measure has a verdict."""
    by_case: dict[int, list[_Measure]] = defaultdict(list)
    judged = set()
    columns = (CorrectiveMeasure.case_id, CorrectiveMeasure.owner, CorrectiveMeasure.deadline,
               CorrectiveMeasure.status, CorrectiveMeasure.verdict)  # fmt: skip
    query = select(*columns).where(CorrectiveMeasure.case_id.in_(ids))
    for case_id, owner, deadline, status, verdict in session.execute(query):
        status, verdict = MeasureStatus(status), Verdict(verdict) if verdict else None
        by_case[case_id].append(_Measure(case_id, owner, deadline, measure_is_open(status, verdict),
                                         measure_is_overdue(deadline, status, verdict, today)))  # fmt: skip
        if verdict is not None:
            judged.add(case_id)
    return by_case, judged


def _board(session: Session, board_filter: LoopBoardFilter | None, today: dt.date | None) -> LoopBoard:
    """The board (see loop_board), in the caller's transaction."""
    f = board_filter or LoopBoardFilter()
    today = today or agency_today(session)
    rule = load_loop_rule(session)
    cases = _loop_cases(session, f, rule)
    ids = [c.id for c in cases]
    measures, judged = _measures(session, ids, today)
    entries = _counts(session, AccountabilityEntry, ids)
    recommendations = _counts(session, PreventionRecommendation, ids)
    assessments = dict(
        session.execute(
            select(RectificationAssessment.case_id, RectificationAssessment.report_filed_on).where(
                RectificationAssessment.case_id.in_(ids)
            )
        ).all()
    )
    closed_on = closure_dates(session, [c.id for c in cases if c.status == CaseStatus.CLOSED.value])
    rows = []
    for c in cases:
        own = measures.get(c.id, [])
        filed = assessments.get(c.id) is not None
        stage = loop_stage(entries.get(c.id, 0), recommendations.get(c.id, 0), len(own),
                           c.id in assessments or c.id in judged, filed)  # fmt: skip
        dues = [m.deadline for m in own if m.is_open]
        open_items, overdue_items = len(dues), sum(m.overdue for m in own)
        if c.id in closed_on and not filed:  # the assessment is still to be done
            due = assessment_window(closed_on[c.id], rule).due
            dues.append(due)
            open_items, overdue_items = open_items + 1, overdue_items + (due < today)
        required = bool(loop_required_reasons(LoopFacts(c.deaths, c.serious_injuries, c.fire_grade), rule))
        rows.append(LoopBoardRow(c.id, c.case_number, c.address, c.district, c.fire_grade, CaseStatus(c.status),
                                 closed_on.get(c.id), required, stage, len(own), open_items, overdue_items,
                                 min(dues, default=None), tuple(sorted({m.owner for m in own}))))  # fmt: skip
    rows = [r for r in rows if _shown(r, f)]
    rows.sort(key=lambda r: (r.next_due is None, r.next_due or today, r.case_number))
    shown = {r.case_id for r in rows}
    unit_measures = [m for case_id in shown for m in measures.get(case_id, [])]
    return LoopBoard(tuple(rows), _district_totals(rows), _unit_totals(unit_measures), today)


@reads
def loop_board(uow: UnitOfWork, board_filter: LoopBoardFilter | None = None, today: dt.date | None = None) -> LoopBoard:
    """The board as of today (or the given day): its rows, soonest due first, and the totals over those rows."""
    return _board(uow.session, board_filter, today)


def _shown(row: LoopBoardRow, f: LoopBoardFilter) -> bool:
    return (
        (f.stage is None or row.stage == f.stage)
        and (not f.unit or f.unit in row.owners)
        and (not f.overdue_only or row.overdue_items > 0)
    )


def _district_totals(rows: list[LoopBoardRow]) -> tuple[LoopTotal, ...]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        total = totals[row.district]
        total[0], total[1], total[2] = total[0] + 1, total[1] + row.open_items, total[2] + row.overdue_items
    return _sorted_totals(totals)


def _unit_totals(measures: list[_Measure]) -> tuple[LoopTotal, ...]:
    cases: dict[str, set[int]] = defaultdict(set)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for m in measures:
        cases[m.owner].add(m.case_id)
        total = totals[m.owner]
        total[1], total[2] = total[1] + m.is_open, total[2] + m.overdue
    for owner, total in totals.items():
        total[0] = len(cases[owner])
    return _sorted_totals(totals)


def _sorted_totals(totals: dict[str, list[int]]) -> tuple[LoopTotal, ...]:
    """Most overdue first, then most open, then by name: the ones to chase at the top."""
    ordered = sorted(totals.items(), key=lambda item: (-item[1][2], -item[1][1], item[0]))
    return tuple(LoopTotal(name, *values) for name, values in ordered)


@reads
def loop_status(
    uow: UnitOfWork, *, overdue_only: bool = False, district: str | None = None, today: dt.date | None = None
) -> list[LoopBoardRow]:
    """The board's rows for `fireinvest loop status`."""
    return list(_board(uow.session, LoopBoardFilter(district=district, overdue_only=overdue_only), today).rows)


# --- one responsible unit ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitMeasure:
    """A measure addressed to one unit, with the case it belongs to."""

    measure_id: int
    case_id: int
    case_number: str
    address: str
    district: str
    description: str
    deadline: dt.date
    status: MeasureStatus
    completed_on: dt.date | None
    verified: bool
    verdict: Verdict | None
    is_open: bool
    overdue: bool


@reads
def unit_measures(uow: UnitOfWork, unit: str, today: dt.date | None = None) -> list[UnitMeasure]:
    """Every measure addressed to `unit` across cases (voided cases left out), by deadline."""
    session = uow.session
    today = today or agency_today(session)
    query = (
        select(CorrectiveMeasure, FireCase.case_number, FireCase.address, FireCase.district)
        .join(FireCase, FireCase.id == CorrectiveMeasure.case_id)
        .where(CorrectiveMeasure.owner == unit.strip(), FireCase.status != CaseStatus.VOIDED.value)
        .order_by(CorrectiveMeasure.deadline, FireCase.case_number, CorrectiveMeasure.id)
    )
    found = []
    for m, number, address, district in session.execute(query):
        status, verdict = MeasureStatus(m.status), Verdict(m.verdict) if m.verdict else None
        found.append(UnitMeasure(m.id, m.case_id, number, address, district, m.description, m.deadline, status,
                                 m.completed_on, m.verified_on is not None, verdict, measure_is_open(status, verdict),
                                 measure_is_overdue(m.deadline, status, verdict, today)))  # fmt: skip
    return found


@reads
def responsible_units(uow: UnitOfWork) -> list[str]:
    """Every unit named as the owner of a measure, for the board's unit filter and the unit view."""
    return list(uow.session.scalars(select(CorrectiveMeasure.owner).distinct().order_by(CorrectiveMeasure.owner)))

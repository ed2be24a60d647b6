"""The loop board on demo data: its counts recomputed here from the stored rows by plain Python, its filters and
totals, the per-unit view, and the demo loops themselves obeying the rules a user's entries must."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from fireinvest.demo.generator import generate_demo_cases
from fireinvest.models import (
    AccountabilityEntry,
    CaseEvent,
    CorrectiveMeasure,
    FireCase,
    PreventionRecommendation,
    RectificationAssessment,
)
from fireinvest.rules.closed_loop import LoopStage, add_months, loop_closure_problems
from fireinvest.rules.loop_items import validate_accountability, validate_measure, validate_recommendation
from fireinvest.services.loop import board as loop_board
from fireinvest.services.loop import case_loop as closed_loop
from tests.factories import SHANGHAI

UNTIL = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)
TODAY = UNTIL.astimezone(SHANGHAI).date()


@pytest.fixture
def demo(db, workstation):
    generate_demo_cases(workstation, 4000, seed=5, until=UNTIL)
    return db


def expected_rows(session) -> dict[str, dict]:
    """The board recomputed from the stored rows: loop cases are those with a death, a grade of 较大 or above, or
    any loop item; open items are measures neither completed nor judged plus a closed case's missing report."""
    cases = {c.id: c for c in session.scalars(select(FireCase).where(FireCase.status != "voided"))}
    measures = defaultdict(list)
    for m in session.scalars(select(CorrectiveMeasure)):
        measures[m.case_id].append(m)
    with_items = set(measures)
    for model in (AccountabilityEntry, PreventionRecommendation, RectificationAssessment):
        with_items |= set(session.scalars(select(model.case_id)))
    filed = {a.case_id: a.report_filed_on for a in session.scalars(select(RectificationAssessment))}
    closings = {e.case_id: e.occurred_at.astimezone(SHANGHAI).date()
                for e in session.scalars(select(CaseEvent).where(CaseEvent.type == "closed"))}  # fmt: skip
    rows = {}
    for case_id, c in cases.items():
        if not (c.deaths >= 1 or c.fire_grade in ("较大", "重大", "特别重大") or case_id in with_items):
            continue
        open_measures = [m for m in measures[case_id] if m.verdict is None and m.status != "completed"]
        dues = [m.deadline for m in open_measures]
        if c.status == "closed" and filed.get(case_id) is None:
            dues.append(add_months(closings[case_id], 12))
        rows[c.case_number] = {
            "open": len(dues),
            "overdue": sum(due < TODAY for due in dues),
            "next_due": min(dues, default=None),
            "owners": tuple(sorted({m.owner for m in measures[case_id]})),
            "district": c.district,
            "closed": filed.get(case_id) is not None,
            "has_items": case_id in with_items,
        }
    return rows


def test_board_counts_match_the_stored_rows(demo, workstation):
    board = loop_board.loop_board(workstation, today=TODAY)
    with demo.reading() as session:
        expected = expected_rows(session)
    got = {r.case_number: {"open": r.open_items, "overdue": r.overdue_items, "next_due": r.next_due,
                           "owners": r.owners, "district": r.district, "closed": r.stage == LoopStage.CLOSED}
           for r in board.rows}  # fmt: skip
    assert got == {number: {k: v for k, v in row.items() if k != "has_items"} for number, row in expected.items()}
    stages = Counter(r.stage for r in board.rows)
    # The demo gives loops in every stage an archive really has: open, late, assessed and closed.
    assert stages[LoopStage.CLOSED] and stages[LoopStage.MEASURES] and stages[LoopStage.ASSESSMENT]
    assert any(r.overdue_items for r in board.rows)
    # Loops not started yet are the loop cases without any item (whether the seed produced one is chance).
    not_started = {r.case_number for r in board.rows if r.stage == LoopStage.NOT_STARTED}
    assert not_started == {number for number, row in expected.items() if not row["has_items"]}
    dues = [r.next_due for r in board.rows if r.next_due is not None]
    assert dues == sorted(dues) and all(r.next_due is None for r in board.rows[len(dues) :])  # soonest due first

    by_district = {t.name: (t.cases, t.open_items, t.overdue_items) for t in board.by_district}
    for district, (count, open_items, overdue) in by_district.items():
        rows = [r for r in expected.values() if r["district"] == district]
        assert (count, open_items, overdue) == (len(rows), sum(r["open"] for r in rows),
                                                sum(r["overdue"] for r in rows))  # fmt: skip
    assert sum(t.cases for t in board.by_district) == len(board.rows)
    overdue_first = [t.overdue_items for t in board.by_district]
    assert overdue_first == sorted(overdue_first, reverse=True)


def test_filters_totals_by_unit_and_the_unit_view(demo, workstation):
    ws = workstation
    board = loop_board.loop_board(ws, today=TODAY)
    district = Counter(r.district for r in board.rows).most_common(1)[0][0]
    in_district = loop_board.loop_board(ws, loop_board.LoopBoardFilter(district=district), today=TODAY)
    overdue = loop_board.loop_status(ws, overdue_only=True, today=TODAY)
    closed = loop_board.loop_board(ws, loop_board.LoopBoardFilter(stage=LoopStage.CLOSED), today=TODAY)
    year = board.rows[0].case_number.split("-")[1]
    of_year = loop_board.loop_board(ws, loop_board.LoopBoardFilter(year=int(year)), today=TODAY)
    unit = board.by_unit[0].name
    of_unit = loop_board.loop_board(ws, loop_board.LoopBoardFilter(unit=unit), today=TODAY)
    measures = loop_board.unit_measures(ws, unit, today=TODAY)
    units = loop_board.responsible_units(ws)
    with demo.reading() as session:
        stored = [(m.case_id, m.deadline, m.status, m.verdict) for m in
                  session.scalars(select(CorrectiveMeasure).where(CorrectiveMeasure.owner == unit))]  # fmt: skip
    assert in_district.rows and {r.district for r in in_district.rows} == {district}
    assert [r.case_number for r in in_district.rows] == [r.case_number for r in board.rows if r.district == district]
    assert overdue == [r for r in board.rows if r.overdue_items]
    assert closed.rows and all(r.stage == LoopStage.CLOSED and r.open_items == 0 for r in closed.rows)
    assert {r.case_number for r in of_year.rows} == {r.case_number for r in board.rows if f"-{year}-" in r.case_number}
    assert of_unit.rows and all(unit in r.owners for r in of_unit.rows)

    open_measures = [s for s in stored if s[3] is None and s[2] != "completed"]
    top = board.by_unit[0]
    assert (top.cases, top.open_items, top.overdue_items) == (
        len({s[0] for s in stored}), len(open_measures), sum(s[1] < TODAY for s in open_measures))  # fmt: skip
    assert len(measures) == len(stored) and [m.deadline for m in measures] == sorted(m.deadline for m in measures)
    assert sum(m.overdue for m in measures) == top.overdue_items
    assert unit in units and units == sorted(units)


def test_demo_loops_obey_the_rules(demo):
    with demo.reading() as session:
        rule = closed_loop.load_loop_rule(session)
        alarms = dict(
            session.execute(
                select(FireCase.id, FireCase.alarm_time).where(FireCase.id.in_(select(CorrectiveMeasure.case_id)))
            ).all()
        )
        loops = closed_loop.loop_rows_of_cases(session, list(alarms))
        closings = closed_loop.closure_dates(session, list(alarms))
        snapshots = {case_id: closed_loop.loop_snapshot(loop, closings.get(case_id)) for case_id, loop in loops.items()}
        views = {case_id: closed_loop.loop_of(session, case_id, TODAY) for case_id in alarms}
    assert len(views) >= 10 and any(e.referred_measure_id for v in views.values() for e in v.accountability)
    for case_id, view in views.items():
        fire_date = alarms[case_id].astimezone(SHANGHAI).date()
        assert 2 <= len(view.measures) <= 5
        for entry in view.accountability:
            assert validate_accountability(entry.draft, fire_date, TODAY) == [], entry
        for advice in view.recommendations:
            assert validate_recommendation(advice.draft) == []
        for m in view.measures:
            assert validate_measure(m.draft, fire_date, TODAY) == [], m
        if view.is_closed:
            assert loop_closure_problems(snapshots[case_id], rule, view.assessment.report_filed_on) == []
        elif any(m.verdict for m in view.measures):
            assert view.verdict_problem is None  # verdicts only inside the assessment window

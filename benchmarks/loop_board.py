"""Benchmark: opening the loop board (the use case the board window runs, `loop_board(workstation)`) on a
100,000-case archive with closed loops on the few hundred fires that need one, against the naive way of building
the same rows: for each case, query its loop items. Both run on the same database in the same run, and must produce
the same rows.

    python benchmarks/loop_board.py                # 100,000 cases, database cached in benchmarks/.cache
    python benchmarks/loop_board.py --cases 20000  # a quicker run
    python benchmarks/loop_board.py --repeats 1    # one timed run of the board
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from case_list import demo_database  # noqa: E402  (the cached demo archive shared with the case list benchmark)


def with_loops(url: str) -> tuple[int, int]:
    """Make sure the cached archive has its demo loops (archives cached before loops existed get them now);
    returns (cases with loop items, corrective measures)."""
    from sqlalchemy import func, select

    from fireinvest.clock import utc_now
    from fireinvest.demo.loops import add_demo_loops
    from fireinvest.models import CorrectiveMeasure
    from fireinvest.services.actor import Actor
    from fireinvest.services.startup import open_prepared_database

    database = open_prepared_database(url)
    try:
        with database.writing() as session:
            added = add_demo_loops(session, Actor("benchmark"), random.Random(2027), utc_now())
        if added:
            print(f"added demo loops to {added} cases", file=sys.stderr)
        with database.reading() as session:
            cases = session.scalar(select(func.count(func.distinct(CorrectiveMeasure.case_id))))
            measures = session.scalar(select(func.count(CorrectiveMeasure.id)))
    finally:
        database.dispose()
    return cases or 0, measures or 0


def naive_board(session, today: dt.date) -> dict[str, tuple]:
    """The board the obvious way: every case, then one query per kind of loop item for each of them."""
    from sqlalchemy import func, select

    from fireinvest.models import (
        AccountabilityEntry,
        CaseEvent,
        CorrectiveMeasure,
        FireCase,
        PreventionRecommendation,
        RectificationAssessment,
    )
    from fireinvest.rules.closed_loop import (
        LoopFacts,
        MeasureStatus,
        Verdict,
        assessment_window,
        loop_required_reasons,
        loop_stage,
        measure_is_open,
        measure_is_overdue,
    )
    from fireinvest.services.loop.case_loop import load_loop_rule
    from fireinvest.services.settings import load_agency_settings

    rule, zone = load_loop_rule(session), load_agency_settings(session).zone
    rows = {}
    for case in session.execute(select(FireCase.id, FireCase.case_number, FireCase.status, FireCase.deaths,
                                       FireCase.serious_injuries, FireCase.fire_grade)):  # fmt: skip
        if case.status == "voided":
            continue
        measures = session.execute(
            select(
                CorrectiveMeasure.owner, CorrectiveMeasure.deadline, CorrectiveMeasure.status, CorrectiveMeasure.verdict
            ).where(CorrectiveMeasure.case_id == case.id)  # fmt: skip
        ).all()
        entries = session.scalar(select(func.count()).where(AccountabilityEntry.case_id == case.id))
        advice = session.scalar(select(func.count()).where(PreventionRecommendation.case_id == case.id))
        assessment = session.execute(
            select(RectificationAssessment.report_filed_on).where(RectificationAssessment.case_id == case.id)
        ).first()
        required = bool(loop_required_reasons(LoopFacts(case.deaths, case.serious_injuries, case.fire_grade), rule))
        if not (required or measures or entries or advice or assessment):
            continue
        states = [(m.owner, m.deadline, MeasureStatus(m.status), Verdict(m.verdict) if m.verdict else None)
                  for m in measures]  # fmt: skip
        dues = [d for _o, d, s, v in states if measure_is_open(s, v)]
        overdue = sum(measure_is_overdue(d, s, v, today) for _o, d, s, v in states)
        filed = assessment is not None and assessment[0] is not None
        if case.status == "closed" and not filed:
            closed_at = session.scalar(
                select(func.max(CaseEvent.occurred_at)).where(CaseEvent.case_id == case.id, CaseEvent.type == "closed")
            )
            due = assessment_window(closed_at.astimezone(zone).date(), rule).due
            dues.append(due)
            overdue += due < today
        stage = loop_stage(entries, advice, len(measures), assessment is not None or any(v for *_x, v in states), filed)
        rows[case.case_number] = (stage, len(dues), overdue, min(dues, default=None),
                                  tuple(sorted({o for o, *_x in states})))  # fmt: skip
    return rows


def measure(url: str, repeats: int) -> dict:
    from fireinvest.db import open_database
    from fireinvest.services.actor import Actor
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.loop.board import loop_board
    from fireinvest.services.loop.case_loop import agency_today

    database = open_database(url)
    workstation = Workstation(database, Actor("benchmark"))
    try:
        with database.reading() as session:
            today = agency_today(session)
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            board = loop_board(workstation, today=today)  # its own read-only transaction, as the window runs it
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        with database.reading() as session:
            naive = naive_board(session, today)
        naive_seconds = time.perf_counter() - started
    finally:
        database.dispose()
    got = {r.case_number: (r.stage, r.open_items, r.overdue_items, r.next_due, r.owners) for r in board.rows}
    assert got == naive, "the board and the naive per-case build disagree"
    rows = board.rows
    return {"rows": len(rows), "open": sum(r.open_items for r in rows), "overdue": sum(r.overdue_items for r in rows),
            "board_s": min(timings), "naive_s": naive_seconds}  # fmt: skip


def run(cases: int, repeats: int) -> dict:
    url = demo_database(cases)
    loop_cases, measures = with_loops(url)
    return {"archive": cases, "loop_cases": loop_cases, "measures": measures, **measure(url, repeats)}


def table(r: dict) -> str:
    lines = [
        "| loop board | archive | cases on the board | open / overdue items | time to open |",
        "|---|---:|---:|---:|---:|",
        f"| set-based queries (loop_board use case) | {r['archive']:,} cases | {r['rows']:,} "
        f"| {r['open']:,} / {r['overdue']:,} | {r['board_s'] * 1000:,.0f} ms |",
        f"| baseline: loop items queried case by case | {r['archive']:,} cases | {r['rows']:,} "
        f"| {r['open']:,} / {r['overdue']:,} | {r['naive_s'] * 1000:,.0f} ms |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of the board (best kept); the baseline runs once")
    args = parser.parse_args()
    result = run(args.cases, args.repeats)
    print(
        f"{result['loop_cases']:,} cases with loop items, {result['measures']:,} corrective measures", file=sys.stderr
    )
    print(table(result))


if __name__ == "__main__":
    main()

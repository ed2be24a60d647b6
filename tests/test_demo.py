"""The demo generator: realistic mix, gapless numbers, and every case as valid as one typed in by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from fireinvest.demo.generator import generate_demo_cases
from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.case_validation import validate_case
from fireinvest.services import case_query, cases, people
from fireinvest.services.changes import Register
from fireinvest.services.progress import OperationCancelled
from tests.factories import SHANGHAI

UNTIL = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)


def stored_details(db) -> list[cases.CaseDetail]:
    """Every stored case, voided ones too (read in bulk to check them)."""
    with db.reading() as session:
        ids = case_query.case_ids(session, case_query.CaseFilter(include_voided=True), case_query.CaseSort())
        return cases.load_case_details(session, ids)


@pytest.fixture
def demo_details(db, workstation):
    outcome = generate_demo_cases(workstation, 2000, seed=7, until=UNTIL)
    assert outcome.value == 2000
    assert {Register.CASES, Register.PEOPLE} <= outcome.changes.registers
    with db.reading() as session:
        context = cases.load_case_context(session)
    return stored_details(db), context


def test_every_generated_case_passes_the_rules_and_is_graded_by_them(demo_details):
    details, ctx = demo_details
    assert len(details) == 2000
    for detail in details:
        assert validate_case(detail.facts, ctx.validation) == [], detail.case_number
        assert detail.fire_grade == ctx.grade(detail.facts), detail.case_number
        assert detail.facts.direct_economic_loss >= detail.facts.direct_property_loss
        assert 1 <= len(detail.facts.parties) <= 3
        staff = [i.is_lead for i in detail.investigators]
        assert staff == ([True, False] if detail.facts.procedure == Procedure.GENERAL else [True])


def test_the_mix_looks_like_real_archives(demo_details):
    details, _ctx = demo_details
    facts = [d.facts for d in details]
    electrical = sum(f.cause_category == "电气" for f in facts) / len(facts)
    assert 0.29 <= electrical <= 0.37  # a third of fires, as in national statistics
    assert 0 < sum(f.deaths > 0 for f in facts) < 40
    assert 20 < sum(f.casualties > 0 for f in facts) < 200
    simple = sum(f.procedure == Procedure.SIMPLE for f in facts)
    assert 0.1 * len(facts) < simple < 0.5 * len(facts)  # mostly general procedure
    places = Counter(f.place_type for f in facts)
    assert places.most_common(1)[0][0] == "住宅"
    months = Counter(f.alarm_time.astimezone(SHANGHAI).month for f in facts)
    assert months[12] + months[1] + months[2] > months[6] + months[7] + months[8]  # heating season
    assert all(dt.datetime(2020, 12, 31, 16, tzinfo=dt.UTC) <= f.alarm_time <= UNTIL for f in facts)
    assert all(
        f.extinguished_time is None or f.extinguished_time - f.alarm_time >= dt.timedelta(minutes=20) for f in facts
    )
    old = [d.status for d in details if d.facts.alarm_time.astimezone(SHANGHAI).year <= 2024]
    assert Counter(old)[CaseStatus.CLOSED] > 0.9 * len(old)
    recent_general = [
        d.status
        for d in details
        if UNTIL - d.facts.alarm_time < dt.timedelta(days=30) and d.facts.procedure == Procedure.GENERAL
    ]
    assert recent_general and CaseStatus.CLOSED not in recent_general  # still being investigated


def test_numbers_are_gapless_per_year(demo_details):
    details, _ctx = demo_details
    sequences: dict[str, list[int]] = {}
    for detail in details:
        agency, year, sequence = detail.case_number.split("-")
        assert agency == "320100"
        sequences.setdefault(year, []).append(int(sequence))
    assert sorted(sequences) == ["2021", "2022", "2023", "2024", "2025", "2026"]
    for numbers in sequences.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_a_second_run_continues_the_numbering(workstation):
    generate_demo_cases(workstation, 30, seed=1, until=UNTIL)
    generate_demo_cases(workstation, 30, seed=2, until=UNTIL)
    page = case_query.case_list_page(workstation, case_query.CaseFilter(), case_query.CaseSort(), 0, 100,
                                     with_total=True)  # fmt: skip
    rows = page.rows
    roster = people.people_register(workstation, investigators_only=True)
    assert page.total == len(rows) == 60
    assert len({r.case_number for r in rows}) == 60
    assert len(roster) == 8  # the demo investigators are registered once


def test_cancelled_run_leaves_nothing(workstation):
    with pytest.raises(OperationCancelled):
        generate_demo_cases(workstation, 5000, until=UNTIL, progress=lambda done, total: done < 2000)
    everything = case_query.CaseFilter(include_voided=True)
    assert case_query.case_list_page(workstation, everything, case_query.CaseSort(), 0, 1, with_total=True).total == 0
    assert people.people_register(workstation, include_inactive=True) == []


def test_timelines_match_the_status_and_open_cases_have_deadlines(db, workstation):
    from fireinvest.rules.workflow import EventType, StepContext, check_step, fold
    from fireinvest.services import deadlines, workflow

    generate_demo_cases(workstation, 400, seed=11, until=UNTIL)
    details = {d.id: d for d in stored_details(db)}
    timelines = [workflow.case_timeline(workstation, case_id) for case_id in details]
    todo = deadlines.todo_list(workstation, within_days=3650, today=UNTIL.date())
    for timeline in timelines:
        assert timeline.events[0].type == EventType.REGISTERED
        events = [workflow.WorkflowEvent(e.type, e.time.astimezone(SHANGHAI), e.details) for e in timeline.events]
        assert fold(events).status == timeline.status, timeline.case_number
        # Each step is one the state machine would have accepted when it was recorded.
        facts = details[timeline.case_id].facts
        window = next((d.due for d in timeline.deadlines if d.kind == "review_application"), None)
        context = StepContext(facts.procedure, facts.cause_category, frozenset(p.name for p in facts.parties), window)
        for n in range(1, len(events)):
            assert check_step(events[:n], events[n], context) == [], (timeline.case_number, events[n].type)
        assert all(e.time <= UNTIL for e in timeline.events)
    open_cases = {t.case_number for t in timelines if t.status not in (CaseStatus.CLOSED, CaseStatus.VOIDED)}
    statutory = [item for item in todo if item.kind not in ("measure", "assessment")]  # the loop's outlive closure
    assert open_cases and {item.case_number for item in statutory} <= open_cases
    assert any(item.case_number in open_cases for item in statutory)

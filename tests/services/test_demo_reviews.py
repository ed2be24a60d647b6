"""Demo data with expert reviews: every demo case the review rule covers passes the determination gate with a review
held before its determination, the reviews are as valid as typed-in ones, and large closed fires get evaluated."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter

import pytest

from fireinvest.demo.generator import generate_demo_cases
from fireinvest.demo.reviews import DEMO_EXPERTS
from fireinvest.models import FireCase
from fireinvest.reference_files import load_reference
from fireinvest.rules.expert_review import ReviewPurpose, ReviewStatus, validate_review
from fireinvest.rules.workflow import EventType
from fireinvest.services import case_query, workflow
from fireinvest.services.experts import list_experts
from fireinvest.services.grade_rules import replace_grade_rules
from fireinvest.services.progress import OperationCancelled
from fireinvest.services.reviews.gate import required_review_reasons, review_gate
from fireinvest.services.reviews.reads import reviews_of_cases
from tests.factories import SHANGHAI

UNTIL = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)


def lower_the_larger_grade(workstation) -> None:
    """A province grading far more fires 较大, so that a small demo run has closed large fires to evaluate."""
    data = copy.deepcopy(load_reference("fire_grades"))
    for rule_set in data["rule_sets"]:
        rule_set["thresholds"]["较大"]["loss_yuan"] = "30000"
    replace_grade_rules(workstation, data)


@pytest.fixture
def demo(db, workstation):
    lower_the_larger_grade(workstation)
    generate_demo_cases(workstation, 800, seed=5, until=UNTIL)
    # Checked row by row in one read of the stored data, with the building blocks the use cases are made of.
    with db.reading() as session:
        ids = case_query.case_ids(session, case_query.CaseFilter(include_voided=True), case_query.CaseSort())
        found = reviews_of_cases(session, ids)
        timelines = {case_id: workflow.timeline_of(session, case_id) for case_id in ids if found[case_id]}
        needing = {case_id for case_id in ids if required_review_reasons(session, session.get(FireCase, case_id))}
        gates = {case_id: review_gate(session, case_id) for case_id in needing}
    return found, timelines, needing, gates


def first_day(timeline, kind: EventType) -> dt.date | None:
    return next((e.time.astimezone(SHANGHAI).date() for e in timeline.events if e.type == kind), None)


def test_every_determined_case_that_needs_a_review_had_one_before_its_determination(demo):
    found, timelines, needing, gates = demo
    assert len(needing) > 50
    determined = 0
    for case_id in needing:
        cause_reviews = [r for r in found[case_id] if r.purpose == ReviewPurpose.CAUSE_DETERMINATION]
        timeline = timelines.get(case_id)
        hearing = first_day(timeline, EventType.HEARING_HELD) if timeline else None
        if hearing is None:  # still under investigation: at most a review being written up
            assert all(r.status == ReviewStatus.DRAFT for r in cause_reviews)
            continue
        (review,) = cause_reviews
        assert review.status == ReviewStatus.CONCLUDED and review.held_on <= hearing, case_id
        assert gates[case_id] == []
        determination = first_day(timeline, EventType.DETERMINED)
        if determination is not None:
            determined += 1
            assert review.held_on <= determination
    assert determined > 30
    assert any(gates[case_id] for case_id in needing)  # cases still under investigation wait for theirs


def test_demo_reviews_are_as_valid_as_typed_in_ones(demo):
    found, _timelines, _needing, _gates = demo
    every = [r for case_reviews in found.values() for r in case_reviews]
    kinds = Counter((r.purpose, r.status) for r in every)
    assert kinds[(ReviewPurpose.CAUSE_DETERMINATION, ReviewStatus.CONCLUDED)] > 30
    assert kinds[(ReviewPurpose.CASE_EVALUATION, ReviewStatus.CONCLUDED)] > 0
    for review in every:
        concluded = review.status == ReviewStatus.CONCLUDED
        assert validate_review(review.to_draft(), UNTIL.date(), concluding=concluded) == [], review.id
        assert 3 <= len(review.opinions) <= 5
        assert concluded == (review.concluded_at is not None and review.concluded_at <= UNTIL)
    dissenting = [r for r in every if any(o.dissents for o in r.opinions)]
    assert dissenting and all(r.dissent.startswith(next(o.name for o in r.opinions if o.dissents)) for r in dissenting)


def test_evaluations_follow_the_closure_of_large_fires(demo):
    found, timelines, _needing, _gates = demo
    evaluated = [
        (case_id, r) for case_id, rs in found.items() for r in rs if r.purpose == ReviewPurpose.CASE_EVALUATION
    ]
    for case_id, review in evaluated:
        closed = first_day(timelines[case_id], EventType.CLOSED)
        assert closed is not None and review.held_on > closed


def test_the_demo_register_is_filled_once_and_a_cancelled_run_leaves_nothing(workstation):
    lower_the_larger_grade(workstation)
    with pytest.raises(OperationCancelled):
        generate_demo_cases(workstation, 5000, until=UNTIL, progress=lambda done, total: done < 2000)
    assert list_experts(workstation) == []
    generate_demo_cases(workstation, 300, seed=1, until=UNTIL)
    generate_demo_cases(workstation, 300, seed=2, until=UNTIL)
    register = list_experts(workstation)
    assert sorted((e.name, e.unit, e.title) for e in register) == sorted((n, u, t) for n, u, t, *_ in DEMO_EXPERTS)

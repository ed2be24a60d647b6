"""Expert reviews as plain values: which cases need one, what a review must hold, how supersession may go, and the
determination refused until the review exists."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.models import ExpertReview
from fireinvest.reference_files import load_reference
from fireinvest.rules.case_facts import Procedure
from fireinvest.rules.expert_review import (
    REVIEW_TEXT_LIMITS,
    ExpertOpinion,
    ReviewDraft,
    ReviewFacts,
    ReviewLink,
    ReviewPurpose,
    ReviewRule,
    ReviewStatus,
    check_supersession,
    parse_review_rule,
    review_required_reasons,
    validate_review,
)
from fireinvest.rules.grading import FireGrade
from fireinvest.rules.workflow import EventType, StepContext, WorkflowEvent, check_step
from tests.factories import SHANGHAI, make_draft

DEFAULT = parse_review_rule(load_reference("expert_review_rule"))
TODAY = dt.date(2026, 4, 1)


def facts(deaths=0, grade=FireGrade.ORDINARY, disputed=False, serious=0) -> ReviewFacts:
    return ReviewFacts(deaths=deaths, serious_injuries=serious, grade=grade, facts_disputed=disputed)


def test_the_shipped_rule_is_deaths_large_fires_and_disputes():
    assert DEFAULT == ReviewRule(min_deaths=1, min_serious_injuries=None, min_grade=FireGrade.LARGER,
                                 facts_disputed=True)  # fmt: skip


@pytest.mark.parametrize(
    "case,reasons",
    [
        (facts(), []),
        (facts(grade=FireGrade.MINOR, serious=5), []),
        (facts(deaths=1), ["有人员死亡（1人）"]),
        (facts(grade=FireGrade.LARGER), ["火灾等级为较大及以上（较大）"]),
        (facts(grade=FireGrade.EXTRAORDINARY), ["火灾等级为较大及以上（特别重大）"]),
        (facts(disputed=True), ["当事人对火灾事实或起火原因有争议"]),
        (facts(deaths=3, grade=FireGrade.LARGER, disputed=True),
         ["有人员死亡（3人）", "火灾等级为较大及以上（较大）", "当事人对火灾事实或起火原因有争议"]),
    ],
)  # fmt: skip
def test_which_cases_need_a_review(case, reasons):
    assert review_required_reasons(case, DEFAULT) == reasons


def test_a_province_may_change_the_rule():
    rule = parse_review_rule({"min_deaths": 3, "min_serious_injuries": 2, "min_grade": "重大", "facts_disputed": False})
    assert review_required_reasons(facts(deaths=2, grade=FireGrade.LARGER, disputed=True), rule) == []
    assert review_required_reasons(facts(deaths=3, serious=2, grade=FireGrade.MAJOR), rule) == [
        "死亡人数达到3人（3人）", "重伤人数达到2人（2人）", "火灾等级为重大及以上（重大）",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "data,message",
    [({"min_grade": "大"}, "min_grade"), ({"min_deaths": 0}, "min_deaths"), ({"facts_disputed": "yes"}, "facts")],
)
def test_a_bad_rule_is_refused_naming_the_value(data, message):
    with pytest.raises(ValueError, match=message):
        parse_review_rule(data)


def test_facts_come_from_a_case_draft_and_its_grade():
    draft = make_draft(deaths=2, serious_injuries=1, facts_disputed=True)
    assert ReviewFacts.of(draft, "一般") == ReviewFacts(2, 1, FireGrade.ORDINARY, True)


def review(**overrides) -> ReviewDraft:
    values = dict(
        purpose=ReviewPurpose.CAUSE_DETERMINATION, held_on=dt.date(2026, 3, 15), place="支队会议室",
        question="起火原因认定", conclusion="起火原因为电气线路短路。",
        opinions=[ExpertOpinion(1, "同意。"), ExpertOpinion(2, "同意认定为电气火灾。"), ExpertOpinion(3, "同意。")],
    )  # fmt: skip
    values.update(overrides)
    return ReviewDraft(**values)


def messages(draft: ReviewDraft, concluding=False, earliest=dt.date(2026, 3, 1)) -> list[str]:
    return [e.message for e in validate_review(draft, TODAY, earliest=earliest, concluding=concluding)]


def test_a_complete_review_may_be_saved_and_concluded():
    assert messages(review()) == [] and messages(review(), concluding=True) == []


def test_date_experts_and_duplicates_are_checked_on_every_save():
    assert messages(review(held_on=dt.date(2026, 4, 2))) == [
        "论证日期（2026-04-02）不能晚于今天：只能记录已经举行的论证。"
    ]
    assert messages(review(held_on=dt.date(2026, 2, 28))) == [
        "论证日期（2026-02-28）不能早于火灾发生的日期（2026-03-01）。"
    ]
    assert messages(review(held_on=None, opinions=[])) == ["请填写论证日期。", "请至少填写一名出席的专家。"]
    twice = [ExpertOpinion(1), ExpertOpinion(2), ExpertOpinion(1)]
    assert messages(review(opinions=twice)) == ["第3名专家与第1名是同一人，请删除重复的一行。"]
    assert messages(review(place="会" * 201)) == ["论证地点最多200个字，请删减。"]
    assert messages(review(purpose="hearing")) == ["请选择论证类型。"]


def test_a_draft_may_be_incomplete_but_a_conclusion_needs_everything():
    unfinished = review(conclusion="  ", opinions=[ExpertOpinion(1, "同意。"), ExpertOpinion(2, "")])
    assert messages(unfinished) == []
    assert messages(unfinished, concluding=True) == [
        "第2名专家的意见尚未填写，形成结论前应记录每名专家的意见。",
        "请填写论证结论。",
    ]


def test_a_dissent_must_be_recorded_before_concluding():
    dissenting = [ExpertOpinion(1, "同意。"), ExpertOpinion(2, "不能排除吸烟。", dissents=True)]
    assert messages(review(opinions=dissenting), concluding=True) == [
        "第2名专家持不同意见，请在“不同意见”中记录其意见及持有人。"
    ]
    assert messages(review(opinions=dissenting, dissent="李某认为不能排除吸烟。"), concluding=True) == []


def test_text_limits_match_the_columns():
    for name, limit in REVIEW_TEXT_LIMITS.items():
        assert ExpertReview.__table__.c[name].type.length == limit


C, E_ = ReviewPurpose.CAUSE_DETERMINATION, ReviewPurpose.CASE_EVALUATION
S = ReviewStatus


def link(status, day=10, supersedes=None, purpose=C) -> ReviewLink:
    return ReviewLink(purpose, status, dt.date(2026, 3, day), supersedes)


def test_a_chain_of_superseded_reviews_is_accepted():
    chain = [link(S.SUPERSEDED), link(S.SUPERSEDED, 12, 0), link(S.CONCLUDED, 20, 1), link(S.CONCLUDED, 25, None, E_)]
    assert check_supersession(chain) == []
    assert check_supersession([link(S.CONCLUDED), link(S.DRAFT, 12, 0)]) == []  # the successor is being written


@pytest.mark.parametrize(
    "chain,problem",
    [
        ([link(S.SUPERSEDED)], (0, "状态为“已被取代”，但没有取代它的论证。")),
        ([link(S.CONCLUDED), link(S.CONCLUDED, 12, 0)],
         (1, "被取代的第1份论证的状态应为“已被取代”（取代它的论证已形成结论）。")),
        ([link(S.SUPERSEDED), link(S.DRAFT, 12, 0)],
         (1, "被取代的第1份论证的状态应为“已结论”（取代它的论证尚未形成结论）。")),
        ([link(S.SUPERSEDED), link(S.CONCLUDED, 12, 0, E_)],
         (1, "取代的论证应与被取代的第1份论证类型相同（起火原因认定论证）。")),
        ([link(S.SUPERSEDED, 12), link(S.CONCLUDED, 10, 0)], (1, "论证日期不能早于被取代的第1份论证。")),
        ([link(S.CONCLUDED, 10, 1), link(S.CONCLUDED)], (0, "只能取代列在它前面的论证。")),
        ([link(S.SUPERSEDED), link(S.CONCLUDED, 12, 0), link(S.DRAFT, 13, 0)],
         (2, "第1份论证已被第2份取代，不能再被取代。")),
    ],
)  # fmt: skip
def test_impossible_supersession_is_refused(chain, problem):
    assert problem in check_supersession(chain)


# --- the gate in the procedure's state machine ----------------------------------------------------------------------


def at(day: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, tzinfo=SHANGHAI)


HEARD = [
    WorkflowEvent(EventType.REGISTERED, at(1)),
    WorkflowEvent(EventType.INVESTIGATION_STARTED, at(1)),
    WorkflowEvent(EventType.HEARING_HELD, at(20)),
]
DETERMINATION = WorkflowEvent(EventType.DETERMINED, at(25), {"cause_category": "电气"})
CONTEXT = StepContext(Procedure.GENERAL, "电气", frozenset({"王某某"}))


def test_the_determination_waits_for_the_review_and_names_why():
    waiting = StepContext(Procedure.GENERAL, "电气", frozenset({"王某某"}),
                          missing_expert_review=("有人员死亡（1人）", "当事人对火灾事实或起火原因有争议"))  # fmt: skip
    assert check_step(HEARD, DETERMINATION, waiting) == [
        "作出认定前需要经专家论证并形成结论（原因：有人员死亡（1人）；当事人对火灾事实或起火原因有争议）。"
    ]
    assert check_step(HEARD, DETERMINATION, CONTEXT) == []
    # Other steps never wait for it.
    assert check_step(HEARD[:2], WorkflowEvent(EventType.HEARING_HELD, at(20)), waiting) == []


def test_a_redetermination_waits_for_it_too():
    reviewed = [
        *HEARD, DETERMINATION,
        WorkflowEvent(EventType.SERVED, at(27), {"method": "in_person"}),
        WorkflowEvent(EventType.REVIEW_APPLIED, at(5, 4), {"applicant": "王某某"}),
        WorkflowEvent(EventType.REVIEW_ACCEPTED, at(8, 4)),
        WorkflowEvent(EventType.REVIEW_CONCLUDED, at(30, 4), {"outcome": "redetermine"}),
    ]  # fmt: skip
    again = WorkflowEvent(EventType.REDETERMINED, at(10, 5), {"cause_category": "电气"})
    waiting = StepContext(
        Procedure.GENERAL, "电气", frozenset({"王某某"}), missing_expert_review=("有人员死亡（2人）",)
    )
    assert check_step(reviewed, again, waiting) == ["作出认定前需要经专家论证并形成结论（原因：有人员死亡（2人））。"]
    assert check_step(reviewed, again, CONTEXT) == []

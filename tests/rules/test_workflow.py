"""The procedure's state machine: the steps it allows, and the reason for each step it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.workflow import EventType, StepContext, WorkflowEvent, check_step, fold
from tests.factories import SHANGHAI

E = EventType
GENERAL = StepContext(
    Procedure.GENERAL, "电气", frozenset({"王某某", "某某超市"}), review_period_end=dt.date(2026, 5, 1)
)
SIMPLE = StepContext(Procedure.SIMPLE, "用火不慎", frozenset({"张某"}))


def at(day: int, month: int = 3, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def ev(kind: EventType, day: int, month: int = 3, **details) -> WorkflowEvent:
    return WorkflowEvent(kind, at(day, month), details)


GENERAL_TO_SERVICE = [
    ev(E.REGISTERED, 1),
    ev(E.INVESTIGATION_STARTED, 1),
    ev(E.HEARING_HELD, 20),
    ev(E.DETERMINED, 25, cause_category="电气"),
    ev(E.SERVED, 27, method="in_person"),
]


def walk(events, ctx) -> list[WorkflowEvent]:
    """Record the events one by one, checking each against the ones before it (registration comes with the case)."""
    recorded: list[WorkflowEvent] = [events[0]]
    for event in events[1:]:
        assert check_step(recorded, event, ctx) == [], event.type
        recorded.append(event)
    return recorded


def test_general_procedure_through_review_and_redetermination():
    events = walk(
        GENERAL_TO_SERVICE
        + [
            ev(E.REVIEW_APPLIED, 5, 4, applicant="王某某"),
            ev(E.REVIEW_ACCEPTED, 8, 4),
            ev(E.CASE_FILE_SENT, 12, 4),
            ev(E.REVIEW_CONCLUDED, 30, 4, outcome="redetermine"),
            ev(E.REDETERMINED, 10, 5, cause_category="电气"),
            ev(E.SERVED, 12, 5, method="post"),
            ev(E.CLOSED, 20, 5),
        ],
        GENERAL,
    )
    assert fold(events).status == CaseStatus.CLOSED


def test_simple_procedure():
    events = walk([ev(E.REGISTERED, 1), ev(E.SIMPLE_DETERMINED, 1), ev(E.SIMPLE_FILED, 2), ev(E.CLOSED, 3)], SIMPLE)
    assert fold(events).status == CaseStatus.CLOSED


def refused(events, new, ctx=GENERAL) -> str:
    problems = check_step(events, new, ctx)
    assert problems, f"{new.type} should have been refused"
    return " ".join(problems)


def test_review_of_a_simple_determination_is_refused():
    events = walk([ev(E.REGISTERED, 1), ev(E.SIMPLE_DETERMINED, 1), ev(E.SIMPLE_FILED, 2)], SIMPLE)
    assert "简易调查程序作出的认定不能申请复核" in refused(events, ev(E.REVIEW_APPLIED, 5, applicant="张某"), SIMPLE)


def test_determination_needs_a_cause_or_excluded_causes():
    before = GENERAL_TO_SERVICE[:3]
    no_cause = StepContext(Procedure.GENERAL, "", GENERAL.party_names)
    assert "必须列明排除的原因" in refused(before, ev(E.DETERMINED, 25), no_cause)
    undetermined = StepContext(Procedure.GENERAL, "不明确原因", GENERAL.party_names)
    assert "必须列明排除的原因" in refused(before, ev(E.DETERMINED, 25), undetermined)
    excluded = ev(E.DETERMINED, 25, excluded_causes=["放火", "电气"])
    assert check_step(before, excluded, undetermined) == []


def test_second_review_is_refused():
    events = walk(
        GENERAL_TO_SERVICE
        + [ev(E.REVIEW_APPLIED, 5, 4, applicant="王某某"), ev(E.REVIEW_ACCEPTED, 8, 4),
           ev(E.REVIEW_CONCLUDED, 30, 4, outcome="upheld")],
        GENERAL,
    )  # fmt: skip
    assert "复核只能申请一次" in refused(events, ev(E.REVIEW_APPLIED, 2, 5, applicant="某某超市"))


def test_review_refused_for_non_party_late_or_after_lawsuit():
    assert "不是本案当事人" in refused(GENERAL_TO_SERVICE, ev(E.REVIEW_APPLIED, 5, 4, applicant="路人甲"))
    assert "超过期限" in refused(GENERAL_TO_SERVICE, ev(E.REVIEW_APPLIED, 2, 5, applicant="王某某"))
    sued = GENERAL_TO_SERVICE + [ev(E.LAWSUIT_ACCEPTED, 1, 4)]
    assert "法院已受理" in refused(sued, ev(E.REVIEW_APPLIED, 5, 4, applicant="王某某"))


def test_review_before_service_is_refused():
    assert "尚未送达" in refused(GENERAL_TO_SERVICE[:4], ev(E.REVIEW_APPLIED, 26, applicant="王某某"))


def test_determination_without_hearing_is_refused():
    assert "认定前说明" in refused(GENERAL_TO_SERVICE[:2], ev(E.DETERMINED, 25))


def test_steps_out_of_order_are_refused():
    assert "请先记录“开始调查”" in refused(GENERAL_TO_SERVICE[:1], ev(E.EXTENSION_APPROVED, 5, approved_by="省总队"))
    assert "没有待送达的认定书" in refused(GENERAL_TO_SERVICE, ev(E.SERVED, 28, method="post"))
    assert "早于时间线上最后一个事件" in refused(GENERAL_TO_SERVICE, ev(E.CLOSED, 2))
    assert "已经作出认定" in refused(GENERAL_TO_SERVICE, ev(E.DETERMINED, 28, cause_category="电气"))
    assert "复核尚未受理" in refused(GENERAL_TO_SERVICE, ev(E.REVIEW_CONCLUDED, 28, outcome="upheld"))
    assert "没有责令重新认定" in refused(GENERAL_TO_SERVICE, ev(E.REDETERMINED, 28, cause_category="电气"))
    assert "自动记录" in refused(GENERAL_TO_SERVICE, ev(E.REGISTERED, 28))


def test_simple_only_and_general_only_steps():
    assert "只适用于简易调查程序" in refused(GENERAL_TO_SERVICE[:2], ev(E.SIMPLE_DETERMINED, 2))
    simple_start = [ev(E.REGISTERED, 1)]
    assert "不进行立案调查" in refused(simple_start, ev(E.INVESTIGATION_STARTED, 1), SIMPLE)
    assert "不进行认定前说明" in refused(simple_start, ev(E.HEARING_HELD, 2), SIMPLE)


def test_closing_needs_the_procedure_finished():
    assert "尚未送达" in refused(GENERAL_TO_SERVICE[:4], ev(E.CLOSED, 28))
    under_review = GENERAL_TO_SERVICE + [ev(E.REVIEW_APPLIED, 5, 4, applicant="王某某")]
    assert "复核尚未结束" in refused(under_review, ev(E.CLOSED, 6, 4))
    simple = [ev(E.REGISTERED, 1), ev(E.SIMPLE_DETERMINED, 1)]
    assert "尚未备案" in refused(simple, ev(E.CLOSED, 2), SIMPLE)


def test_closed_case_takes_no_more_steps_but_copies():
    closed = GENERAL_TO_SERVICE + [ev(E.CLOSED, 28)]
    assert "已结案" in refused(closed, ev(E.HEARING_HELD, 29))
    assert check_step(closed, ev(E.COPY_REQUESTED, 29), GENERAL) == []


@pytest.mark.parametrize(
    "new,reason",
    [
        (ev(E.EXTENSION_APPROVED, 5), "批准延期"),
        (ev(E.LAB_RETURNED, 5), "没有尚未返回的送检记录"),
        (ev(E.SERVED, 27, method="by_pigeon"), "请选择送达方式"),
    ],
)
def test_details_are_checked(new, reason):
    started = GENERAL_TO_SERVICE[:2]
    events = started if new.type != E.SERVED else GENERAL_TO_SERVICE[:4]
    assert reason in refused(events, new)


def test_extension_only_once():
    events = walk(GENERAL_TO_SERVICE[:2] + [ev(E.EXTENSION_APPROVED, 20, approved_by="省消防救援总队")], GENERAL)
    assert "只能延长一次" in refused(events, ev(E.EXTENSION_APPROVED, 21, approved_by="省消防救援总队"))


def test_a_refusal_names_one_of_the_five_grounds_or_none():
    applied = GENERAL_TO_SERVICE + [ev(E.REVIEW_APPLIED, 5, 4, applicant="王某某")]
    assert "请选择不予受理的情形" in refused(applied, ev(E.REVIEW_REFUSED, 7, 4, ground="not_on_the_list"))
    assert check_step(applied, ev(E.REVIEW_REFUSED, 7, 4, ground="late"), GENERAL) == []
    assert (
        check_step(applied, ev(E.REVIEW_REFUSED, 7, 4), GENERAL) == []
    )  # an older timeline's: the notice leaves it open

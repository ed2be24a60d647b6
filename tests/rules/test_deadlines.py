"""Deadlines computed from a case's timeline, with what each was computed from."""

from __future__ import annotations

import copy
import datetime as dt

from fireinvest.reference_files import load_reference
from fireinvest.rules.case_facts import Procedure
from fireinvest.rules.deadlines import DeadlineFacts, DeadlineStatus, compute_deadlines, parse_period_rules
from fireinvest.rules.workflow import EventType, WorkflowEvent
from fireinvest.rules.working_calendar import WorkingCalendar
from tests.factories import SHANGHAI

E = EventType
D = dt.date
RULES = parse_period_rules(load_reference("periods"))
CALENDAR = WorkingCalendar()
GENERAL = DeadlineFacts(Procedure.GENERAL, D(2026, 3, 1), D(2026, 3, 1))


def ev(kind, month, day, hour=9, **details) -> WorkflowEvent:
    return WorkflowEvent(kind, dt.datetime(2026, month, day, hour, tzinfo=SHANGHAI), details)


STARTED = [ev(E.REGISTERED, 3, 1), ev(E.INVESTIGATION_STARTED, 3, 1)]


def deadlines(events, today, facts=GENERAL, rules=RULES):
    return {d.kind: d for d in compute_deadlines(facts, events, rules, CALENDAR, today)}


def test_determination_due_30_days_after_the_alarm():
    open_ = deadlines(STARTED, today=D(2026, 3, 15))["determination"]
    assert (open_.due, open_.status, open_.basis) == (D(2026, 3, 31), DeadlineStatus.OPEN, "接警 2026-03-01 起 30日")
    assert deadlines(STARTED, today=D(2026, 4, 1))["determination"].status == DeadlineStatus.OVERDUE
    met = deadlines(STARTED + [ev(E.HEARING_HELD, 3, 20), ev(E.DETERMINED, 3, 25)], today=D(2026, 4, 10))
    assert (met["determination"].status, met["determination"].met_on) == (DeadlineStatus.MET, D(2026, 3, 25))


def test_laboratory_days_extend_the_determination_period():
    events = STARTED + [
        ev(E.LAB_SENT, 3, 5, item="W-1"), ev(E.LAB_SENT, 3, 8, item="W-2"),
        ev(E.LAB_RETURNED, 3, 10, item="W-1"), ev(E.LAB_RETURNED, 3, 12, item="W-2"),
    ]  # fmt: skip
    determination = deadlines(events, today=D(2026, 3, 20))["determination"]
    assert determination.due == D(2026, 4, 8)  # 30 days + 8 laboratory days (5-12 March, overlapping)
    assert "另加检验鉴定 8 日" in determination.basis


def test_open_laboratory_submission_keeps_extending():
    events = STARTED + [ev(E.LAB_SENT, 3, 20)]
    # 20-25 March so far: 6 days; 30 + 6 days is 6 April, a Qingming holiday, so the 7th.
    paused = deadlines(events, today=D(2026, 3, 25))["determination"]
    assert (paused.due, paused.suspended, paused.status) == (D(2026, 4, 7), True, DeadlineStatus.OPEN)
    assert "期限暂停" in paused.basis
    # Never overdue while the evidence is away, however long the laboratory takes.
    assert deadlines(events, today=D(2026, 8, 1))["determination"].status == DeadlineStatus.OPEN


def test_extension_adds_30_days_from_the_end_of_the_first_period():
    events = STARTED + [ev(E.EXTENSION_APPROVED, 3, 28, approved_by="省消防救援总队")]
    determination = deadlines(events, today=D(2026, 4, 2))["determination"]
    assert determination.due == D(2026, 4, 30)
    assert "2026-03-28 经省消防救援总队批准延长 30日（自 2026-03-31 起）" in determination.basis
    assert determination.status == DeadlineStatus.OPEN


def test_service_and_review_deadlines_follow_the_determination():
    events = STARTED + [ev(E.HEARING_HELD, 3, 20), ev(E.DETERMINED, 3, 25), ev(E.SERVED, 3, 27, method="in_person")]
    found = deadlines(events, today=D(2026, 4, 1))
    assert (found["service"].due, found["service"].status) == (D(2026, 4, 1), DeadlineStatus.MET)
    # 15 days from 27 March is Saturday 11 April: the party may still apply on Monday 13 April.
    review = found["review_application"]
    assert (review.due, review.responsible) == (D(2026, 4, 13), "party")
    assert review.basis == "送达 2026-03-27 起 15日，末日为节假日顺延至工作日"


def test_public_notice_is_deemed_served_20_days_later():
    events = STARTED + [ev(E.HEARING_HELD, 3, 20), ev(E.DETERMINED, 3, 25), ev(E.SERVED, 3, 27, method="public_notice")]
    review = deadlines(events, today=D(2026, 4, 1))["review_application"]
    # Deemed served 16 April; 15 days later is 1 May, inside the Labour Day holiday (1-5 May 2026).
    assert review.due == D(2026, 5, 6)
    assert "公告（2026-03-27）期满视为送达 2026-04-16" in review.basis


def test_review_deadlines():
    events = STARTED + [
        ev(E.HEARING_HELD, 3, 20), ev(E.DETERMINED, 3, 25), ev(E.SERVED, 3, 27, method="in_person"),
        ev(E.REVIEW_APPLIED, 4, 3, applicant="王某某"), ev(E.REVIEW_ACCEPTED, 4, 8),
        ev(E.REVIEW_CONCLUDED, 5, 6, outcome="redetermine"),
    ]  # fmt: skip
    found = deadlines(events, today=D(2026, 5, 10))
    assert found["review_acceptance"].due == D(2026, 4, 10)
    assert found["case_file_transfer"].due == D(2026, 4, 20)  # 18 April is a Saturday
    assert found["case_file_transfer"].status == DeadlineStatus.OVERDUE
    assert found["review_conclusion"].status == DeadlineStatus.MET
    assert found["redetermination"].due == D(2026, 5, 21)


def test_review_periods_in_working_days_when_configured():
    data = copy.deepcopy(load_reference("periods"))
    data["periods"]["review_acceptance"]["count"] = "working"
    rules = parse_period_rules(data)
    events = STARTED + [
        ev(E.HEARING_HELD, 3, 20), ev(E.DETERMINED, 3, 25), ev(E.SERVED, 3, 27, method="in_person"),
        ev(E.REVIEW_APPLIED, 4, 30, applicant="王某某"),
    ]  # fmt: skip
    acceptance = deadlines(events, today=D(2026, 5, 1), rules=rules)["review_acceptance"]
    # 7 working days after 30 April, skipping the Labour Day holiday and counting adjusted Saturday 9 May.
    assert acceptance.due == D(2026, 5, 13)
    assert "7个工作日" in acceptance.basis


def test_simple_procedure_filing_and_losses():
    facts = DeadlineFacts(Procedure.SIMPLE, D(2026, 3, 1), D(2026, 3, 1))
    found = deadlines(
        [ev(E.REGISTERED, 3, 1), ev(E.SIMPLE_DETERMINED, 3, 1, hour=11)], today=D(2026, 3, 2), facts=facts
    )
    assert set(found) == {"loss_declaration", "simple_filing"}
    assert found["simple_filing"].due == D(2026, 3, 3)
    assert found["loss_declaration"].due == D(2026, 3, 9)  # 8 March is a Sunday


def test_year_without_schedule_is_flagged():
    facts = DeadlineFacts(Procedure.GENERAL, D(2030, 3, 1), None)
    found = compute_deadlines(facts, [], RULES, CALENDAR, D(2030, 3, 2))
    assert [d.estimated_calendar for d in found] == [True]

"""Plausible procedure timelines for demo cases: the steps a case of a given status has been through, with the
delays investigators typically take. Every generated timeline passes the same state machine as a recorded one."""

from __future__ import annotations

import datetime as dt
import random

from fireinvest.rules.case_facts import CaseDraft, CaseStatus, Procedure, cause_found
from fireinvest.rules.workflow import EventType, ServiceMethod, WorkflowEvent, fold

E = EventType
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
# How far along the procedure each target status is, in the order the steps happen.
_GENERAL_STEPS = (E.INVESTIGATION_STARTED, E.HEARING_HELD, E.DETERMINED, E.SERVED, E.REVIEW_APPLIED, E.CLOSED)
_STEPS_FOR_STATUS = {
    CaseStatus.REGISTERED: 0,
    CaseStatus.INVESTIGATING: 1,
    CaseStatus.HEARING: 2,
    CaseStatus.DETERMINED: 3,
    CaseStatus.SERVED: 4,
    CaseStatus.UNDER_REVIEW: 5,
    CaseStatus.CLOSED: 6,
}


class DemoTimeline:
    def __init__(self, rng: random.Random, end: dt.datetime) -> None:
        self.rng, self.end = rng, end

    def events(self, draft: CaseDraft, target: CaseStatus) -> list[WorkflowEvent]:
        """The registration and the steps up to `target`, cut at `end` (a case cannot be ahead of today)."""
        alarm_time = draft.alarm_time
        assert alarm_time is not None
        events = [WorkflowEvent(E.REGISTERED, alarm_time)]
        if draft.procedure == Procedure.SIMPLE:
            steps = self._simple(draft, target, alarm_time)
        else:
            steps = self._general(draft, target, alarm_time)
        return events + [e for e in steps if e.time <= self.end]

    def status_after(self, events: list[WorkflowEvent]) -> CaseStatus:
        return fold(events).status

    def _simple(self, draft: CaseDraft, target: CaseStatus, alarm_time: dt.datetime) -> list[WorkflowEvent]:
        on_site = alarm_time + self.rng.randint(1, 3) * HOUR
        steps = [WorkflowEvent(E.SIMPLE_DETERMINED, on_site, {"cause_category": draft.cause_category})]
        if target == CaseStatus.CLOSED:
            filed = on_site + self.rng.choice((1, 1, 2)) * DAY
            steps += [
                WorkflowEvent(E.SIMPLE_FILED, filed),
                WorkflowEvent(E.CLOSED, filed + self.rng.randint(1, 5) * DAY),
            ]
        return steps

    def _general(self, draft: CaseDraft, target: CaseStatus, alarm_time: dt.datetime) -> list[WorkflowEvent]:
        rng = self.rng
        wanted = _STEPS_FOR_STATUS.get(target, 0)
        # Closed cases were mostly never reviewed: skip the review step for them.
        plan = [s for s in _GENERAL_STEPS[:wanted] if not (target == CaseStatus.CLOSED and s == E.REVIEW_APPLIED)]
        if target == CaseStatus.CLOSED and rng.random() < 0.03:
            plan.insert(plan.index(E.CLOSED), E.REVIEW_APPLIED)
        steps: list[WorkflowEvent] = []
        for step in plan:
            moment = (steps[-1].time if steps else alarm_time) + self._delay_before(step)
            steps += self._step(step, moment, draft, concluded=target == CaseStatus.CLOSED)
        return steps

    def _step(self, step: EventType, moment: dt.datetime, draft: CaseDraft, concluded: bool) -> list[WorkflowEvent]:
        rng = self.rng
        if step == E.INVESTIGATION_STARTED:
            started = [WorkflowEvent(step, moment)]
            if rng.random() < 0.08:  # evidence sent to a laboratory for a week or three
                sent = moment + rng.randint(2, 6) * DAY
                returned = sent + rng.randint(7, 21) * DAY
                started += [
                    WorkflowEvent(E.LAB_SENT, sent, {"item": "痕迹物证"}),
                    WorkflowEvent(E.LAB_RETURNED, returned, {"item": "痕迹物证"}),
                ]
            return started
        if step == E.DETERMINED:
            if not cause_found(draft.cause_category):
                return [WorkflowEvent(step, moment, {"excluded_causes": ["放火", "电气", "吸烟"]})]
            return [WorkflowEvent(step, moment, {"cause_category": draft.cause_category})]
        if step == E.SERVED:
            method = rng.choices(list(ServiceMethod), weights=(85, 13, 2))[0]
            return [WorkflowEvent(step, moment, {"method": method.value})]
        if step == E.REVIEW_APPLIED:
            applicant = draft.parties[0].name if draft.parties else ""
            applied = WorkflowEvent(step, moment, {"applicant": applicant})
            accepted = WorkflowEvent(E.REVIEW_ACCEPTED, moment + rng.randint(2, 6) * DAY)
            if not concluded:
                return [applied, accepted]
            upheld = WorkflowEvent(E.REVIEW_CONCLUDED, accepted.time + rng.randint(15, 28) * DAY, {"outcome": "upheld"})
            return [applied, accepted, upheld]
        return [WorkflowEvent(step, moment)]

    def _delay_before(self, step: EventType) -> dt.timedelta:
        """Typical time from the previous step to this one."""
        rng = self.rng
        days = {
            E.INVESTIGATION_STARTED: 0,
            E.HEARING_HELD: rng.randint(8, 24),
            E.DETERMINED: rng.randint(1, 4),
            E.SERVED: rng.randint(1, 6),
            E.REVIEW_APPLIED: rng.randint(3, 12),
            E.CLOSED: rng.randint(16, 45),
        }[step]
        return days * DAY + rng.randint(1, 8) * HOUR

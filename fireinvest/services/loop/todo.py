"""Loop deadlines for the to-do list across cases: open corrective measures by their deadline, and the
rectification assessment of closed cases whose loop is not closed yet, by its last day.

Two set-based queries (measures by the deadline index; loop cases with their closure dates), whatever the archive
size; services/deadlines.py merges these with the statutory deadlines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from fireinvest.models import CorrectiveMeasure, FireCase, RectificationAssessment
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.closed_loop import MeasureStatus, assessment_window
from fireinvest.services.loop.case_loop import (
    ASSESSMENT_LABEL,
    closure_dates,
    load_loop_rule,
    loop_case_condition,
    measure_deadline_label,
)


@dataclass(frozen=True)
class LoopDue:
    """A loop date on the to-do list, with what an investigator needs to recognise the case."""

    case_id: int
    case_number: str
    address: str
    kind: str  # "measure" or "assessment"
    label: str
    due: dt.date
    basis: str


def closed_loop_case_ids() -> Select:
    """Ids of cases whose loop is closed (the assessment report is issued)."""
    return select(RectificationAssessment.case_id).where(RectificationAssessment.report_filed_on.is_not(None))


def loop_due_items(session: Session, horizon: dt.date, my_cases: Select | None = None) -> list[LoopDue]:
    """Loop dates falling due by `horizon` (overdue ones included) that nobody has met yet; with `my_cases` (a
    select of case ids) only those cases'."""
    rule = load_loop_rule(session)
    measures = (
        select(
            CorrectiveMeasure.case_id,
            CorrectiveMeasure.owner,
            CorrectiveMeasure.description,
            CorrectiveMeasure.deadline,
            FireCase.case_number,
            FireCase.address,
        )  # fmt: skip
        .join(FireCase, FireCase.id == CorrectiveMeasure.case_id)
        .where(
            CorrectiveMeasure.verdict.is_(None),
            CorrectiveMeasure.deadline <= horizon,
            CorrectiveMeasure.status != MeasureStatus.COMPLETED.value,
            FireCase.status != CaseStatus.VOIDED.value,
        )
    )
    cases = select(FireCase.id, FireCase.case_number, FireCase.address).where(
        FireCase.status == CaseStatus.CLOSED.value,
        loop_case_condition(rule),
        FireCase.id.not_in(closed_loop_case_ids()),
    )
    if my_cases is not None:
        measures = measures.where(CorrectiveMeasure.case_id.in_(my_cases))
        cases = cases.where(FireCase.id.in_(my_cases))
    found = [
        LoopDue(
            case_id,
            number,
            address,
            "measure",
            measure_deadline_label(owner, description),
            deadline,
            f"责任单位 {owner}，整改期限 {deadline.isoformat()}",
        )  # fmt: skip
        for case_id, owner, description, deadline, number, address in session.execute(measures)
    ]
    loop_cases = session.execute(cases).all()
    closed_on = closure_dates(session, [case_id for case_id, _number, _address in loop_cases])
    for case_id, number, address in loop_cases:
        if case_id not in closed_on:  # closed without a closing event (e.g. imported that way): no date to count from
            continue
        window = assessment_window(closed_on[case_id], rule)
        if window.due <= horizon:
            found.append(LoopDue(case_id, number, address, "assessment", ASSESSMENT_LABEL, window.due, window.basis))
    return found

"""The guard every change to a case's loop passes: the case is locked against other writers, exists, is not voided
and its loop is not closed; the checks' messages reach the user whole.

The lock is what makes the loop's "check, then write" rules hold with two workstations at once: every loop write
locks its case first (uow.lock_case), so a closure waits for a change in flight, and a change that waited for a
closure then sees the issued report and is refused; no item slips in under a report that does not list it, and no
verdict is withdrawn from under one. A row of the loop is read only after its case is locked, so what the checks see
is what is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import FireCase, RectificationAssessment
from fireinvest.rules.closed_loop import LoopRule
from fireinvest.services.loop.case_loop import closure_dates, load_loop_rule, read_only_reason
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork

Row = TypeVar("Row")


@dataclass(frozen=True)
class LoopContext:
    """The case a loop change belongs to, with the dates the checks need."""

    case: FireCase
    fire_date: dt.date
    closed_on: dt.date | None
    today: dt.date
    rule: LoopRule


def loop_open_for_writing(uow: UnitOfWork, case_id: int, today: dt.date | None = None) -> LoopContext:
    """The case, locked for the change; refused when the case is voided or its loop already closed."""
    session = uow.session
    case = uow.lock_case(case_id)
    assessment = session.scalars(
        select(RectificationAssessment).where(RectificationAssessment.case_id == case_id)
    ).one_or_none()
    reason = read_only_reason(case, assessment)
    if reason is not None:
        raise ValidationFailed([FieldError("case", reason)])
    zone = load_agency_settings(session).zone
    return LoopContext(case, case.alarm_time.astimezone(zone).date(), closure_dates(session, [case_id]).get(case_id),
                       today or utc_now().astimezone(zone).date(), load_loop_rule(session))  # fmt: skip


def case_of_row(uow: UnitOfWork, model: Any, row_id: int, missing: str) -> int:
    """The case a row of the loop belongs to (read without a lock: rows never move between cases)."""
    case_id = uow.session.scalar(select(model.case_id).where(model.id == row_id))
    if case_id is None:
        raise NotFound(missing)
    return case_id


def loop_row_for_writing(
    uow: UnitOfWork, model: type[Row], row_id: int, missing: str, today: dt.date | None = None
) -> tuple[Row, LoopContext]:
    """A row of an open loop and its case, case first: the case locked and checked, then the row read fresh."""
    ctx = loop_open_for_writing(uow, case_of_row(uow, model, row_id, missing), today)
    return uow.lock(model, row_id, missing=missing), ctx


def raise_if(errors: list[FieldError]) -> None:
    """Refuse the change with these errors, if there are any."""
    if errors:
        raise ValidationFailed(errors)

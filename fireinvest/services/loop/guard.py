"""The guard every change to a case's loop passes: the case exists, is not voided and its loop is not closed; the
checks' messages reach the user whole. That the row changed is the version the user saw is checked with
services/versioning.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import FireCase, RectificationAssessment
from fireinvest.rules.closed_loop import LoopRule
from fireinvest.services.loop.case_loop import closure_dates, load_loop_rule, read_only_reason
from fireinvest.services.settings import load_agency_settings


@dataclass(frozen=True)
class LoopContext:
    """The case a loop change belongs to, with the dates the checks need."""

    case: FireCase
    fire_date: dt.date
    closed_on: dt.date | None
    today: dt.date
    rule: LoopRule


def loop_open_for_writing(
    session: Session, case_id: int, today: dt.date | None = None, *, closing: bool = False
) -> LoopContext:
    """The case, locked for the change; refused when the case is voided or its loop already closed.

    Item changes take a share lock and closing the loop an exclusive one (on PostgreSQL; SQLite writers are
    serialised already), so a closure waits for changes in flight and a change that waited for a closure then sees
    the issued report and is refused: no item can slip in under a report that does not list it.
    """
    locked = select(FireCase).where(FireCase.id == case_id).with_for_update(read=not closing)
    case = session.scalars(locked).one_or_none()
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    assessment = session.scalars(
        select(RectificationAssessment).where(RectificationAssessment.case_id == case_id)
    ).one_or_none()
    reason = read_only_reason(case, assessment)
    if reason is not None:
        raise ValidationFailed([FieldError("case", reason)])
    zone = load_agency_settings(session).zone
    return LoopContext(case, case.alarm_time.astimezone(zone).date(), closure_dates(session, [case_id]).get(case_id),
                       today or utc_now().astimezone(zone).date(), load_loop_rule(session))  # fmt: skip


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)

"""The guard every change to a case's loop passes: the case exists, is not voided and its loop is not closed; the
row changed is the version the user saw; the checks' messages reach the user whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from fireinvest.clock import utc_now
from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.models import FireCase, RectificationAssessment
from fireinvest.rules.case_validation import FieldError
from fireinvest.rules.closed_loop import LoopRule
from fireinvest.services.closed_loop import closure_dates, load_loop_rule, read_only_reason
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


def stale_message(what: str, saved_by: str) -> str:
    return f"该{what}已被 {saved_by} 在其他工作站修改并保存，本次操作未执行，以免覆盖对方的修改；请刷新后再试。"


def check_version(row: Any, expected_version: int, what: str) -> None:
    """Refuse a change made to an older version of the row than the one stored."""
    if row.version != expected_version:
        raise ConcurrentEditError(stale_message(what, row.updated_by))


def flush_versioned(session: Session, what: str) -> None:
    """Write the change; another workstation may have saved between the version check and now, which SQLAlchemy's
    version counter catches here (the unit of work then rolls back on the way out)."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentEditError(stale_message(what, "其他用户")) from exc


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)

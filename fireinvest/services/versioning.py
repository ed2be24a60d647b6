"""Optimistic locking of Versioned rows: a change is refused when the row is no longer the version the user saw, so
no workstation overwrites another's save unawares.

Two moments can catch it: the version check when the row is read (`check_version`), and the flush, because another
workstation may still save between that read and this write; SQLAlchemy's version counter catches that race and
the unit of work rolls back on the way out (`flush_versioned`, `flush_or_raise`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from fireinvest.errors import ConcurrentEditError

StaleMessage = Callable[[str, str], str]  # (what was changed, who saved it) -> the message


def stale_message(what: str, saved_by: str) -> str:
    """The refusal, naming what was changed and who saved it meanwhile."""
    return f"该{what}已被 {saved_by} 在其他工作站修改并保存，本次操作未执行，以免覆盖对方的修改；请刷新后再试。"


def check_version(row: Any, expected_version: int, what: str, message: StaleMessage = stale_message) -> None:
    """Refuse a change made to an older version of the row than the one stored."""
    if row.version != expected_version:
        raise ConcurrentEditError(message(what, row.updated_by))


def flush_versioned(session: Session, what: str, message: StaleMessage = stale_message) -> None:
    """Write the change, refusing it when another workstation saved the row since it was read."""
    flush_or_raise(session, ConcurrentEditError(message(what, "其他用户")))


def flush_or_raise(session: Session, stale: ConcurrentEditError) -> None:
    """Write the change, raising `stale` when another workstation saved the row since it was read. The error is
    composed by the caller before the flush: after a failed flush the row can no longer be read."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise stale from exc

"""One transaction of one use case: its session, who acts, what it changed, and the two guards every "check, then
write" rule relies on.

- `lock` / `lock_case` read a row and keep other writers off it until this unit of work ends. On PostgreSQL that
  is a row lock (FOR NO KEY UPDATE, which still lets other transactions insert rows that refer to it); SQLite lets
  one writer in at a time anyway (BEGIN IMMEDIATE, see db.py), so there the statement carries no lock clause. Every
  use case that changes a case or any part of it locks the case first, so two workstations can never both pass a
  rule about the same case (a custody chain, a closure, a determination) and both write.
- `update_search_index` re-indexes the parts of the cases changed so far (search/index.py); the front door calls
  it before every commit, and long use cases (imports) after each batch, so the index is always that of the data.
- `check_version` refuses a change made to an older version of a row than the one stored (someone saved since the
  user opened it), with one message for every kind of row. The refusal is also remembered for the flush: a save
  that lands after the check and before the write (possible for rows that were not locked) makes SQLAlchemy's
  version counter fail the UPDATE, and the use case then ends with the same refusal instead of a raw StaleDataError.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.base import ExecutableOption

from fireinvest.db import hold_named_lock
from fireinvest.errors import ConcurrentEditError, NotFound
from fireinvest.models import FireCase
from fireinvest.search.index import reindex
from fireinvest.services.actor import Actor
from fireinvest.services.changes import ChangeLog, Changes, Part, Register

Row = TypeVar("Row")

UNKNOWN_SAVER = "其他用户"


def stale_message(what: str, saved_by: str) -> str:
    """The refusal of a change to an older version, naming what was changed and who saved it meanwhile."""
    return f"{what}已被 {saved_by} 在其他工作站修改并保存。为避免覆盖对方的修改，本次操作未执行；请刷新后再试。"


class UnitOfWork:
    """The session of one use case's transaction (`session`), the acting person (`actor`) and its change log."""

    def __init__(self, session: Session, actor: Actor, *, read_only: bool = False) -> None:
        self.session = session
        self.actor = actor
        self.read_only = read_only
        self._log = ChangeLog()
        self._refusals: dict[str, str] = {}  # table name -> what to say when its versioned UPDATE finds a newer row
        self._unindexed: dict[int, set[str]] = {}  # case id -> parts changed since the index was last brought up

    # -- what changed ---------------------------------------------------------------------------------------------

    def changed(self, case_ids: int | Iterable[int], *parts: Part) -> None:
        """Record that these parts of these cases changed."""
        self._log.case(case_ids, *parts)
        for case_id in (case_ids,) if isinstance(case_ids, int) else case_ids:
            self._unindexed.setdefault(case_id, set()).update(parts)

    def update_search_index(self) -> None:
        """Bring the search index up to the parts of cases changed so far (the changes are already flushed)."""
        if self._unindexed:
            self.flush()
            pending, self._unindexed = self._unindexed, {}
            reindex(self.session, pending)

    def changed_every_case(self, *parts: Part) -> None:
        self._log.every_case(*parts)

    def changed_register(self, *registers: Register) -> None:
        self._log.register(*registers)

    @property
    def changes(self) -> Changes:
        return self._log.freeze()

    # -- guards -----------------------------------------------------------------------------------------------------

    def lock(self, model: type[Row], row_id: int, *options: ExecutableOption, missing: str) -> Row:
        """The row, freshly read and kept from other writers until this unit of work ends; NotFound(`missing`)."""
        statement = (
            select(model)
            .where(model.id == row_id)  # type: ignore[attr-defined]
            .options(*options)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
        row = self.session.scalars(statement).one_or_none()
        if row is None:
            raise NotFound(missing)
        return row

    def lock_case(self, case_id: int, *options: ExecutableOption) -> FireCase:
        """The case, locked against other writers: call first in every use case that writes to a case."""
        return self.lock(FireCase, case_id, *options, missing=f"案件（内部编号 {case_id}）不存在，可能已被删除。")

    def hold_register_lock(self, register: str) -> None:
        """Keep other writers from adding to a shared register (people, experts) until this unit of work ends, so a
        look-up followed by a registration cannot register the same person twice."""
        hold_named_lock(self.session, register)

    def check_version(self, row: Any, expected_version: int, what: str) -> None:
        """Refuse the change when `row` (anything with a `version`, and `updated_by` when known) is no longer the
        version the user saw; `what` names it in the refusal ("案件 320100-2026-00021 ", "人员“张明”")."""
        if row.version != expected_version:
            raise ConcurrentEditError(stale_message(what, getattr(row, "updated_by", "") or UNKNOWN_SAVER))
        table = getattr(row, "__table__", None)
        if table is not None:
            self._refusals[table.name] = stale_message(what, UNKNOWN_SAVER)

    def flush(self) -> None:
        """Write what is pending; a concurrent save found now ends the use case with the version refusal."""
        try:
            self.session.flush()
        except StaleDataError as exc:
            raise self.stale_refusal(exc) from exc

    def stale_refusal(self, exc: StaleDataError) -> ConcurrentEditError:
        """The refusal for a versioned UPDATE that found a newer row (the message names its table)."""
        text = str(exc)
        for table, message in self._refusals.items():
            if f"'{table}'" in text:
                return ConcurrentEditError(message)
        return ConcurrentEditError(stale_message("该记录", UNKNOWN_SAVER))

"""A save by another workstation that lands at the worst moment: after a use case checked a row's version and
before it writes the row.

Two real workstations cannot be made to meet at that moment reliably, so the other workstation's save is played
inside the use case's own transaction: just before the use case's first flush, the row's version is bumped the way
a concurrent save would have bumped it. The use case must then end with the normal refusal (ConcurrentEditError,
"…已被 … 在其他工作站修改并保存…") and, being all or nothing, change nothing at all (the bump itself is undone
with the rest).

    with saved_meanwhile("people", person_id), pytest.raises(ConcurrentEditError, match="已被 .* 修改并保存"):
        people.save_person(workstation, PersonRecord(person_id, "张明", version=seen_version))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.orm import Session


@contextmanager
def saved_meanwhile(table: str, row_id: int) -> Iterator[list[int]]:
    """Within the block, the first flush of any session first bumps the version of row `row_id` of `table`.
    Yields a list that holds the row's id once the bump happened, so a test can check the race was played."""
    played: list[int] = []

    def bump_version(session: Session, _context, _instances) -> None:
        if played:
            return
        played.append(row_id)
        session.execute(text(f"UPDATE {table} SET version = version + 1 WHERE id = :id"), {"id": row_id})

    event.listen(Session, "before_flush", bump_version)
    try:
        yield played
    finally:
        event.remove(Session, "before_flush", bump_version)

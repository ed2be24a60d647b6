"""Races played on purpose: two writers meeting at the worst moment, and a save by another workstation landing
between a use case's version check and its write.

`at_the_same_moment(*works)` runs works on their own threads, released together when their transactions begin and
again just before their first write (after every check), so two writers that do not keep each other out always
both pass their checks and both write; a lock that keeps one out shows as exactly one written and one refused.

A save that lands after a use case checked a row's version and before it writes the row:

Two real workstations cannot be made to meet at that moment reliably, so the other workstation's save is played
inside the use case's own transaction: just before the use case's first flush, the row's version is bumped the way
a concurrent save would have bumped it. The use case must then end with the normal refusal (ConcurrentEditError,
"…已被 … 在其他工作站修改并保存…") and, being all or nothing, change nothing at all (the bump itself is undone
with the rest).

    with saved_meanwhile("people", person_id), pytest.raises(ConcurrentEditError, match="已被 .* 修改并保存"):
        people.save_person(workstation, PersonRecord(person_id, "张明", version=seen_version))
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
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


def at_the_same_moment(*works: Callable[[], object], write_wait: float = 0.5) -> list[object]:
    """Run each work on its own thread and return what each returned or raised. The threads are released together
    when their transactions begin, and again just before their first write (after every check): two writers that
    do not keep each other out both arrive there and write. One held back by a lock never arrives; the other stops
    waiting for it after `write_wait` seconds and goes on (and then lets it in)."""
    began = threading.Barrier(len(works), timeout=10)
    writing = threading.Barrier(len(works), timeout=write_wait)
    results: list[object] = [None] * len(works)
    threads = [threading.Thread(target=lambda n=n, work=work: _keep(results, n, work)) for n, work in enumerate(works)]
    passed: dict[str, set[threading.Thread]] = {"began": set(), "writing": set()}

    def hold(barrier: threading.Barrier, point: str) -> None:
        me = threading.current_thread()
        if me not in threads or me in passed[point]:
            return  # not one of the racers (the test's own reads), or that point is behind it already
        passed[point].add(me)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # the other one is waiting for a lock this one holds

    def after_begin(_session, _transaction, _connection) -> None:
        hold(began, "began")

    def before_flush(_session, _context, _instances) -> None:
        hold(writing, "writing")

    event.listen(Session, "after_begin", after_begin)
    event.listen(Session, "before_flush", before_flush)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
            assert not thread.is_alive()
    finally:
        event.remove(Session, "after_begin", after_begin)
        event.remove(Session, "before_flush", before_flush)
    return results


def _keep(results: list[object], n: int, work: Callable[[], object]) -> None:
    try:
        results[n] = work()
    except Exception as exc:  # the test looks at it
        results[n] = exc

"""Workstations doing their work at the same moment: real separate processes, each with its own connections to the
archive, released together by one start signal (for numbering that must stay unique and gapless under contention).

    def register_one(session, actor, n):                    # module level, so a spawned process can import it
        return cases.create_case(session, actor, make_draft()).case_number

    reported = race_workstations(url, register_one, {"甲": range(25), "乙": range(25)})   # {"甲": [...], "乙": [...]}
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fireinvest.services.actor import Actor
from fireinvest.services.startup import open_prepared_database


def _workstation(url: str, name: str, items: Iterable[Any], work: Callable, start, results) -> None:
    """One workstation: wait for the start signal, then do each item in its own unit of work as fast as it can."""
    database = open_prepared_database(url)
    start.wait(timeout=30)
    done = []
    try:
        for item in items:
            with database.writing() as session:
                done.append(work(session, Actor(name), item))
    finally:
        database.dispose()
        results.put((name, done))


def race_workstations(
    url: str, work: Callable[[Any, Actor, Any], Any], shares: Mapping[str, Iterable[Any]], timeout: float = 120
) -> dict[str, list[Any]]:
    """Run `work(session, actor, item)` for every item of every workstation's share at once; what each returned,
    by workstation. Fails the test when a workstation's process did not end cleanly."""
    spawn = multiprocessing.get_context("spawn")  # real separate processes, each with its own connections
    start, results = spawn.Event(), spawn.Queue()
    workers = [spawn.Process(target=_workstation, args=(url, name, items, work, start, results))
               for name, items in shares.items()]  # fmt: skip
    for worker in workers:
        worker.start()
    start.set()
    reported = dict(results.get(timeout=timeout) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    return reported

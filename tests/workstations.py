"""Workstations doing their work at the same moment: real separate processes, each with its own connections to the
archive, released together by one start signal once every one of them is ready (for numbering that must stay
unique and gapless under contention, registers that must not register a person twice, a new database that many
workstations open at once).

    def register_one(workstation, n):                       # module level, so a spawned process can import it
        return cases.create_case(workstation, make_draft()).value.case_number

    reported = race_workstations(url, register_one, {"甲": range(25), "乙": range(25)})   # {"甲": [...], "乙": [...]}
    open_at_once(url, 6)                                    # six workstations start on the same database together
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database

READY_TIMEOUT = 60  # seconds for a spawned process to import the program and open its database


def _workstation(url: str, name: str, items: Iterable[Any], work: Callable, start, messages) -> None:
    """One workstation: open the database, say it is ready, wait for the start signal, then do each item (each
    `work` call runs its own use cases) as fast as it can."""
    try:
        database = open_prepared_database(url)
        try:
            messages.put(("ready", name, None))
            if not start.wait(timeout=READY_TIMEOUT):
                raise TimeoutError("no start signal")
            workstation = Workstation(database, Actor(name))
            messages.put(("done", name, [work(workstation, item) for item in items]))
        finally:
            database.dispose()
    except BaseException:
        messages.put(("failed", name, traceback.format_exc()))


def _opening(url: str, name: str, start, messages) -> None:
    """One workstation starting: say it is ready, wait for the start signal, then open the database."""
    try:
        messages.put(("ready", name, None))
        if not start.wait(timeout=READY_TIMEOUT):
            raise TimeoutError("no start signal")
        open_prepared_database(url).dispose()
        messages.put(("done", name, None))
    except BaseException:
        messages.put(("failed", name, traceback.format_exc()))


def _release_together(target: Callable, arguments: Mapping[str, tuple], timeout: float) -> dict[str, Any]:
    """Start one process per name running `target(*arguments[name], start, messages)`, set the start signal when
    all are ready, and return what each reported as done. Fails the test when a process failed or did not end."""
    spawn = multiprocessing.get_context("spawn")  # real separate processes, each with its own connections
    start, messages = spawn.Event(), spawn.Queue()
    workers = [spawn.Process(target=target, args=(*args, start, messages)) for args in arguments.values()]
    for worker in workers:
        worker.start()
    reported: dict[str, Any] = {}
    failures: list[str] = []
    try:
        ready = 0
        while ready + len(failures) < len(workers):
            kind, name, value = messages.get(timeout=READY_TIMEOUT)
            if kind == "ready":
                ready += 1
            else:
                failures.append(f"{name}:\n{value}")
        start.set()
        while len(reported) + len(failures) < len(workers):
            kind, name, value = messages.get(timeout=timeout)
            if kind == "done":
                reported[name] = value
            else:
                failures.append(f"{name}:\n{value}")
    except queue.Empty:
        failures.append("a workstation did not report in time")
    finally:
        start.set()
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    assert not failures, "\n".join(failures)
    assert all(worker.exitcode == 0 for worker in workers)
    return reported


def race_workstations(
    url: str, work: Callable[[Workstation, Any], Any], shares: Mapping[str, Iterable[Any]], timeout: float = 120
) -> dict[str, list[Any]]:
    """Run `work(workstation, item)` for every item of every workstation's share at once (the workstation acts for
    the share's name); what each returned, by workstation."""
    return _release_together(
        _workstation, {name: (url, name, list(items), work) for name, items in shares.items()}, timeout
    )


def open_at_once(url: str, count: int, timeout: float = 120) -> None:
    """`count` workstations open (and so migrate and prepare) the database at `url` at the same moment."""
    _release_together(_opening, {f"工作站{n}": (url, f"工作站{n}") for n in range(1, count + 1)}, timeout)

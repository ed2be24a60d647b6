"""Two workstations registering cases at the same moment get unique, gapless numbers."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import select

from fireinvest.models import FireCase
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.archive_setup import open_case_archive
from tests.factories import make_draft

CASES_PER_WORKSTATION = 25


def register_cases(url: str, workstation: str, start, results) -> None:
    """One workstation: wait for the start signal, then register cases as fast as it can."""
    database = open_case_archive(url)
    start.wait(timeout=30)
    numbers = []
    try:
        for n in range(CASES_PER_WORKSTATION):
            with database.unit_of_work() as session:
                draft = make_draft(address=f"{workstation}登记的第{n}起火灾")
                numbers.append(cases.create_case(session, Actor(workstation), draft).case_number)
    finally:
        database.dispose()
        results.put((workstation, numbers))


def test_concurrent_registration_from_two_processes(database_url):
    spawn = multiprocessing.get_context("spawn")  # real separate processes, each with its own connections
    start, results = spawn.Event(), spawn.Queue()
    workers = [spawn.Process(target=register_cases, args=(database_url, name, start, results)) for name in ("甲", "乙")]
    for worker in workers:
        worker.start()
    start.set()
    reported = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    assert all(len(numbers) == CASES_PER_WORKSTATION for numbers in reported.values())
    database = open_case_archive(database_url)
    try:
        with database.reading() as session:
            rows = session.execute(select(FireCase.case_number, FireCase.sequence)).all()
    finally:
        database.dispose()
    total = 2 * CASES_PER_WORKSTATION
    assert sorted(sequence for _, sequence in rows) == list(range(1, total + 1))
    assert len({number for number, _ in rows}) == total
    assert sorted(reported["甲"] + reported["乙"]) == sorted(number for number, _ in rows)

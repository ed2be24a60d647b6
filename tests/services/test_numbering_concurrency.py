"""Two workstations registering cases at the same moment get unique, gapless numbers."""

from __future__ import annotations

from sqlalchemy import select

from fireinvest.models import FireCase
from fireinvest.services import cases
from fireinvest.services.startup import open_prepared_database
from tests.factories import make_draft
from tests.workstations import race_workstations

CASES_PER_WORKSTATION = 25


def register_one(session, actor, n: int) -> str:
    """A workstation registers its n-th case."""
    return cases.create_case(session, actor, make_draft(address=f"{actor.name}登记的第{n}起火灾")).case_number


def test_concurrent_registration_from_two_processes(database_url):
    shares = {"甲": range(CASES_PER_WORKSTATION), "乙": range(CASES_PER_WORKSTATION)}
    reported = race_workstations(database_url, register_one, shares)

    assert all(len(numbers) == CASES_PER_WORKSTATION for numbers in reported.values())
    database = open_prepared_database(database_url)
    try:
        with database.reading() as session:
            rows = session.execute(select(FireCase.case_number, FireCase.sequence)).all()
    finally:
        database.dispose()
    total = 2 * CASES_PER_WORKSTATION
    assert sorted(sequence for _, sequence in rows) == list(range(1, total + 1))
    assert len({number for number, _ in rows}) == total
    assert sorted(reported["甲"] + reported["乙"]) == sorted(number for number, _ in rows)

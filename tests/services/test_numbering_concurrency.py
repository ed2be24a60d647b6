"""Two workstations registering cases at the same moment get unique, gapless numbers."""

from __future__ import annotations

from fireinvest.services import case_query, cases
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from tests.factories import make_draft
from tests.workstations import race_workstations

CASES_PER_WORKSTATION = 25


def register_one(workstation: Workstation, n: int) -> str:
    """A workstation registers its n-th case."""
    draft = make_draft(address=f"{workstation.actor.name}登记的第{n}起火灾")
    return cases.create_case(workstation, draft).value.case_number


def test_concurrent_registration_from_two_processes(database_url):
    shares = {"甲": range(CASES_PER_WORKSTATION), "乙": range(CASES_PER_WORKSTATION)}
    reported = race_workstations(database_url, register_one, shares)

    assert all(len(numbers) == CASES_PER_WORKSTATION for numbers in reported.values())
    database = open_prepared_database(database_url)
    try:
        total = 2 * CASES_PER_WORKSTATION
        page = case_query.case_list_page(Workstation(database, Actor("检查员")), case_query.CaseFilter(),
                                         case_query.CaseSort(case_query.SortKey.CASE_NUMBER, descending=False),
                                         0, 2 * total, with_total=True)  # fmt: skip
    finally:
        database.dispose()
    numbers = [row.case_number for row in page.rows]
    assert page.total == total
    assert numbers == [f"320100-2026-{sequence:05d}" for sequence in range(1, total + 1)]  # unique and gapless
    assert sorted(reported["甲"] + reported["乙"]) == numbers

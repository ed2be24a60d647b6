"""Case numbers (案件编号): `<agency code>-<year>-<sequence>`, unique and gapless per agency and year.

The counter row is incremented inside the transaction that inserts the case. On PostgreSQL the UPDATE takes a
row lock that makes a second workstation wait until the first commits or rolls back; on SQLite the unit of work
holds the write lock from BEGIN IMMEDIATE. Either way no two cases get the same number, and a registration that
fails gives its number back with the rollback.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fireinvest.models import CaseNumberCounter, EvidenceCounter
from fireinvest.rules.identifiers import CaseNumber

# Both counters (cases, evidence items) are tables keyed by agency code and year with a last_sequence column.
Counter = TypeVar("Counter", CaseNumberCounter, EvidenceCounter)


def _ensure_counter(session: Session, counter: type[Counter], agency_code: str, year: int) -> None:
    dialect = session.get_bind().dialect.name
    # The dialect's own INSERT (for ON CONFLICT), imported when first needed: loading both costs start-up time.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(counter)
        .values(agency_code=agency_code, year=year, last_sequence=0)
        .on_conflict_do_nothing(index_elements=["agency_code", "year"])
    )


def allocate_sequences(
    session: Session, counter: type[Counter], agency_code: str, year: int, count: int = 1
) -> list[int]:
    """Reserve the next `count` consecutive sequences of a counter; permanent only when the session commits."""
    if count < 1:
        return []
    _ensure_counter(session, counter, agency_code, year)
    last = session.execute(
        update(counter)
        .where(counter.agency_code == agency_code, counter.year == year)
        .values(last_sequence=counter.last_sequence + count)
        .returning(counter.last_sequence)
    ).scalar_one()
    return list(range(last - count + 1, last + 1))


def allocate_case_numbers(session: Session, agency_code: str, year: int, count: int = 1) -> list[CaseNumber]:
    """Reserve the next `count` consecutive case numbers; they become permanent only when the session commits."""
    sequences = allocate_sequences(session, CaseNumberCounter, agency_code, year, count)
    return [CaseNumber(agency_code, year, sequence) for sequence in sequences]


def next_sequences(session: Session, counter: type[Counter], agency_code: str) -> dict[int, int]:
    """The next sequence each year's counter of the agency would hand out (a year without a counter starts at 1)."""
    rows = session.execute(select(counter.year, counter.last_sequence).where(counter.agency_code == agency_code))
    return {year: last + 1 for year, last in rows}


def claim_sequence(session: Session, counter: type[Counter], agency_code: str, year: int, sequence: int) -> None:
    """Record that an imported record already uses `sequence`, so the counter never hands it out again."""
    _ensure_counter(session, counter, agency_code, year)
    row = session.scalars(
        select(counter).where(counter.agency_code == agency_code, counter.year == year).with_for_update()
    ).one()
    row.last_sequence = max(row.last_sequence, sequence)
    session.flush()


def next_case_sequences(session: Session, agency_code: str) -> dict[int, int]:
    """The next case sequence of each year of the agency (see next_sequences)."""
    return next_sequences(session, CaseNumberCounter, agency_code)


def claim_case_numbers(session: Session, numbers: Iterable[CaseNumber]) -> None:
    """Record that imported cases already use these numbers: each agency's and year's counter moves once, past the
    highest of them."""
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        key = (number.agency_code, number.year)
        highest[key] = max(highest.get(key, 0), number.sequence)
    for (agency_code, year), sequence in sorted(highest.items()):  # one lock order, whoever else claims
        claim_sequence(session, CaseNumberCounter, agency_code, year, sequence)

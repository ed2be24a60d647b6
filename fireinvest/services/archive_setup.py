"""Opening the case archive: the database with its schema up to date and its reference data in place."""

from __future__ import annotations

from fireinvest.db import Database, open_database
from fireinvest.services.deadlines import ensure_deadlines_current
from fireinvest.services.reference import seed_reference_data


def open_case_archive(url: str | None = None, *, migrate: bool = True) -> Database:
    """The opened database (migrated to the newest schema) with the shipped code lists seeded on first use and
    the deadlines of open cases recomputed if the rules or the holiday calendar changed since last time."""
    database = open_database(url, migrate=migrate)
    try:
        with database.unit_of_work() as session:
            seed_reference_data(session)
            ensure_deadlines_current(session)
    except BaseException:
        database.dispose()
        raise
    return database

"""Opening the database for work: its schema up to date, the shipped code lists in place, the deadlines of open
cases computed with the rules and the holiday calendar in force, and the search index built with this program's
analysis.

The bookkeeping is checked with reads and written only when something is due (a new database, new periods or
holidays, a new release of the holiday calendar), under the set-up lock so that workstations starting together do
it once. An everyday start therefore never asks for the write lock, and a long import on another workstation does
not make `fireinvest cases list` or the window's start wait for it.
"""

from __future__ import annotations

from fireinvest.db import SETUP_LOCK, Database, hold_named_lock, open_database
from fireinvest.search.index import index_out_of_date, rebuild
from fireinvest.services.actor import Actor
from fireinvest.services.deadlines import deadlines_out_of_date, recompute_open_deadlines
from fireinvest.services.front_door import Workstation
from fireinvest.services.reference import seed_reference_data, unseeded_kinds


def _bookkeeping_due(database: Database) -> bool:
    with database.reading() as session:
        return bool(unseeded_kinds(session)) or deadlines_out_of_date(session) is not None or index_out_of_date(session)


def _do_bookkeeping(database: Database) -> None:
    with database.writing() as session:
        hold_named_lock(session, SETUP_LOCK)
        seed_reference_data(session)  # both check again under the lock: another workstation may have done it
        fingerprint = deadlines_out_of_date(session)
        if fingerprint is not None:
            recompute_open_deadlines(session, fingerprint)
        if index_out_of_date(session):  # a database from before the search, or a new analysis
            rebuild(session)


def open_prepared_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """The database at `url` (None: the configured default), migrated, seeded and with its deadlines current."""
    database = open_database(url, migrate=migrate)
    try:
        if _bookkeeping_due(database):
            _do_bookkeeping(database)
    except BaseException:
        database.dispose()
        raise
    return database


def open_workstation(url: str | None, actor: Actor) -> Workstation:
    """The workstation on the prepared database at `url`, acting for `actor`."""
    return Workstation(open_prepared_database(url), actor)

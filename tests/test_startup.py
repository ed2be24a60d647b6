"""Opening the database for work: many workstations may start on a new database at the same moment, an everyday start
writes nothing, and reading never waits for a long write on another workstation."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, func, select

from fireinvest.cli.main import main
from fireinvest.db import SCHEMA_REVISION, SQLITE_BUSY_TIMEOUT_MS, open_database
from fireinvest.models import ReferenceItem
from fireinvest.services import case_query, cases, reference
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from tests.conftest import fresh_database_url
from tests.factories import make_draft
from tests.workstations import open_at_once

WORKSTATIONS_STARTING_TOGETHER = 6
_WRITING_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP")


@contextmanager
def writes_seen() -> Iterator[list[str]]:
    """What any engine of this process does that writes or waits for writers, while the block runs: transactions
    that take the write lock (BEGIN IMMEDIATE on SQLite; every `writing()` unit of work) and statements that change
    data or schema or take a named lock."""
    seen: list[str] = []

    def on_begin(connection) -> None:
        if connection.get_execution_options().get("fireinvest_begin") == "IMMEDIATE":
            seen.append("write transaction")

    def on_statement(_connection, _cursor, statement: str, *_args) -> None:
        words = statement.lstrip().upper()
        if words.startswith(_WRITING_STATEMENTS) or "PG_ADVISORY" in words:
            seen.append(statement)

    event.listen(Engine, "begin", on_begin)
    event.listen(Engine, "before_cursor_execute", on_statement)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", on_statement)
        event.remove(Engine, "begin", on_begin)


def test_opening_an_up_to_date_database_writes_nothing(empty_database_url):
    with writes_seen() as first_start:
        open_prepared_database(empty_database_url).dispose()
    assert "write transaction" in first_start  # a new database is migrated and seeded: what is watched for happens
    with writes_seen() as everyday_start:
        database = open_prepared_database(empty_database_url)
    try:
        assert everyday_start == []
        with database.reading() as session:
            assert (session.scalar(select(func.count(ReferenceItem.id))) or 0) > 0
    finally:
        database.dispose()


def _reference_items_by_kind(url: str) -> Counter[str]:
    database = open_database(url, migrate=False)
    try:
        with database.reading() as session:
            return Counter(session.scalars(select(ReferenceItem.kind)))
    finally:
        database.dispose()


def test_workstations_opening_a_new_database_together_prepare_it_once(empty_database_url, sqlite_template):
    open_at_once(empty_database_url, WORKSTATIONS_STARTING_TOGETHER)

    database = open_database(empty_database_url, migrate=False)  # refuses a schema that is not the newest
    try:
        with database.engine.connect() as connection:
            versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        workstation = Workstation(database, Actor("检查员"))
        lists = reference.reference_lists(workstation)
    finally:
        database.dispose()
    assert versions == [SCHEMA_REVISION]
    # The code lists were seeded exactly once: as many items of each kind as a database prepared by one workstation.
    once = _reference_items_by_kind(f"sqlite:///{sqlite_template}")
    assert _reference_items_by_kind(empty_database_url) == once
    assert lists.districts and lists.cause_names and lists.place_type_names


def _hold_the_write_lock(path: str, holding, release) -> None:
    """Another workstation in the middle of a long import: it holds SQLite's write lock with an uncommitted write
    until told to stop."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE fire_cases SET summary = summary || '（导入中）'")
        holding.set()
        release.wait(timeout=120)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_reading_does_not_wait_for_a_long_write_elsewhere(request, tmp_path, capsys, actor):
    url = fresh_database_url("sqlite", request, tmp_path)
    path = url.removeprefix("sqlite:///")
    database = open_prepared_database(url)
    try:
        case = cases.create_case(Workstation(database, actor), make_draft()).value
    finally:
        database.dispose()

    spawn = multiprocessing.get_context("spawn")
    holding, release = spawn.Event(), spawn.Event()
    writer = spawn.Process(target=_hold_the_write_lock, args=(path, holding, release))
    writer.start()
    try:
        assert holding.wait(timeout=60), "the other workstation did not start writing"
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # the write lock is really taken
            sqlite3.connect(path, isolation_level=None, timeout=0.1).execute("BEGIN IMMEDIATE")

        started = time.monotonic()
        database = open_prepared_database(url)  # an everyday start: it must not ask for the write lock
        try:
            workstation = Workstation(database, actor)
            assert cases.get_case(workstation, case.id).facts.summary == make_draft().summary  # not the uncommitted
            everything = case_query.CaseFilter(include_voided=True)
            page = case_query.case_list_page(workstation, everything, case_query.CaseSort(), 0, 10, with_total=True)
            assert (page.total, [row.id for row in page.rows]) == (1, [case.id])
        finally:
            database.dispose()
        code, out, err = run(capsys, "--database", url, "cases", "list", "--json")
        assert (code, err) == (0, "")
        assert [c["case_number"] for c in json.loads(out)["cases"]] == [case.case_number]
        code, out, err = run(capsys, "--database", url, "db", "info")
        assert (code, err) == (0, "") and "案件数：1" in out
        elapsed = time.monotonic() - started
        assert elapsed < SQLITE_BUSY_TIMEOUT_MS / 1000 / 4, f"reading waited {elapsed:.1f} s for the writer"
    finally:
        release.set()
        writer.join(timeout=30)
    assert writer.exitcode == 0

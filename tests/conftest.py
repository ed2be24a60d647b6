"""Shared fixtures: a fresh database per test, on SQLite always and on PostgreSQL when a server is named.

FIREINVEST_TEST_DATABASE_URL points at a PostgreSQL server (any database on it; the user must be allowed to create
databases). Each test then also runs against its own database cloned from a migrated template, so tests stay
independent without paying for the migrations every time.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

# Qt must know before it loads that there is no screen; set here so every way of running pytest gets it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from fireinvest.db import Database
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database

PG_ENV = "FIREINVEST_TEST_DATABASE_URL"
PG_TEMPLATE = "fireinvest_test_template"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_database_url(name: str) -> str:
    admin = _pg_admin_url()
    assert admin is not None
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _pg_execute(*statements: str, attempts: int = 5) -> None:
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                for attempt in range(attempts):
                    try:
                        connection.execute(text(statement))
                        break
                    except DBAPIError:
                        # A DROP can meet an autovacuum worker it may not end; it is gone a moment later.
                        if attempt == attempts - 1:
                            raise
                        time.sleep(0.5)
    finally:
        engine.dispose()


BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not _pg_admin_url(), reason=f"{PG_ENV} not set")),
]


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory, monkeypatch) -> None:
    """The user's data folder (embedded database, edited templates) is a fresh one per test, never the developer's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_prepared_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def postgresql_template() -> Iterator[str]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{PG_TEMPLATE}_{worker}"
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    open_prepared_database(_pg_database_url(name)).dispose()
    yield name
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_database_url(backend: str, request, tmp_path: Path) -> str:
    """The URL of a new, migrated and seeded database for one test on the given backend."""
    if backend == "sqlite":
        path = tmp_path / "fireinvest.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    template = request.getfixturevalue("postgresql_template")
    name = f"fi_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    request.addfinalizer(lambda: _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return _pg_database_url(name)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, request, tmp_path) -> str:
    return fresh_database_url(backend, request, tmp_path)


@pytest.fixture
def db(database_url) -> Iterator[Database]:
    database = open_prepared_database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def actor() -> Actor:
    return Actor("测试员")


@pytest.fixture
def workstation(db, actor) -> Workstation:
    """The test's investigator at a workstation on the test's database: what use cases are called with."""
    return Workstation(db, actor)


@pytest.fixture
def empty_database_url(backend, request, tmp_path) -> str:
    """A database with no tables at all, for migration tests."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    if not _pg_admin_url():
        pytest.skip(f"{PG_ENV} not set")
    name = f"fi_empty_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    request.addfinalizer(lambda: _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return _pg_database_url(name)


@pytest.fixture
def second_database_url(backend, request, tmp_path) -> str:
    """Another fresh database on the same backend, e.g. the target of an export/import round trip."""
    directory = tmp_path / "second"
    directory.mkdir()
    return fresh_database_url(backend, request, directory)


@pytest.fixture
def second_db(second_database_url) -> Iterator[Database]:
    database = open_prepared_database(second_database_url)
    yield database
    database.dispose()

"""The schema is built by Alembic from an empty database and matches the models exactly, on both backends."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from fireinvest.db import SCHEMA_REVISION, alembic_config, create_engine_for, open_database, stored_revision
from fireinvest.errors import DatabaseUnavailable
from fireinvest.models import Base


def _not_a_search_engine_object(obj, name, type_, reflected, compare_to) -> bool:
    """The search engines' own structures are made by the migration only (models/search.py says why)."""
    if type_ == "table":
        return not str(name).startswith("search_index")  # SQLite's FTS5 table and its shadow tables
    return name not in {"tsv", "ix_search_entries_tsv"}  # PostgreSQL's tsvector column and its GIN index


def test_upgrade_from_empty_database(empty_database_url):
    engine = create_engine_for(empty_database_url)
    try:
        assert inspect(engine).get_table_names() == []
        with engine.connect() as connection:
            assert stored_revision(connection) is None
        database = open_database(empty_database_url)
        database.dispose()
        tables = set(inspect(engine).get_table_names())
        assert {"fire_cases", "parties", "case_investigators", "people", "reference_items", "settings"} <= tables
        with engine.connect() as connection:
            assert stored_revision(connection) == SCHEMA_REVISION
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": _not_a_search_engine_object})
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
    finally:
        engine.dispose()


def test_upgrade_is_idempotent_and_downgrade_works(empty_database_url):
    open_database(empty_database_url).dispose()
    open_database(empty_database_url).dispose()  # a second open finds nothing to do
    engine = create_engine_for(empty_database_url)
    try:
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    open_database(empty_database_url).dispose()


def test_opening_without_migrating_refuses_an_old_schema(empty_database_url):
    with pytest.raises(DatabaseUnavailable, match="fireinvest db upgrade"):
        open_database(empty_database_url, migrate=False)


def test_the_revision_the_program_expects_is_the_newest_migration():
    """db.SCHEMA_REVISION lets every start check the schema with one query; it must name the newest migration."""
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [SCHEMA_REVISION]


def test_upgrading_an_archive_keeps_every_case_s_records(empty_database_url):
    """A SQLite migration that rebuilds fire_cases (0007, 0010) must not cascade into the rows that refer to the
    cases: an archive taken back to 0006 and upgraded again keeps every event, party, evidence item and review."""
    from fireinvest.demo.generator import generate_demo_cases
    from fireinvest.services.actor import Actor
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.startup import open_prepared_database

    database = open_prepared_database(empty_database_url)
    generate_demo_cases(Workstation(database, Actor("测试员")), 60, seed=7)
    tables = ("fire_cases", "case_events", "parties", "case_investigators", "expert_reviews", "case_deadlines")

    def counts() -> dict[str, int]:
        with database.engine.connect() as connection:
            return {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in tables}

    before = counts()
    assert before["case_events"] and before["parties"]
    engine = database.engine
    with engine.connect() as connection:
        if engine.url.get_backend_name() == "sqlite":  # the way down rebuilds tables too
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        config = alembic_config(engine)
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        if engine.url.get_backend_name() == "sqlite":
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")
    database.dispose()
    database = open_prepared_database(empty_database_url)  # upgrades 0006 -> head as a workstation would
    try:
        assert counts() == before
    finally:
        database.dispose()

"""A database that is locked, unreachable or not writable gives a clear message and changes nothing."""

from __future__ import annotations

import sqlite3

import pytest

from fireinvest import db as db_module
from fireinvest.errors import DatabaseUnavailable
from fireinvest.services import case_query, cases
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from tests.factories import make_draft


def test_locked_sqlite_database(tmp_path, monkeypatch, actor):
    url = f"sqlite:///{tmp_path / 'locked.sqlite3'}"
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    database = open_prepared_database(url)
    workstation = Workstation(database, actor)
    other_program = sqlite3.connect(tmp_path / "locked.sqlite3", isolation_level=None)
    other_program.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailable, match="锁定"):
            cases.create_case(workstation, make_draft())
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
    page = case_query.case_list_page(workstation, case_query.CaseFilter(), case_query.CaseSort(), 0, 1, with_total=True)
    assert page.total == 0
    database.dispose()


def test_unreachable_server():
    with pytest.raises(DatabaseUnavailable, match="无法连接数据库服务器"):
        open_prepared_database("postgresql+psycopg://nobody:secret@127.0.0.1:1/fireinvest")


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="无法创建数据库所在的文件夹"):
        open_prepared_database(f"sqlite:///{blocker / 'sub' / 'fireinvest.sqlite3'}")


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(DatabaseUnavailable):
        open_prepared_database(f"sqlite:///{path}")
    assert path.read_bytes().startswith(b"these are my notes")

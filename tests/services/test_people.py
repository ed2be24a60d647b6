"""The people register refuses to overwrite a newer save, also one that lands between reading and writing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from fireinvest.errors import ConcurrentEditError
from fireinvest.models import Person
from fireinvest.services import people
from fireinvest.services.people import PersonRecord


def test_a_save_between_reading_and_writing_is_refused_and_changes_nothing(db, actor):
    with db.writing() as session:
        saved = people.save_person(session, actor, PersonRecord(None, "张明", unit="玄武大队"))
    with pytest.raises(ConcurrentEditError, match="人员“张明”已被其他人修改"):
        with db.writing() as session:
            held = session.get(Person, saved.id)
            assert held is not None and held.version == saved.version
            session.execute(text("UPDATE people SET version = version + 1 WHERE id = :id"), {"id": saved.id})
            people.save_person(session, actor, PersonRecord(saved.id, "张明", unit="秦淮大队", version=saved.version))
    with db.reading() as session:
        assert session.get(Person, saved.id).unit == "玄武大队"

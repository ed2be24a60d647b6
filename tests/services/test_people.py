"""The people register refuses to overwrite a newer save, also one that lands between reading and writing."""

from __future__ import annotations

import pytest

from fireinvest.errors import ConcurrentEditError
from fireinvest.services import people
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Register
from fireinvest.services.front_door import Workstation
from fireinvest.services.people import PersonRecord
from tests.races import saved_meanwhile


def test_a_save_between_reading_and_writing_is_refused_and_changes_nothing(workstation):
    saved = people.save_person(workstation, PersonRecord(None, "张明", unit="玄武大队")).value
    assert saved.id is not None
    edited = PersonRecord(saved.id, "张明", unit="秦淮大队", version=saved.version)
    with saved_meanwhile("people", saved.id) as played:
        with pytest.raises(ConcurrentEditError, match="人员“张明”已被 .* 在其他工作站修改并保存"):
            people.save_person(workstation, edited)
    assert played
    assert people.people_register(workstation) == [saved]


def test_a_stale_save_is_refused_and_a_fresh_one_stored(db, workstation):
    saved = people.save_person(workstation, PersonRecord(None, "张明", unit="玄武大队")).value
    outcome = people.save_person(Workstation(db, Actor("李四")), PersonRecord(saved.id, "张明", unit="秦淮大队",
                                                                              version=saved.version))  # fmt: skip
    assert outcome.changes.touches_register(Register.PEOPLE)
    assert outcome.value.version == saved.version + 1
    with pytest.raises(ConcurrentEditError, match="人员“张明”已被 .* 在其他工作站修改并保存"):
        people.save_person(workstation, PersonRecord(saved.id, "张明", unit="鼓楼大队", version=saved.version))
    assert [p.unit for p in people.people_register(workstation)] == ["秦淮大队"]

"""The front door's promises, through the case register and the procedure: a write use case is all or nothing and
says what it changed, a read use case cannot write, and a save by another workstation that lands between a use
case's version check and its write is refused like any other stale save."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fireinvest.errors import ConcurrentEditError, FieldError, ValidationFailed
from fireinvest.models import Person
from fireinvest.rules.workflow import EventType
from fireinvest.services import case_query, cases, people, workflow
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import Outcome, reads, writes
from fireinvest.services.people import PersonRecord
from fireinvest.services.unit_of_work import UnitOfWork
from tests.factories import local, make_draft
from tests.races import saved_meanwhile


def case_count(workstation) -> int:
    everything = case_query.CaseFilter(include_voided=True)
    page = case_query.case_list_page(workstation, everything, case_query.CaseSort(), 0, 0, with_total=True)
    assert page.total is not None
    return page.total


# -- a save that lands between the version check and the write ---------------------------------------------------


def test_an_edit_saved_meanwhile_is_refused_and_the_case_unchanged(workstation):
    case = cases.create_case(workstation, make_draft()).value
    before = cases.get_case(workstation, case.id)
    draft = cases.get_case(workstation, case.id).facts
    draft.address = "秦淮区夫子庙1号"
    with saved_meanwhile("fire_cases", case.id) as played:
        with pytest.raises(ConcurrentEditError, match=f"案件 {case.case_number} 已被 .* 在其他工作站修改并保存"):
            cases.update_case(workstation, case.id, case.version, draft)
    assert played
    assert cases.get_case(workstation, case.id) == before


def test_a_step_on_a_case_saved_meanwhile_is_refused_and_the_case_unchanged(workstation):
    case = cases.create_case(workstation, make_draft()).value
    before = workflow.case_timeline(workstation, case.id)
    with saved_meanwhile("fire_cases", case.id) as played:
        with pytest.raises(ConcurrentEditError, match=f"案件 {case.case_number} 已被 .* 在其他工作站修改并保存"):
            workflow.record_step(workstation, case.id, case.version, EventType.INVESTIGATION_STARTED,
                                 local(2026, 3, 1, 12))  # fmt: skip
    assert played
    assert workflow.case_timeline(workstation, case.id) == before
    assert cases.get_case(workstation, case.id).version == case.version


# -- a read use case cannot write -----------------------------------------------------------------------------------


@reads
def register_while_reading(uow: UnitOfWork, name: str, *, flush: bool) -> None:
    """A read use case that (wrongly) registers a person, then flushes or runs a query (which flushes first)."""
    uow.session.add(Person(name=name))
    if flush:
        uow.session.flush()
    else:
        uow.session.scalars(select(Person)).all()


@pytest.mark.parametrize("flush", [True, False], ids=["flush", "query"])
def test_a_read_use_case_cannot_write(workstation, flush):
    with pytest.raises(RuntimeError, match="read-only use case tried to write"):
        register_while_reading(workstation, "张明", flush=flush)
    assert people.people_register(workstation, include_inactive=True) == []


# -- a write use case is all or nothing, and says what it changed --------------------------------------------------


@writes
def register_then_refuse(uow: UnitOfWork) -> None:
    """A larger use case that registers a person and a case, then refuses."""
    people.save_person.within(uow, PersonRecord(None, "张明"))
    cases.create_case.within(uow, make_draft())
    raise ValidationFailed([FieldError("case", "测试：写完之后拒绝。")])


def test_a_write_use_case_that_raises_leaves_nothing_behind(workstation):
    with pytest.raises(ValidationFailed, match="写完之后拒绝"):
        register_then_refuse(workstation)
    assert case_count(workstation) == 0
    assert people.people_register(workstation, include_inactive=True) == []
    # Not even the case number was used up.
    assert cases.create_case(workstation, make_draft()).value.case_number == "320100-2026-00001"


def test_a_write_use_case_returns_what_it_changed(workstation):
    created = cases.create_case(workstation, make_draft())
    assert isinstance(created, Outcome)
    case = created.value
    assert dict(created.changes.cases) == {case.id: {Part.FACTS, Part.TIMELINE}}
    assert created.changes.registers == {Register.CASES}
    assert not created.changes.every_case

    draft = case.facts
    draft.address = "秦淮区夫子庙1号"
    updated = cases.update_case(workstation, case.id, case.version, draft)
    assert dict(updated.changes.cases) == {case.id: {Part.FACTS, Part.TIMELINE}}
    assert not updated.changes.registers

    stepped = workflow.record_step(workstation, case.id, updated.value.version, EventType.INVESTIGATION_STARTED,
                                   local(2026, 3, 1, 12))  # fmt: skip
    assert dict(stepped.changes.cases) == {case.id: {Part.TIMELINE}}
    assert not stepped.changes.registers
    assert stepped.value.events[-1].type == EventType.INVESTIGATION_STARTED

    # A read use case returns its value as it is: it changed nothing to announce.
    assert cases.get_case(workstation, case.id).version == stepped.value.version

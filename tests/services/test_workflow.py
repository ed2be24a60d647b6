"""Recording procedure steps on a real database: timeline, status, deadlines and the to-do list."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.errors import ConcurrentEditError, ValidationFailed
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, deadlines, people, workflow
from fireinvest.services.actor import Actor
from tests.factories import local, make_draft, take_step

E = EventType


def register(db, actor, **overrides):
    with db.writing() as session:
        return cases.create_case(session, actor, make_draft(**overrides))


def test_registration_starts_the_timeline(db, actor):
    case = register(db, actor)
    with db.reading() as session:
        timeline = workflow.case_timeline(session, case.id)
    assert [e.type for e in timeline.events] == [E.REGISTERED]
    assert timeline.events[0].performed_by == actor.name
    kinds = {d.kind: d for d in timeline.deadlines}
    assert kinds["determination"].due == dt.date(2026, 3, 31)
    assert kinds["determination"].basis == "接警 2026-03-01 起 30日"


def test_steps_move_the_status_and_meet_deadlines(db, actor):
    case = register(db, actor)
    take_step(db, actor, case.id, E.INVESTIGATION_STARTED, local(2026, 3, 1, 12))
    take_step(db, actor, case.id, E.HEARING_HELD, local(2026, 3, 20))
    timeline = take_step(db, actor, case.id, E.DETERMINED, local(2026, 3, 25), cause_category="电气")
    assert timeline.status == CaseStatus.DETERMINED
    by_kind = {d.kind: d for d in timeline.deadlines}
    assert by_kind["determination"].status == DeadlineStatus.MET
    assert by_kind["service"].due == dt.date(2026, 4, 1)
    with db.reading() as session:
        assert cases.get_case(session, case.id).status == CaseStatus.DETERMINED


def test_refused_step_records_nothing(db, actor):
    case = register(db, actor)
    with pytest.raises(ValidationFailed, match="不能记录“作出火灾事故认定”"):
        take_step(db, actor, case.id, E.DETERMINED, local(2026, 3, 25))
    with pytest.raises(ValidationFailed, match="将来"):
        take_step(db, actor, case.id, E.INVESTIGATION_STARTED, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    with db.reading() as session:
        timeline = workflow.case_timeline(session, case.id)
    assert [e.type for e in timeline.events] == [E.REGISTERED]
    assert timeline.status == CaseStatus.REGISTERED


def test_stale_version_is_refused(db, actor):
    case = register(db, actor)
    take_step(db, Actor("李四"), case.id, E.INVESTIGATION_STARTED, local(2026, 3, 2))
    with pytest.raises(ConcurrentEditError):
        with db.writing() as session:
            workflow.record_step(session, actor, case.id, case.version, E.HEARING_HELD, local(2026, 3, 3))


def test_todo_lists_overdue_and_due_soon_for_me_and_for_all(db, actor):
    with db.writing() as session:
        me = people.save_person(session, actor, people.PersonRecord(None, "张明", login_name="zhangming"))
    mine = register(db, actor, lead_investigator_id=me.id)
    other = register(db, actor, alarm_time=local(2026, 3, 20), ignition_time=None, extinguished_time=None)
    with db.reading() as session:
        everything = deadlines.pending_deadlines(session, within_days=7, today=dt.date(2026, 4, 15))
        only_mine = deadlines.pending_deadlines(session, within_days=7, today=dt.date(2026, 4, 15),
                                                mine=Actor("zhangming"))  # fmt: skip
    overdue = [(i.case_number, i.kind, i.status) for i in everything]
    assert (mine.case_number, "determination", DeadlineStatus.OVERDUE) in overdue
    assert (other.case_number, "determination", DeadlineStatus.OPEN) in overdue  # due 20 April: within 7 days
    assert [i.case_number for i in only_mine] == [mine.case_number]
    assert everything[0].days_left == -15


def test_closed_case_leaves_the_todo_list(db, actor):
    case = register(db, actor)
    for kind, when, details in [
        (E.INVESTIGATION_STARTED, local(2026, 3, 1, 12), {}),
        (E.HEARING_HELD, local(2026, 3, 20), {}),
        (E.DETERMINED, local(2026, 3, 25), {"cause_category": "电气"}),
        (E.SERVED, local(2026, 3, 26), {"method": "in_person"}),
        (E.CLOSED, local(2026, 4, 20), {}),
    ]:
        take_step(db, actor, case.id, kind, when, **details)
    with db.reading() as session:
        assert deadlines.pending_deadlines(session, within_days=365, today=dt.date(2026, 4, 21)) == []


def test_administrator_holidays_move_deadlines(db, actor):
    case = register(db, actor, alarm_time=local(2026, 12, 20), ignition_time=None, extinguished_time=None)
    with db.reading() as session:
        timeline = workflow.case_timeline(session, case.id)
    due = {d.kind: d for d in timeline.deadlines}["determination"]
    assert due.due == dt.date(2027, 1, 19) and due.estimated_calendar
    assert any("2027年的法定节假日安排尚未发布" in w for w in timeline.calendar_warnings)
    with db.writing() as session:
        deadlines.set_calendar_entries(
            session, actor, 2027, [deadlines.CalendarDay(dt.date(2027, 1, 19), False, "示例")]
        )
    with db.reading() as session:
        timeline = workflow.case_timeline(session, case.id)
        todo = deadlines.pending_deadlines(session, within_days=60, today=dt.date(2027, 1, 1))
    assert {d.kind: d for d in timeline.deadlines}["determination"].due == dt.date(2027, 1, 20)
    assert timeline.calendar_warnings == ()
    assert [i.due for i in todo if i.kind == "determination"] == [dt.date(2027, 1, 20)]

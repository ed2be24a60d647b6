"""Recording procedure steps on a real database: timeline, status, deadlines and the to-do list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fireinvest.errors import ConcurrentEditError, ValidationFailed
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, deadlines, people, workflow
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from tests.factories import local, make_draft, take_step

E = EventType


def register(workstation, **overrides):
    return cases.create_case(workstation, make_draft(**overrides)).value


def test_registration_starts_the_timeline(workstation, actor):
    case = register(workstation)
    timeline = workflow.case_timeline(workstation, case.id)
    assert [e.type for e in timeline.events] == [E.REGISTERED]
    assert timeline.events[0].performed_by == actor.name
    kinds = {d.kind: d for d in timeline.deadlines}
    assert kinds["determination"].due == dt.date(2026, 3, 31)
    assert kinds["determination"].basis == "接警 2026-03-01 起 30日"


def test_steps_move_the_status_and_meet_deadlines(db, actor, workstation):
    case = register(workstation)
    take_step(db, actor, case.id, E.INVESTIGATION_STARTED, local(2026, 3, 1, 12))
    take_step(db, actor, case.id, E.HEARING_HELD, local(2026, 3, 20))
    timeline = take_step(db, actor, case.id, E.DETERMINED, local(2026, 3, 25), cause_category="电气")
    assert timeline.status == CaseStatus.DETERMINED
    by_kind = {d.kind: d for d in timeline.deadlines}
    assert by_kind["determination"].status == DeadlineStatus.MET
    assert by_kind["service"].due == dt.date(2026, 4, 1)
    assert cases.get_case(workstation, case.id).status == CaseStatus.DETERMINED


def test_refused_step_records_nothing(db, actor, workstation):
    case = register(workstation)
    with pytest.raises(ValidationFailed, match="不能记录“作出火灾事故认定”"):
        take_step(db, actor, case.id, E.DETERMINED, local(2026, 3, 25))
    with pytest.raises(ValidationFailed, match="不能晚于现在"):
        take_step(db, actor, case.id, E.INVESTIGATION_STARTED, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    timeline = workflow.case_timeline(workstation, case.id)
    assert [e.type for e in timeline.events] == [E.REGISTERED]
    assert timeline.status == CaseStatus.REGISTERED
    assert timeline.version == case.version


def test_stale_version_is_refused(db, workstation):
    case = register(workstation)
    take_step(db, Actor("李四"), case.id, E.INVESTIGATION_STARTED, local(2026, 3, 2))
    with pytest.raises(ConcurrentEditError, match=f"案件 {case.case_number} 已被 李四 在其他工作站修改并保存"):
        workflow.record_step(workstation, case.id, case.version, E.HEARING_HELD, local(2026, 3, 3))
    assert [e.type for e in workflow.case_timeline(workstation, case.id).events] == [
        E.REGISTERED,
        E.INVESTIGATION_STARTED,
    ]


def test_todo_lists_overdue_and_due_soon_for_me_and_for_all(db, workstation):
    me = people.save_person(workstation, people.PersonRecord(None, "张明", login_name="zhangming")).value
    mine = register(workstation, lead_investigator_id=me.id)
    other = register(workstation, alarm_time=local(2026, 3, 20), ignition_time=None, extinguished_time=None)
    everything = deadlines.todo_list(workstation, within_days=7, today=dt.date(2026, 4, 15))
    only_mine = deadlines.todo_list(Workstation(db, Actor("zhangming")), within_days=7, today=dt.date(2026, 4, 15),
                                    mine=True)  # fmt: skip
    overdue = [(i.case_number, i.kind, i.status) for i in everything]
    assert (mine.case_number, "determination", DeadlineStatus.OVERDUE) in overdue
    assert (other.case_number, "determination", DeadlineStatus.OPEN) in overdue  # due 20 April: within 7 days
    assert [i.case_number for i in only_mine] == [mine.case_number]
    assert everything[0].days_left == -15
    # The test's own actor is nobody's login in the register: none of the cases is "mine" for it.
    assert deadlines.todo_list(workstation, within_days=7, today=dt.date(2026, 4, 15), mine=True) == []


def test_closed_case_leaves_the_todo_list(db, actor, workstation):
    case = register(workstation)
    for kind, when, details in [
        (E.INVESTIGATION_STARTED, local(2026, 3, 1, 12), {}),
        (E.HEARING_HELD, local(2026, 3, 20), {}),
        (E.DETERMINED, local(2026, 3, 25), {"cause_category": "电气"}),
        (E.SERVED, local(2026, 3, 26), {"method": "in_person"}),
        (E.CLOSED, local(2026, 4, 20), {}),
    ]:
        take_step(db, actor, case.id, kind, when, **details)
    assert deadlines.todo_list(workstation, within_days=365, today=dt.date(2026, 4, 21)) == []


def test_administrator_holidays_move_deadlines(workstation, monkeypatch):
    # A fire late in December, whose deadline falls in a year whose holidays are not published yet: registered on
    # the day after it (the workstation's clock set to then), since no case may be dated in the future.
    monkeypatch.setattr(cases, "utc_now", lambda: local(2026, 12, 21).astimezone(dt.UTC))
    case = register(workstation, alarm_time=local(2026, 12, 20), ignition_time=None, extinguished_time=None)
    monkeypatch.undo()
    timeline = workflow.case_timeline(workstation, case.id)
    due = {d.kind: d for d in timeline.deadlines}["determination"]
    assert due.due == dt.date(2027, 1, 19) and due.estimated_calendar
    assert any("2027年的法定节假日安排尚未发布" in w for w in timeline.calendar_warnings)
    assert deadlines.calendar_year(workstation, 2027).source == "weekends"
    entry = deadlines.CalendarDay(dt.date(2027, 1, 19), False, "示例")
    deadlines.set_calendar_entries(workstation, 2027, [entry])
    timeline = workflow.case_timeline(workstation, case.id)
    todo = deadlines.todo_list(workstation, within_days=60, today=dt.date(2027, 1, 1))
    assert {d.kind: d for d in timeline.deadlines}["determination"].due == dt.date(2027, 1, 20)
    assert timeline.calendar_warnings == ()
    assert [i.due for i in todo if i.kind == "determination"] == [dt.date(2027, 1, 20)]
    assert deadlines.calendar_year(workstation, 2027) == deadlines.CalendarYear(2027, "entered", (entry,))


def test_nothing_is_dated_in_the_future(workstation, database_url, tmp_path, capsys):
    """An alarm, a step or an imported event later than now (beyond a few minutes of clock difference) is refused
    by the use cases and the import alike, and nothing is stored."""
    from fireinvest.cli.main import main
    from fireinvest.services import case_query
    from fireinvest.services.case_query import CaseFilter, CaseSort

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    with pytest.raises(ValidationFailed, match="接警时间不能晚于现在"):
        register(workstation, alarm_time=later, ignition_time=None, extinguished_time=None)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)  # another workstation's clock runs ahead
    case = register(workstation, alarm_time=soon, ignition_time=None, extinguished_time=None)
    with pytest.raises(ValidationFailed, match="程序步骤的时间不能晚于现在"):
        workflow.record_step(workstation, case.id, case.version, EventType.INVESTIGATION_STARTED, later)
    assert [e.type for e in workflow.case_timeline(workstation, case.id).events] == [EventType.REGISTERED]
    # A custody step and a record later than now, through their use cases.
    from fireinvest.rules.custody import CustodyKind, CustodyStep
    from fireinvest.rules.evidence import EvidenceDraft
    from fireinvest.rules.records import InterviewDraft
    from fireinvest.services import evidence, records

    item = evidence.register_evidence(workstation, case.id, EvidenceDraft("导线熔痕", soon, "张明")).value
    step = CustodyStep(CustodyKind.HANDED_OVER, later, from_holder="张明", to_holder="李强")
    with pytest.raises(ValidationFailed, match="保管记录的时间不能晚于现在"):
        evidence.record_custody(workstation, item.id, step)
    with pytest.raises(ValidationFailed, match="开始时间不能晚于现在"):
        records.create_interview(workstation, case.id, InterviewDraft(interviewee="王某", started_at=later))
    record = {"alarm_time": "2026-03-01T10:05:00+08:00", "address": "玄武区中山路1号", "district": "玄武区",
              "place_type": "住宅", "procedure": "general",
              "events": [{"type": "investigation_started", "time": "2099-03-02T09:00:00+08:00"}]}  # fmt: skip
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"format": "fireinvest-cases/1", "cases": [record]}), "utf-8")
    assert main(["--database", database_url, "import", str(path)]) == 1
    assert "程序步骤的时间不能晚于现在" in capsys.readouterr().err
    assert case_query.case_list_page(workstation, CaseFilter(), CaseSort(), 0, 0, with_total=True).total == 1

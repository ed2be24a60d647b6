"""A case with history moves between installations with its timeline; an impossible history is refused."""

from __future__ import annotations

import json

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import export_cases_file, import_cases_file
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, workflow
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from tests.exchange.conftest import case_count, record, write_json
from tests.factories import local, make_draft

E = EventType


def build_history(workstation) -> int:
    case_id = cases.create_case(workstation, make_draft()).value.id
    steps = [
        (E.INVESTIGATION_STARTED, local(2026, 3, 1, 12), {}),
        (E.LAB_SENT, local(2026, 3, 5), {"item": "W-1"}),
        (E.LAB_RETURNED, local(2026, 3, 12), {"item": "W-1"}),
        (E.EXTENSION_APPROVED, local(2026, 3, 28), {"approved_by": "省消防救援总队"}),
        (E.HEARING_HELD, local(2026, 4, 10), {}),
        (E.DETERMINED, local(2026, 4, 20), {"cause_category": "电气"}),
        (E.SERVED, local(2026, 4, 21), {"method": "public_notice"}),
    ]
    for kind, when, details in steps:
        version = cases.get_case(workstation, case_id).version
        outcome = workflow.record_step(workstation, case_id, version, kind, when, details, performed_by="张建国")
        assert outcome.changes.touches(case_id, Part.TIMELINE)
    return case_id


def comparable(timeline):
    events = [(e.type, e.time, e.performed_by, e.details) for e in timeline.events]
    deadlines = [(d.kind, d.due, d.status, d.basis) for d in timeline.deadlines]
    return timeline.status, events, deadlines


def test_timeline_round_trip(workstation, second_db, actor, tmp_path):
    case_id = build_history(workstation)
    path = tmp_path / "history.json"
    export_cases_file(workstation, path)
    original = workflow.case_timeline(workstation, case_id)
    exported = json.loads(path.read_text(encoding="utf-8"))["cases"][0]
    assert [e["type"] for e in exported["events"]][:3] == ["registered", "investigation_started", "lab_sent"]
    assert exported["events"][-1] == {"type": "served", "time": "2026-04-21T10:00:00+08:00", "performed_by": "张建国",
                                      "method": "public_notice"}  # fmt: skip

    elsewhere = Workstation(second_db, actor)
    import_cases_file(elsewhere, path)
    copy = workflow.case_timeline(elsewhere, cases.find_case_id(elsewhere, original.case_number))
    assert copy.status == CaseStatus.SERVED
    assert comparable(copy)[1][1:] == comparable(original)[1][1:]
    assert comparable(copy)[2] == comparable(original)[2]


def test_status_follows_imported_events(workstation, tmp_path):
    events = [
        {"type": "investigation_started", "time": "2026-03-01T12:00:00+08:00"},
        {"type": "hearing_held", "time": "2026-03-20T09:00:00+08:00"},
    ]
    path = write_json(tmp_path / "cases.json", [record(1) | {"events": events}, record(2)])
    import_cases_file(workstation, path)
    numbers = ("320100-2026-00001", "320100-2026-00002")
    statuses = sorted(cases.get_case(workstation, cases.find_case_id(workstation, n)).status for n in numbers)
    assert statuses == sorted([CaseStatus.HEARING, CaseStatus.REGISTERED])


@pytest.mark.parametrize(
    "events,message",
    [
        ([{"type": "determined", "time": "2026-03-20T09:00:00+08:00", "cause_category": "电气"}],
         "第1个事件（作出火灾事故认定）：作出认定前应当进行认定前说明"),
        ([{"type": "investigation_started", "time": "2026-03-01T12:00:00+08:00"},
          {"type": "determined", "time": "2026-03-20T09:00:00+08:00", "cause_category": "电气"}],
         "第2个事件（作出火灾事故认定）：作出认定前应当进行认定前说明"),
        ([{"type": "review_applied", "time": "2026-03-01T12:00:00+08:00", "applicant": "王某某"}],
         "认定书尚未送达，不能申请复核"),
        ([{"type": "teleported", "time": "2026-03-01T12:00:00+08:00"}], "类型“teleported”无法识别"),
        ([{"type": "investigation_started", "time": "yesterday"}], "第1个事件（开始调查）的时间"),
        ([{"type": "investigation_started", "time": "2026-03-01T12:00:00+08:00", "witness": {"name": "x"}}],
         "应为文字、整数或列表"),
    ],
)  # fmt: skip
def test_impossible_history_rejects_the_file(db, workstation, tmp_path, events, message):
    path = write_json(tmp_path / "cases.json", [record(1), record(2) | {"events": events}, record(3)])
    with pytest.raises(ImportRejected) as rejected:
        import_cases_file(workstation, path)
    assert "第2个案件" in rejected.value.message
    assert message in rejected.value.message
    assert case_count(db) == 0

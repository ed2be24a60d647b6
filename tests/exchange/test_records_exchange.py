"""Inspection and interview records travel with the case, before a determination closes them."""

from __future__ import annotations

import json

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import export_cases_file, import_cases_file
from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
from fireinvest.services import cases, records
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from tests.exchange.conftest import case_count, record, write_json
from tests.factories import local, make_draft


def test_records_round_trip_and_determined_cases_keep_them_read_only(workstation, second_db, actor, tmp_path):
    case = cases.create_case(workstation, make_draft()).value
    inspection = InspectionDraft(
        local(2026, 3, 1, 13), local(2026, 3, 1, 17), "玄武区中山路100号3栋502室",
        [Inspector("张明", "某市消防救援支队", "火灾调查员"), Inspector("李强", "某市消防救援支队", "助理调查员")],
        "物业经理赵某", "晴", "东南风2级", "12℃", "自然光", "　　现场位于住宅楼五层……", "　　厨房烧损严重……",
        "　　冰箱压缩机附近有熔痕……", "",
    )  # fmt: skip
    records.create_inspection(workstation, case.id, inspection)
    interview = InterviewDraft(
        "王某某", "320102198001011234", "当事人", "13800000000", local(2026, 3, 1, 15), local(2026, 3, 1, 16),
        "大队询问室", ["张明", "李强"],
        [QuestionAnswer("火灾发生时你在哪里？", "在客厅看电视。"), QuestionAnswer("冰箱用了几年？", "八年。")],
    )  # fmt: skip
    records.create_interview(workstation, case.id, interview)
    path = tmp_path / "cases.json"
    export_cases_file(workstation, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    exported = document["cases"][0]
    assert exported["inspections"][0]["inspectors"][1] == {
        "name": "李强",
        "unit": "某市消防救援支队",
        "title": "助理调查员",
    }
    assert exported["interviews"][0]["questions"][1] == {"q": "冰箱用了几年？", "a": "八年。"}

    # The receiving installation gets the case already determined: its records arrive, then become read-only.
    exported["events"] += [
        {"type": "investigation_started", "time": "2026-03-01T12:00:00+08:00"},
        {"type": "hearing_held", "time": "2026-03-20T09:00:00+08:00"},
        {"type": "determined", "time": "2026-03-25T09:00:00+08:00", "cause_category": "电气"},
    ]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    elsewhere = Workstation(second_db, actor)
    outcome = import_cases_file(elsewhere, path)
    copy = cases.find_case_id(elsewhere, exported["case_number"])
    assert outcome.changes.touches(copy, Part.RECORDS)
    (copied_inspection,) = records.list_inspections(elsewhere, copy)
    (copied_interview,) = records.list_interviews(elsewhere, copy)
    assert copied_inspection.preliminary == "　　厨房烧损严重……" and copied_inspection.read_only
    assert [qa.answer for qa in copied_interview.questions] == ["在客厅看电视。", "八年。"]


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("inspections", [{"started_at": "2026-03-01T13:00:00+08:00", "place": "现场", "inspectors": []}],
         "第1份勘验笔录"),
        ("interviews", [{"interviewee": "王某某", "started_at": "2026-03-01T15:00:00+08:00", "place": "询问室",
                         "interviewers": ["张明"], "questions": [{"q": "", "a": "没有"}]}], "第1问的问题不能为空"),
        ("inspections", [{"started_at": "2026-03-01T13:00:00+08:00", "ended_at": "2026-03-01T12:00:00+08:00",
                          "place": "现场", "inspectors": [{"name": "张明"}]}], "第1份勘验笔录"),
    ],
)  # fmt: skip
def test_bad_records_reject_the_file(db, actor, tmp_path, key, value, message):
    path = write_json(tmp_path / "cases.json", [record(1) | {key: value}])
    with pytest.raises(ImportRejected) as rejected:
        import_cases_file(Workstation(db, actor), path)
    assert "第1个案件" in rejected.value.message and message in rejected.value.message
    assert case_count(db) == 0

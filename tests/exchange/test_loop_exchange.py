"""A case's closed loop travels with it: exported, imported into another archive unchanged (links between items
kept), and a malformed loop item rejects the whole file naming the case and the field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import export_cases_file, import_cases_file
from fireinvest.rules.closed_loop import AccountabilityStatus, MeasureStatus, Verdict
from fireinvest.rules.loop_items import AssessmentDraft
from fireinvest.services import case_query, cases
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from fireinvest.services.loop import assessment as loop_assessment
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from tests.exchange.conftest import case_count, record, write_json
from tests.loop_factories import accountability, closed_case, measure, recommendation, registered_case

TODAY = dt.date(2026, 11, 28)


def build_closed_loop(workstation, case_id):
    ws = workstation
    loop_items.create_accountability(ws, case_id, accountability(
        status=AccountabilityStatus.DECIDED, deciding_body="玄武区消防救援大队", decided_on=dt.date(2025, 4, 1),
        outcome="罚款人民币五万元。"))  # fmt: skip
    first = loop_items.create_recommendation(ws, case_id, recommendation()).value
    second = loop_items.create_recommendation(ws, case_id, recommendation(
        addressee="中山街道办事处", recommendation="建成电动自行车集中充电场所。")).value  # fmt: skip
    done = loop_items.create_measure(ws, case_id, measure(
        recommendation_id=second.id, status=MeasureStatus.COMPLETED, completed_on=dt.date(2025, 6, 1),
        completion_note="已建成两处。", verified_by="张明", verified_on=dt.date(2025, 6, 10))).value  # fmt: skip
    late = loop_items.create_measure(ws, case_id, measure(
        description="完成老旧小区线路改造", recommendation_id=first.id)).value  # fmt: skip
    assessment = loop_assessment.save_assessment(ws, case_id, None, AssessmentDraft(
        "张明、李强", dt.date(2026, 2, 1), "逐项核查。"), TODAY).value  # fmt: skip
    loop_assessment.record_verdict(ws, done.id, done.version, Verdict.DONE, "", TODAY)
    late = loop_assessment.record_verdict(ws, late.id, late.version, Verdict.NOT_DONE, "未改造", TODAY).value
    loop_assessment.refer_back(ws, late.id, late.version)
    loop_assessment.close_loop(ws, case_id, assessment.version, "玄消评〔2026〕2号", dt.date(2026, 2, 20), TODAY)


def comparable(loop) -> tuple:
    """A loop without ids, versions and times: links named by what they point at."""
    advice = {r.id: r.draft.recommendation for r in loop.recommendations}
    described = {m.id: m.draft.description for m in loop.measures}
    entries = tuple((e.draft, described.get(e.referred_measure_id)) for e in loop.accountability)
    measures = tuple(
        (dataclasses.replace(m.draft, recommendation_id=None), advice.get(m.draft.recommendation_id), m.verdict,
         m.verdict_note)
        for m in loop.measures
    )  # fmt: skip
    a = loop.assessment
    assessment = (a.draft, a.report_number, a.report_filed_on) if a else None
    return entries, tuple(r.draft for r in loop.recommendations), measures, assessment, loop.stage


def test_loops_round_trip_with_their_links(db, second_db, actor, workstation, tmp_path):
    closed = closed_case(db, actor)
    build_closed_loop(workstation, closed.id)
    open_case = registered_case(db, actor, address="玄武区长江路5号")
    loop_items.create_recommendation(workstation, open_case.id, recommendation())
    bare = registered_case(db, actor, address="玄武区北京东路1号")
    path = tmp_path / "cases.json"
    export_cases_file(workstation, path)
    originals = {c.case_number: comparable(closed_loop.case_loop(workstation, c.id, TODAY))
                 for c in (closed, open_case, bare)}  # fmt: skip
    exported = {c["case_number"]: c for c in json.loads(path.read_text(encoding="utf-8"))["cases"]}
    loop = exported[closed.case_number]["loop"]
    assert loop["measures"][0]["recommendation"] == 2 and loop["measures"][1]["verdict"] == "not_done"
    assert loop["accountability"][1]["referred_measure"] == 2
    assert loop["assessment"]["report_filed_on"] == "2026-02-20"
    assert exported[bare.case_number]["loop"] is None

    second = Workstation(second_db, actor)
    imported = import_cases_file(second, path)
    assert imported.changes.touches_any_case(Part.LOOP)
    copies = {number: comparable(closed_loop.case_loop(second, cases.find_case_id(second, number), TODAY))
              for number in originals}  # fmt: skip
    assert copies == originals
    assert copies[closed.case_number][-1].value == "closed"


LOOP_RECORD_EVENTS = [
    {"type": "investigation_started", "time": "2025-01-10T12:00:00+08:00"},
    {"type": "hearing_held", "time": "2025-01-20T09:00:00+08:00"},
    {"type": "determined", "time": "2025-01-25T09:00:00+08:00", "cause_category": "电气"},
    {"type": "served", "time": "2025-01-26T09:00:00+08:00", "method": "in_person"},
    {"type": "closed", "time": "2025-03-01T09:00:00+08:00"},
]
MEASURE = {"description": "更换老化线路", "owner": "某物业公司", "deadline": "2025-06-30"}


def closed_record(loop) -> dict:
    return record(1) | {"alarm_time": "2025-01-10T10:05:00+08:00", "extinguished_time": "2025-01-10T11:30:00+08:00",
                        "events": LOOP_RECORD_EVENTS, "loop": loop}  # fmt: skip


@pytest.mark.parametrize(
    "loop,message",
    [
        ({"measures": [MEASURE | {"deadline": "2025/13/01"}]}, "第1项整改措施的 deadline“2025/13/01”不是日期"),
        ({"measures": [MEASURE | {"verdict": "maybe"}]}, "第1项整改措施的 verdict“maybe”无法识别"),
        ({"measures": [MEASURE | {"deadline": "2025-01-01"}]}, "第1项整改措施：整改期限应晚于火灾发生日期"),
        ({"measures": [MEASURE], "accountability": [{"party": "某物业公司", "measure": "administrative_penalty",
          "breach": "未维护消防设施", "legal_basis": "《中华人民共和国消防法》第十六条", "referred_measure": 1}]},
         "第1项责任追究：只有评估为“部分落实”或“未落实”的整改措施才能移交责任追究"),
        ({"measures": [MEASURE | {"verdict": "done"}], "assessment": {"team": "张明", "visited_on": "2026-02-01",
          "report_number": "1号", "report_filed_on": "2026-02-10"}},
         "整改评估报告已印发，但闭环不完整：尚无责任追究记录"),
        ({"measures": [MEASURE], "extra": []}, "有未知的字段“extra”"),
        ({"recommendations": [{"recommendation": "开展排查"}]}, "第1项防范建议缺少 addressee"),
    ],
)  # fmt: skip
def test_a_malformed_loop_item_rejects_the_file(db, workstation, tmp_path, loop, message):
    path = write_json(tmp_path / "cases.json", [record(2), closed_record(loop)])
    with pytest.raises(ImportRejected) as rejected:
        import_cases_file(workstation, path)
    assert f"第2个案件（cases[1]），闭环管理（loop）：{message}" in rejected.value.message
    assert case_count(db) == 0


def test_an_assessment_needs_a_closed_case(db, workstation, tmp_path):
    path = write_json(tmp_path / "cases.json", [record(3) | {"loop": {"assessment": {"team": "张明"}}}])
    with pytest.raises(ImportRejected, match="整改评估：案件尚未结案，不能有整改评估"):
        import_cases_file(workstation, path)
    assert case_count(db) == 0


def test_a_complete_loop_in_a_file_is_stored(workstation, tmp_path):
    loop = {
        "accountability": [{"party": "某物业公司", "measure": "行政处罚", "breach": "未维护消防设施",
                            "legal_basis": "《中华人民共和国消防法》第十六条"}],
        "recommendations": [{"recommendation": "开展排查", "addressee": "玄武区住房和城乡建设局",
                             "addressee_kind": "sector"}],
        "measures": [MEASURE | {"recommendation": 1, "status": "completed", "completed_on": "2025-06-01",
                                "verdict": "已落实"}],
        "assessment": {"team": "张明", "visited_on": "2026-02-01", "report_number": "玄消评〔2026〕1号",
                       "report_filed_on": "2026-02-10"},
    }  # fmt: skip
    import_cases_file(workstation, write_json(tmp_path / "cases.json", [closed_record(loop)]))
    (only,) = case_query.case_list_page(workstation, case_query.CaseFilter(), case_query.CaseSort(), 0, 10).rows
    stored = closed_loop.case_loop(workstation, only.id, TODAY)
    assert stored.is_closed and stored.measures[0].verdict == Verdict.DONE
    assert stored.accountability[0].draft.measure.label == "行政处罚"
    assert stored.measures[0].draft.recommendation_id == stored.recommendations[0].id

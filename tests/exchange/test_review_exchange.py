"""Expert reviews travel with their case: experts by name and unit, statuses and the supersession chain intact; an
imported determination that the review rule covers needs a concluded cause review in the same record."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import export_cases_file, import_cases_file
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft, ReviewPurpose, ReviewStatus
from fireinvest.services import cases
from fireinvest.services.changes import Part, Register
from fireinvest.services.experts import ExpertRecord, list_experts, save_expert
from fireinvest.services.front_door import Workstation
from fireinvest.services.reviews import lifecycle as reviews
from tests.exchange.conftest import case_count, record, write_json
from tests.factories import make_draft, take_steps


def comparable(review: reviews.ReviewRecord) -> tuple:
    """Everything of a review that must survive the trip (ids and edit stamps differ between installations)."""
    experts = [(o.name, o.unit, o.specialty, o.title, o.opinion, o.dissents) for o in review.opinions]
    return (review.purpose, review.held_on, review.place, review.question, experts, review.conclusion, review.dissent,
            review.status, review.concluded_at, review.concluded_by)  # fmt: skip


def build_reviewed_case(db, actor) -> int:
    """A fatal fire whose first cause review was superseded by a second, then determined; and a case evaluation
    still being written up."""
    workstation = Workstation(db, actor)
    case_id = cases.create_case(workstation, make_draft(deaths=1)).value.id
    people = [("陈立新", "应急管理部天津消防研究所", "电气火灾物证鉴定", "研究员"),
              ("刘建华", "某省消防救援总队", "火灾事故调查", "高级工程师"),
              ("王海燕", "某工业大学", "火灾动力学", "教授")]  # fmt: skip
    ids = [save_expert(workstation, ExpertRecord(None, *p)).value.id or 0 for p in people]
    first = reviews.create_review(workstation, case_id, ReviewDraft(
        ReviewPurpose.CAUSE_DETERMINATION, dt.date(2026, 3, 12), "支队会议室", "　　起火原因认定。",
        [ExpertOpinion(ids[0], "同意电气故障。"), ExpertOpinion(ids[1], "不能排除吸烟。", dissents=True)],
        "　　起火原因为电气故障。", "刘建华认为不能排除吸烟。",
    )).value  # fmt: skip
    first = reviews.conclude_review(workstation, first.id, first.version).value
    reviews.supersede_review(workstation, first.id, ReviewDraft(
        ReviewPurpose.CAUSE_DETERMINATION, dt.date(2026, 3, 18), "总队会议室", "补充检验后再次论证。",
        [ExpertOpinion(ids[2], "熔痕为一次短路熔痕。"), ExpertOpinion(ids[0], "同意。")], "起火原因为短路。",
    ), conclude=True)  # fmt: skip
    reviews.create_review(workstation, case_id, ReviewDraft(
        ReviewPurpose.CASE_EVALUATION, dt.date(2026, 3, 28), "", "案例评析", [ExpertOpinion(ids[1])],
    ))  # fmt: skip
    take_steps(db, actor, case_id)
    return case_id


def test_reviews_round_trip_and_experts_join_the_register(db, second_db, actor, tmp_path):
    case_id = build_reviewed_case(db, actor)
    path = tmp_path / "cases.json"
    here, there = Workstation(db, actor), Workstation(second_db, actor)
    export_cases_file(here, path)
    original = reviews.reviews_of_case(here, case_id)
    exported = json.loads(path.read_text(encoding="utf-8"))["cases"][0]
    assert [(r["purpose"], r["status"], r["supersedes"]) for r in exported["reviews"]] == [
        ("cause_determination", "superseded", None), ("cause_determination", "concluded", 1),
        ("case_evaluation", "draft", None),
    ]  # fmt: skip
    assert exported["reviews"][0]["experts"][1] == {
        "name": "刘建华", "unit": "某省消防救援总队", "specialty": "火灾事故调查", "title": "高级工程师",
        "opinion": "不能排除吸烟。", "dissents": True,
    }  # fmt: skip

    # The receiving register already knows one of the experts.
    save_expert(there, ExpertRecord(None, "王海燕", "某工业大学", "火灾动力学", "教授", "025-1"))
    imported = import_cases_file(there, path)
    assert imported.value.experts_added == ("陈立新", "刘建华")
    copy_id = cases.find_case_id(there, exported["case_number"])
    assert imported.changes.touches_register(Register.EXPERTS) and imported.changes.touches(copy_id, Part.REVIEWS)
    copied = reviews.reviews_of_case(there, copy_id)
    register = list_experts(there)
    gate = reviews.review_gate(there, copy_id)
    assert [comparable(r) for r in copied] == [comparable(r) for r in original]
    assert copied[1].supersedes_id == copied[0].id and copied[0].superseded_by_id == copied[1].id
    assert sorted((e.name, e.unit) for e in register) == sorted(
        [("陈立新", "应急管理部天津消防研究所"), ("刘建华", "某省消防救援总队"), ("王海燕", "某工业大学")]
    )
    assert gate == []


def test_an_imported_determination_needs_a_concluded_cause_review(db, actor, tmp_path):
    timeline = [
        {"type": "investigation_started", "time": "2026-03-01T12:00:00+08:00"},
        {"type": "hearing_held", "time": "2026-03-20T09:00:00+08:00"},
        {"type": "determined", "time": "2026-03-25T09:00:00+08:00", "cause_category": "电气"},
    ]
    review = {"purpose": "起火原因认定论证", "held_on": "2026-03-26", "status": "已结论", "conclusion": "电气故障。",
              "experts": [{"name": "陈立新", "unit": "某研究所", "opinion": "同意。"}]}  # fmt: skip
    fatal = record(1) | {"deaths": 1, "events": timeline}
    path = write_json(tmp_path / "cases.json", [fatal, fatal | {"reviews": [review], "address": "中山路2号"}])
    workstation = Workstation(db, actor)
    with pytest.raises(ImportRejected) as rejected:
        import_cases_file(workstation, path)
    message = rejected.value.message
    assert "第1个案件" in message and "第2个案件" in message  # the second one's review came a day too late
    assert "第3个事件（作出火灾事故认定）：作出认定前需要经专家论证并形成结论（原因：有人员死亡（1人））" in message
    assert case_count(db) == 0

    on_time = fatal | {"reviews": [review | {"held_on": "2026-03-24"}]}
    write_json(path, [on_time, record(1) | {"events": timeline}])  # the same fire without a death needs none
    import_cases_file(workstation, path)
    (imported,) = reviews.reviews_of_case(workstation, cases.find_case_id(workstation, "320100-2026-00001"))
    assert imported.status == ReviewStatus.CONCLUDED and imported.opinions[0].name == "陈立新"


GOOD = {"purpose": "cause_determination", "held_on": "2026-03-10", "status": "concluded", "conclusion": "电气。",
        "experts": [{"name": "陈立新", "unit": "某研究所", "opinion": "同意。"}]}  # fmt: skip


def changed(**overrides) -> dict:
    review = copy.deepcopy(GOOD)
    review.update(overrides)
    return review


@pytest.mark.parametrize(
    "reviews_value,message",
    [
        ([changed(purpose="听证")], "purpose 的值“听证”无法识别"),
        ([changed(held_on="3月10日")], "论证日期“3月10日”无效"),
        ([changed(held_on="2026-02-01")], "不能早于火灾发生的日期（2026-03-01）"),
        ([changed(conclusion="")], "第1份专家论证：请填写论证结论。"),
        ([changed(experts=GOOD["experts"] * 2)], "第2名专家与第1名是同一人"),
        ([changed(experts=[{"unit": "某研究所"}])], "第1名专家缺少姓名"),
        ([changed(experts=[{"name": "陈立新", "age": 60}])], "第1名专家有未知的字段“age”"),
        ([changed(status="superseded")], "第1份专家论证：状态为“已被取代”，但没有取代它的论证。"),
        ([GOOD, changed(supersedes=1, held_on="2026-03-12")], "被取代的第1份论证的状态应为“已被取代”"),
        ([GOOD, changed(supersedes=2)], "supersedes 应为它所取代的、列在前面的论证的序号"),
        ([changed(note="x")], "有未知的字段“note”"),
    ],
)  # fmt: skip
def test_bad_reviews_reject_the_file(db, actor, tmp_path, reviews_value, message):
    path = write_json(tmp_path / "cases.json", [record(1) | {"reviews": reviews_value}])
    workstation = Workstation(db, actor)
    with pytest.raises(ImportRejected) as rejected:
        import_cases_file(workstation, path)
    assert "第1个案件" in rejected.value.message and message in rejected.value.message
    assert case_count(db) == 0
    assert list_experts(workstation) == []

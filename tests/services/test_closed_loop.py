"""A case's closed loop on a real database: items saved and read back, closure refused with every missing item
named and then accepted, a measure not carried out referred back, version conflicts (also one landing between the
check and the write), the read-only closed loop, and on PostgreSQL two workstations closing the loop while another
item changes: the case lock keeps "closing needs every verdict" true."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from fireinvest.documents.issuing import issue_document
from fireinvest.errors import ConcurrentEditError, ValidationFailed
from fireinvest.rules.closed_loop import (
    AccountabilityMeasure,
    AccountabilityStatus,
    LoopStage,
    MeasureStatus,
    Verdict,
)
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.rules.loop_items import AssessmentDraft
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.services.loop import assessment as loop_assessment
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from fireinvest.services.loop.case_loop import MeasureRecord
from fireinvest.services.startup import open_prepared_database
from tests.loop_factories import accountability, closed_case, measure, recommendation, registered_case
from tests.races import at_the_same_moment, saved_meanwhile

TODAY = dt.date(2026, 11, 28)
STALE = "已被 .* 在其他工作站修改并保存"


def loop_of(workstation, case_id, today=TODAY):
    return closed_loop.case_loop(workstation, case_id, today)


def add_items(workstation, case_id, measures=1):
    entry = loop_items.create_accountability(workstation, case_id, accountability()).value
    advice = loop_items.create_recommendation(workstation, case_id, recommendation()).value
    made = [
        loop_items.create_measure(
            workstation, case_id, measure(description=f"整改措施{n}：更换老化电气线路", recommendation_id=advice.id)
        ).value
        for n in range(1, measures + 1)
    ]
    return entry, advice, made


def assess(workstation, case_id):
    draft = AssessmentDraft("张明、李强、王某（住建局）", dt.date(2026, 2, 10), "逐项核查。")
    return loop_assessment.save_assessment(workstation, case_id, None, draft).value


def verdict(workstation, made: MeasureRecord, value, today=TODAY) -> MeasureRecord:
    """Record a verdict on the measure as it is stored now."""
    version = next(m.version for m in loop_of(workstation, made.case_id).measures if m.id == made.id)
    return loop_assessment.record_verdict(workstation, made.id, version, value, "现场核查", today).value


def test_items_read_back_with_stage_required_reasons_and_deadlines(db, actor, workstation):
    case = closed_case(db, actor, deaths=2)
    entry, advice, (made,) = add_items(workstation, case.id)
    loop = loop_of(workstation, case.id)
    assert loop.required_reasons == ("造成2人死亡",)
    assert loop.stage == LoopStage.MEASURES
    assert loop.closed_on == dt.date(2025, 3, 1)
    assert [e.draft for e in loop.accountability] == [accountability()]
    assert loop.accountability[0].updated_by == "测试员" and loop.accountability[0].version == 1
    assert [r.draft for r in loop.recommendations] == [recommendation()]
    assert loop.measures[0].draft == measure(description="整改措施1：更换老化电气线路", recommendation_id=advice.id)
    assert loop.measures[0].is_open and loop.measures[0].overdue  # due 2025-06-30, nothing done
    assert (loop.window.opens, loop.window.due) == (dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    kinds = {(d.kind, d.due, d.status) for d in loop.deadlines}
    assert kinds == {("measure", dt.date(2025, 6, 30), DeadlineStatus.OVERDUE),
                     ("assessment", dt.date(2026, 3, 1), DeadlineStatus.OVERDUE)}  # fmt: skip
    assert loop.read_only_reason is None and loop.verdict_problem is None


def test_every_write_says_the_loop_of_its_case_changed(db, actor, workstation):
    case = closed_case(db, actor)
    outcome = loop_items.create_measure(workstation, case.id, measure())
    assert outcome.changes.parts_of(case.id) == {Part.LOOP}
    judged = loop_assessment.record_verdict(workstation, outcome.value.id, outcome.value.version, Verdict.DONE, "",
                                            TODAY)  # fmt: skip
    assert judged.changes.parts_of(case.id) == {Part.LOOP}
    deleted = loop_items.delete_measure(workstation, judged.value.id, judged.value.version)
    assert deleted.changes.parts_of(case.id) == {Part.LOOP}


def test_closing_is_refused_with_every_missing_item_named_then_accepted(db, actor, workstation):
    case = closed_case(db, actor, deaths=1)
    with pytest.raises(ValidationFailed) as refused:
        loop_assessment.close_loop(workstation, case.id, 1, "玄消评〔2026〕1号", dt.date(2026, 3, 1), TODAY)
    message = refused.value.message
    for missing in ("尚无责任追究记录", "尚无事故防范建议", "尚无整改措施", "整改评估尚未记录评估组成员"):
        assert missing in message
    assert "整改评估报告尚未印发" not in message  # closing is issuing it

    _entry, _advice, (first, second) = add_items(workstation, case.id, measures=2)
    assessment = assess(workstation, case.id)
    assert loop_of(workstation, case.id).stage == LoopStage.ASSESSMENT
    with pytest.raises(ValidationFailed) as refused:
        loop_assessment.close_loop(workstation, case.id, assessment.version, "玄消评〔2026〕1号",
                                   dt.date(2026, 3, 1), TODAY)  # fmt: skip
    assert "措施“整改措施1：更换老化电气线路”尚无评估结论" in refused.value.message
    assert "措施“整改措施2：更换老化电气线路”尚无评估结论" in refused.value.message

    verdict(workstation, first, Verdict.DONE)
    judged = verdict(workstation, second, Verdict.NOT_DONE)
    with pytest.raises(ValidationFailed, match="评估为未落实，尚未移交责任追究"):
        loop_assessment.close_loop(workstation, case.id, assessment.version, "玄消评〔2026〕1号",
                                   dt.date(2026, 3, 1), TODAY)  # fmt: skip
    assert loop_of(workstation, case.id).missing == (
        "措施“整改措施2：更换老化电气线路”评估为未落实，尚未移交责任追究。", "整改评估报告尚未印发。")  # fmt: skip

    referral = loop_assessment.refer_back(workstation, second.id, judged.version).value
    assert referral.referred_measure_id == second.id
    assert referral.draft.party == "南京某某物业管理有限公司"
    assert referral.draft.measure == AccountabilityMeasure.DISCIPLINE_REFERRAL
    assert referral.draft.status == AccountabilityStatus.PROPOSED
    assert referral.draft.legal_basis == "《中华人民共和国安全生产法》第八十六条"
    assert "整改措施2" in referral.draft.breach and "未落实" in referral.draft.breach

    closed = loop_assessment.close_loop(workstation, case.id, assessment.version, " 玄消评〔2026〕1号 ",
                                        dt.date(2026, 3, 1), TODAY).value  # fmt: skip
    assert closed.stage == LoopStage.CLOSED and closed.is_closed and closed.missing == ()
    stored = loop_of(workstation, case.id)
    assert (stored.assessment.report_number, stored.assessment.report_filed_on) == ("玄消评〔2026〕1号",
                                                                                   dt.date(2026, 3, 1))  # fmt: skip
    assert [m.referred_entry_id for m in stored.measures] == [None, referral.id]
    assert "闭环已于 2026-03-01 完成" in stored.read_only_reason
    assert {d.kind: d.status for d in stored.deadlines}["assessment"] == DeadlineStatus.MET
    # A closed loop is read-only: the published report must keep saying what the database says.
    with pytest.raises(ValidationFailed, match="闭环已于 2026-03-01 完成"):
        loop_items.create_measure(workstation, case.id, measure())
    with pytest.raises(ValidationFailed, match="不能再修改"):
        loop_assessment.record_verdict(workstation, first.id, stored.measures[0].version, None, "", TODAY)


def test_verdicts_wait_for_the_closure_and_the_assessment_window(db, actor, workstation):
    open_case = registered_case(db, actor)
    _e, _a, (open_measure,) = add_items(workstation, open_case.id)
    with pytest.raises(ValidationFailed, match="案件尚未结案"):
        loop_assessment.record_verdict(workstation, open_measure.id, 1, Verdict.DONE)
    with pytest.raises(ValidationFailed, match="尚未结案，结案后才能开展整改评估"):
        loop_assessment.save_assessment(workstation, open_case.id, None, AssessmentDraft("张明"))

    case = closed_case(db, actor)
    _e, _a, (made,) = add_items(workstation, case.id)
    with pytest.raises(ValidationFailed, match="整改评估自 2026-01-01 起方可进行"):
        loop_assessment.record_verdict(workstation, made.id, 1, Verdict.DONE, "", dt.date(2025, 12, 31))
    assert verdict(workstation, made, Verdict.PARTLY, dt.date(2026, 1, 1)).verdict == Verdict.PARTLY
    with pytest.raises(ValidationFailed, match="只有评估为“部分落实”或“未落实”"):
        loop_assessment.refer_back(workstation, open_measure.id, 1)


def test_stale_versions_are_refused_and_nothing_is_overwritten(db, actor, workstation):
    case = closed_case(db, actor)
    entry, advice, (made,) = add_items(workstation, case.id)
    other = Workstation(db, Actor("李四"))
    loop_items.update_measure(other, made.id, made.version,
                              dataclasses.replace(made.draft, status=MeasureStatus.IN_PROGRESS))  # fmt: skip
    with pytest.raises(ConcurrentEditError, match=f"整改措施“整改措施1：更换老化电气线路”{STALE}") as refused:
        loop_items.update_measure(workstation, made.id, made.version, dataclasses.replace(made.draft, owner="别人"))
    assert "李四" in refused.value.message
    with pytest.raises(ConcurrentEditError, match=STALE):
        loop_assessment.record_verdict(workstation, made.id, made.version, Verdict.DONE, "", TODAY)
    referred = dataclasses.replace(entry.draft, status=AccountabilityStatus.REFERRED)
    loop_items.update_accountability(other, entry.id, entry.version, referred)
    with pytest.raises(ConcurrentEditError, match=f"责任追究记录“南京某某物业管理有限公司”{STALE}"):
        loop_items.delete_accountability(workstation, entry.id, entry.version)
    assessment = assess(workstation, case.id)
    loop_assessment.save_assessment(other, case.id, assessment.version, AssessmentDraft("李四"))
    with pytest.raises(ConcurrentEditError, match=f"案件 {case.case_number} 的整改评估{STALE}"):
        loop_assessment.close_loop(workstation, case.id, assessment.version, "1号", dt.date(2026, 3, 1), TODAY)
    loop = loop_of(workstation, case.id)
    assert loop.measures[0].draft.status == MeasureStatus.IN_PROGRESS and loop.measures[0].draft.owner != "别人"
    assert loop.measures[0].verdict is None and loop.accountability[0].draft.status == AccountabilityStatus.REFERRED
    assert loop.assessment.draft.team == "李四" and loop.assessment.report_filed_on is None


def test_a_save_between_the_check_and_the_write_is_refused_and_changes_nothing(db, actor, workstation):
    case = closed_case(db, actor)
    _entry, _advice, (made,) = add_items(workstation, case.id)
    edited = dataclasses.replace(made.draft, status=MeasureStatus.IN_PROGRESS)
    with saved_meanwhile("corrective_measures", made.id) as played:
        with pytest.raises(ConcurrentEditError, match=f"整改措施“整改措施1：更换老化电气线路”{STALE}"):
            loop_items.update_measure(workstation, made.id, made.version, edited)
    assert played
    stored = loop_of(workstation, case.id).measures[0]
    assert (stored.version, stored.draft) == (made.version, made.draft)


def test_invalid_items_are_refused_with_the_field_named(db, actor, workstation):
    case = closed_case(db, actor)
    with pytest.raises(ValidationFailed) as refused:
        loop_items.create_measure(workstation, case.id, measure(
            owner=" ", deadline=dt.date(2025, 1, 10), status=MeasureStatus.COMPLETED, verified_by="张明"))  # fmt: skip
    fields = {e.field: e.message for e in refused.value.errors}
    assert fields["owner"] == "请填写责任单位。"
    assert fields["deadline"] == "整改期限应晚于火灾发生日期（2025-01-10）。"
    assert fields["completed_on"] == "已完成的措施请填写完成日期。"
    assert fields["verified_on"] == "请填写核查日期。"
    with pytest.raises(ValidationFailed) as refused:
        loop_items.create_accountability(workstation, case.id, accountability(
            legal_basis="", status=AccountabilityStatus.DECIDED))  # fmt: skip
    assert {e.field for e in refused.value.errors} == {"legal_basis", "deciding_body", "decided_on"}
    other = registered_case(db, actor)
    _e, foreign, _m = add_items(workstation, other.id)
    with pytest.raises(ValidationFailed, match="所选防范建议不属于案件"):
        loop_items.create_measure(workstation, case.id, measure(recommendation_id=foreign.id))
    assert loop_of(workstation, case.id).stage == LoopStage.NOT_STARTED  # nothing half-written


def test_voided_case_takes_no_loop_items(db, actor, workstation):
    case = registered_case(db, actor)
    cases.void_case(workstation, case.id, case.version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废"):
        loop_items.create_recommendation(workstation, case.id, recommendation())


def test_deleting_items(db, actor, workstation):
    case = closed_case(db, actor)
    entry, advice, (made,) = add_items(workstation, case.id)
    loop_items.delete_recommendation(workstation, advice.id, advice.version)
    loop = loop_of(workstation, case.id)
    assert loop.recommendations == () and loop.measures[0].draft.recommendation_id is None
    judged = verdict(workstation, made, Verdict.NOT_DONE)
    loop_assessment.refer_back(workstation, made.id, judged.version)
    with pytest.raises(ValidationFailed, match="已移交责任追究"):
        loop_items.delete_measure(workstation, made.id, judged.version)
    with pytest.raises(ValidationFailed, match="只能是“部分落实”或“未落实”"):
        loop_assessment.record_verdict(workstation, made.id, judged.version, Verdict.DONE, "", TODAY)
    loop_items.delete_accountability(workstation, entry.id, entry.version)
    assert len(loop_of(workstation, case.id).accountability) == 1  # the referral stays


def _attach(workstation, case_id, tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    (record,) = attachments.add_attachments(workstation, case_id, [path]).value
    return record


def test_files_prove_completion_and_hold_the_report(db, actor, workstation, tmp_path):
    case = closed_case(db, actor)
    other = registered_case(db, actor)
    _e, _a, (made,) = add_items(workstation, case.id)
    proof = _attach(workstation, case.id, tmp_path, "整改完成照片.pdf", b"%PDF-1.4 proof")
    report = _attach(workstation, case.id, tmp_path, "整改评估报告.pdf", b"%PDF-1.4 report")
    foreign = _attach(workstation, other.id, tmp_path, "x.txt", b"other")
    changes = loop_assessment.attach_measure_evidence(workstation, made.id, proof.id).changes
    assert changes.parts_of(case.id) == {Part.LOOP, Part.ATTACHMENTS}
    with pytest.raises(ValidationFailed, match="不属于案件"):
        loop_assessment.attach_measure_evidence(workstation, made.id, foreign.id)
    with pytest.raises(ValidationFailed, match="尚未开展整改评估"):
        loop_assessment.attach_assessment_report(workstation, case.id, report.id)
    assess(workstation, case.id)
    loop_assessment.attach_assessment_report(workstation, case.id, report.id)
    loop = loop_of(workstation, case.id)
    assert [a.original_name for a in loop.measures[0].attachments] == ["整改完成照片.pdf"]
    assert [a.original_name for a in loop.assessment.attachments] == ["整改评估报告.pdf"]
    loop_assessment.detach_loop_attachment(workstation, proof.id)
    assert loop_of(workstation, case.id).measures[0].attachments == ()

    # The picker's choice is applied whole: one file linked, another unlinked, or neither when one is refused.
    loop_assessment.relink_loop_files(workstation, case.id, {proof.id}, set(), made.id)
    with pytest.raises(ValidationFailed, match="不属于案件"):
        loop_assessment.relink_loop_files(workstation, case.id, {foreign.id}, {proof.id}, made.id)
    assert [a.id for a in loop_of(workstation, case.id).measures[0].attachments] == [proof.id]
    loop_assessment.relink_loop_files(workstation, case.id, {proof.id}, {report.id})
    loop = loop_of(workstation, case.id)
    assert [a.id for a in loop.assessment.attachments] == [proof.id]


def test_a_blank_report_number_takes_the_issued_assessment_report_number(db, actor, workstation):
    case = closed_case(db, actor, deaths=1)
    _entry, _advice, (only,) = add_items(workstation, case.id, measures=1)
    assessment = assess(workstation, case.id)
    verdict(workstation, only, Verdict.DONE)
    report = issue_document(workstation, case.id, "assessment_report").value
    assert report.number_text.startswith("某消〔")
    closed = loop_assessment.close_loop(workstation, case.id, assessment.version, "  ", dt.date(2026, 3, 1),
                                        TODAY).value  # fmt: skip
    assert closed.assessment.report_number == report.number_text


# --- two workstations at once (PostgreSQL: SQLite lets one writer in at a time anyway) ---------------------------

RACE_ROUNDS = 10


def race(database_url: str, actor: Actor, *writers: Callable[[Workstation], Outcome]) -> list[Any]:
    """Run the writers at the same moment, each with its own Database (like two workstations): what each returned,
    or the error it raised (tests/races.py)."""
    databases = [open_prepared_database(database_url) for _ in writers]
    try:
        return at_the_same_moment(*[lambda writer=writer, database=database: writer(Workstation(database, actor))
                                    for writer, database in zip(writers, databases)])  # fmt: skip
    finally:
        for database in databases:
            database.dispose()


def ready_to_close(db, actor, workstation):
    """A closed case whose loop lacks nothing but the report: items, assessment, a verdict on its measure."""
    case = closed_case(db, actor, deaths=1)
    _entry, _advice, (made,) = add_items(workstation, case.id)
    assessment = assess(workstation, case.id)
    return case, assessment, verdict(workstation, made, Verdict.DONE)


def _close(case_id: int, assessment_version: int) -> Callable[[Workstation], Outcome]:
    return lambda ws: loop_assessment.close_loop(ws, case_id, assessment_version, "玄消评〔2026〕9号",
                                                 dt.date(2026, 3, 1), TODAY)  # fmt: skip


def _add_a_measure(case_id: int, judged: MeasureRecord) -> Callable[[Workstation], Outcome]:
    return lambda ws: loop_items.create_measure(ws, case_id, measure(description="补充整改：增设喷淋"))


def _withdraw_the_verdict(case_id: int, judged: MeasureRecord) -> Callable[[Workstation], Outcome]:
    return lambda ws: loop_assessment.record_verdict(ws, judged.id, judged.version, None, "", TODAY)


@pytest.mark.postgresql_only
@pytest.mark.parametrize("other_change", [_add_a_measure, _withdraw_the_verdict], ids=["add", "withdraw"])
def test_closing_and_changing_a_measure_at_once_never_closes_a_loop_with_an_unjudged_measure(
    backend, database_url, db, actor, workstation, other_change
):
    if backend != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: there is no race to lose")
    for _round in range(RACE_ROUNDS):
        case, assessment, judged = ready_to_close(db, actor, workstation)
        closing = race(database_url, actor, _close(case.id, assessment.version), other_change(case.id, judged))
        loop = loop_of(workstation, case.id)
        assert not (loop.is_closed and any(m.verdict is None for m in loop.measures)), closing
        # One of the two waited for the other and was then refused: a change under an issued report, or a report
        # over a measure without a verdict.
        assert sorted(type(o).__name__ for o in closing) == ["Outcome", "ValidationFailed"], closing

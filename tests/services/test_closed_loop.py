"""A case's closed loop on a real database: items saved and read back, closure refused with every missing item
named and then accepted, a measure not carried out referred back, version conflicts, and the read-only closed loop."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest

from fireinvest.documents.issuing import issue_document
from fireinvest.errors import ConcurrentEditError, ValidationFailed
from fireinvest.models import CorrectiveMeasure
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
from fireinvest.services.loop import assessment as loop_assessment
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from tests.loop_factories import accountability, closed_case, measure, recommendation, registered_case

TODAY = dt.date(2026, 11, 28)


def loop_of(db, case_id, today=TODAY):
    with db.reading() as session:
        return closed_loop.case_loop(session, case_id, today)


def add_items(db, actor, case_id, measures=1):
    with db.writing() as session:
        entry = loop_items.create_accountability(session, actor, case_id, accountability())
        advice = loop_items.create_recommendation(session, actor, case_id, recommendation())
        made = [
            loop_items.create_measure(
                session, actor, case_id,
                measure(description=f"整改措施{n}：更换老化电气线路", recommendation_id=advice.id),
            )
            for n in range(1, measures + 1)
        ]  # fmt: skip
    return entry, advice, made


def assess(db, actor, case_id):
    with db.writing() as session:
        return loop_assessment.save_assessment(
            session,
            actor,
            case_id,
            None,
            AssessmentDraft("张明、李强、王某（住建局）", dt.date(2026, 2, 10), "逐项核查。"),
        )


def verdict(db, actor, measure_id, value, today=TODAY):
    with db.writing() as session:
        version = session.get_one(CorrectiveMeasure, measure_id).version
        return loop_assessment.record_verdict(session, actor, measure_id, version, value, "现场核查", today)


def test_items_read_back_with_stage_required_reasons_and_deadlines(db, actor):
    case = closed_case(db, actor, deaths=2)
    entry, advice, (made,) = add_items(db, actor, case.id)
    loop = loop_of(db, case.id)
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


def test_closing_is_refused_with_every_missing_item_named_then_accepted(db, actor):
    case = closed_case(db, actor, deaths=1)
    with pytest.raises(ValidationFailed) as refused, db.writing() as session:
        loop_assessment.close_loop(session, actor, case.id, 1, "玄消评〔2026〕1号", dt.date(2026, 3, 1), TODAY)
    message = refused.value.message
    for missing in ("尚无责任追究记录", "尚无事故防范建议", "尚无整改措施", "整改评估尚未记录评估组成员"):
        assert missing in message
    assert "整改评估报告尚未印发" not in message  # closing is issuing it

    _entry, _advice, (first, second) = add_items(db, actor, case.id, measures=2)
    assessment = assess(db, actor, case.id)
    assert loop_of(db, case.id).stage == LoopStage.ASSESSMENT
    with pytest.raises(ValidationFailed) as refused, db.writing() as session:
        loop_assessment.close_loop(session, actor, case.id, assessment.version, "玄消评〔2026〕1号",
                                   dt.date(2026, 3, 1), TODAY)  # fmt: skip
    assert "措施“整改措施1：更换老化电气线路”尚无评估结论" in refused.value.message
    assert "措施“整改措施2：更换老化电气线路”尚无评估结论" in refused.value.message

    verdict(db, actor, first.id, Verdict.DONE)
    judged = verdict(db, actor, second.id, Verdict.NOT_DONE)
    with pytest.raises(ValidationFailed, match="评估为未落实，尚未移交责任追究"), db.writing() as session:
        loop_assessment.close_loop(session, actor, case.id, assessment.version, "玄消评〔2026〕1号",
                                   dt.date(2026, 3, 1), TODAY)  # fmt: skip
    assert loop_of(db, case.id).missing == ("措施“整改措施2：更换老化电气线路”评估为未落实，尚未移交责任追究。",
                                            "整改评估报告尚未印发。")  # fmt: skip

    with db.writing() as session:
        referral = loop_assessment.refer_back(session, actor, second.id, judged.version)
    assert referral.referred_measure_id == second.id
    assert referral.draft.party == "南京某某物业管理有限公司"
    assert referral.draft.measure == AccountabilityMeasure.DISCIPLINE_REFERRAL
    assert referral.draft.status == AccountabilityStatus.PROPOSED
    assert referral.draft.legal_basis == "《中华人民共和国安全生产法》第八十六条"
    assert "整改措施2" in referral.draft.breach and "未落实" in referral.draft.breach

    with db.writing() as session:
        closed = loop_assessment.close_loop(session, actor, case.id, assessment.version, " 玄消评〔2026〕1号 ",
                                            dt.date(2026, 3, 1), TODAY)  # fmt: skip
    assert closed.stage == LoopStage.CLOSED and closed.is_closed and closed.missing == ()
    stored = loop_of(db, case.id)
    assert (stored.assessment.report_number, stored.assessment.report_filed_on) == ("玄消评〔2026〕1号",
                                                                                   dt.date(2026, 3, 1))  # fmt: skip
    assert [m.referred_entry_id for m in stored.measures] == [None, referral.id]
    assert "闭环已于 2026-03-01 完成" in stored.read_only_reason
    assert {d.kind: d.status for d in stored.deadlines}["assessment"] == DeadlineStatus.MET
    # A closed loop is read-only: the published report must keep saying what the database says.
    with pytest.raises(ValidationFailed, match="闭环已于 2026-03-01 完成"), db.writing() as session:
        loop_items.create_measure(session, actor, case.id, measure())
    with pytest.raises(ValidationFailed, match="不能再修改"), db.writing() as session:
        loop_assessment.record_verdict(session, actor, first.id, stored.measures[0].version, None, "", TODAY)


def test_verdicts_wait_for_the_closure_and_the_assessment_window(db, actor):
    open_case = registered_case(db, actor)
    _e, _a, (open_measure,) = add_items(db, actor, open_case.id)
    with pytest.raises(ValidationFailed, match="案件尚未结案"), db.writing() as session:
        loop_assessment.record_verdict(session, actor, open_measure.id, 1, Verdict.DONE)
    with pytest.raises(ValidationFailed, match="尚未结案，结案后才能开展整改评估"), db.writing() as session:
        loop_assessment.save_assessment(session, actor, open_case.id, None, AssessmentDraft("张明"))

    case = closed_case(db, actor)
    _e, _a, (made,) = add_items(db, actor, case.id)
    with pytest.raises(ValidationFailed, match="整改评估自 2026-01-01 起方可进行"), db.writing() as session:
        loop_assessment.record_verdict(session, actor, made.id, 1, Verdict.DONE, "", dt.date(2025, 12, 31))
    assert verdict(db, actor, made.id, Verdict.PARTLY, dt.date(2026, 1, 1)).verdict == Verdict.PARTLY
    with pytest.raises(ValidationFailed, match="只有评估为“部分落实”或“未落实”"), db.writing() as session:
        loop_assessment.refer_back(session, actor, open_measure.id, 1)


def test_stale_versions_are_refused_and_nothing_is_overwritten(db, actor):
    case = closed_case(db, actor)
    entry, advice, (made,) = add_items(db, actor, case.id)
    with db.writing() as session:
        loop_items.update_measure(session, Actor("李四"), made.id, made.version,
                                  dataclasses.replace(made.draft, status=MeasureStatus.IN_PROGRESS))  # fmt: skip
    with pytest.raises(ConcurrentEditError, match="李四"), db.writing() as session:
        loop_items.update_measure(session, actor, made.id, made.version, dataclasses.replace(made.draft, owner="别人"))
    with pytest.raises(ConcurrentEditError), db.writing() as session:
        loop_assessment.record_verdict(session, actor, made.id, made.version, Verdict.DONE, "", TODAY)
    with db.writing() as session:
        referred = dataclasses.replace(entry.draft, status=AccountabilityStatus.REFERRED)
        loop_items.update_accountability(session, Actor("李四"), entry.id, entry.version, referred)
    with pytest.raises(ConcurrentEditError), db.writing() as session:
        loop_items.delete_accountability(session, actor, entry.id, entry.version)
    assessment = assess(db, actor, case.id)
    with db.writing() as session:
        loop_assessment.save_assessment(session, Actor("李四"), case.id, assessment.version, AssessmentDraft("李四"))
    with pytest.raises(ConcurrentEditError), db.writing() as session:
        loop_assessment.close_loop(session, actor, case.id, assessment.version, "1号", dt.date(2026, 3, 1), TODAY)
    loop = loop_of(db, case.id)
    assert loop.measures[0].draft.status == MeasureStatus.IN_PROGRESS and loop.measures[0].draft.owner != "别人"
    assert loop.measures[0].verdict is None and loop.accountability[0].draft.status == AccountabilityStatus.REFERRED
    assert loop.assessment.draft.team == "李四" and loop.assessment.report_filed_on is None


def test_invalid_items_are_refused_with_the_field_named(db, actor):
    case = closed_case(db, actor)
    with pytest.raises(ValidationFailed) as refused, db.writing() as session:
        loop_items.create_measure(session, actor, case.id, measure(
            owner=" ", deadline=dt.date(2025, 1, 10), status=MeasureStatus.COMPLETED, verified_by="张明"))  # fmt: skip
    fields = {e.field: e.message for e in refused.value.errors}
    assert fields["owner"] == "请填写责任单位。"
    assert fields["deadline"] == "整改期限应晚于火灾发生日期（2025-01-10）。"
    assert fields["completed_on"] == "已完成的措施请填写完成日期。"
    assert fields["verified_on"] == "请填写核查日期。"
    with pytest.raises(ValidationFailed) as refused, db.writing() as session:
        loop_items.create_accountability(session, actor, case.id, accountability(
            legal_basis="", status=AccountabilityStatus.DECIDED))  # fmt: skip
    assert {e.field for e in refused.value.errors} == {"legal_basis", "deciding_body", "decided_on"}
    other = registered_case(db, actor)
    _e, foreign, _m = add_items(db, actor, other.id)
    with pytest.raises(ValidationFailed, match="所选防范建议不属于案件"), db.writing() as session:
        loop_items.create_measure(session, actor, case.id, measure(recommendation_id=foreign.id))
    assert loop_of(db, case.id).stage == LoopStage.NOT_STARTED  # nothing half-written


def test_voided_case_takes_no_loop_items(db, actor):
    case = registered_case(db, actor)
    with db.writing() as session:
        cases.void_case(session, actor, case.id, case.version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废"), db.writing() as session:
        loop_items.create_recommendation(session, actor, case.id, recommendation())


def test_deleting_items(db, actor):
    case = closed_case(db, actor)
    entry, advice, (made,) = add_items(db, actor, case.id)
    with db.writing() as session:
        loop_items.delete_recommendation(session, actor, advice.id, advice.version)
    loop = loop_of(db, case.id)
    assert loop.recommendations == () and loop.measures[0].draft.recommendation_id is None
    judged = verdict(db, actor, made.id, Verdict.NOT_DONE)
    with db.writing() as session:
        loop_assessment.refer_back(session, actor, made.id, judged.version)
    with pytest.raises(ValidationFailed, match="已移交责任追究"), db.writing() as session:
        loop_items.delete_measure(session, actor, made.id, judged.version)
    with pytest.raises(ValidationFailed, match="只能是“部分落实”或“未落实”"), db.writing() as session:
        loop_assessment.record_verdict(session, actor, made.id, judged.version, Verdict.DONE, "", TODAY)
    with db.writing() as session:
        loop_items.delete_accountability(session, actor, entry.id, entry.version)
    assert len(loop_of(db, case.id).accountability) == 1  # the referral stays


def test_files_prove_completion_and_hold_the_report(db, actor):
    case = closed_case(db, actor)
    other = registered_case(db, actor)
    _e, _a, (made,) = add_items(db, actor, case.id)
    with db.writing() as session:
        proof = attachments.add_attachment(session, actor, case.id, io.BytesIO(b"%PDF-1.4 proof"),
                                           original_name="整改完成照片.pdf")  # fmt: skip
        report = attachments.add_attachment(session, actor, case.id, io.BytesIO(b"%PDF-1.4 report"),
                                            original_name="整改评估报告.pdf")  # fmt: skip
        foreign = attachments.add_attachment(session, actor, other.id, io.BytesIO(b"other"), original_name="x.txt")
        loop_assessment.attach_measure_evidence(session, actor, made.id, proof.id)
    with pytest.raises(ValidationFailed, match="不属于案件"), db.writing() as session:
        loop_assessment.attach_measure_evidence(session, actor, made.id, foreign.id)
    with pytest.raises(ValidationFailed, match="尚未开展整改评估"), db.writing() as session:
        loop_assessment.attach_assessment_report(session, actor, case.id, report.id)
    assess(db, actor, case.id)
    with db.writing() as session:
        loop_assessment.attach_assessment_report(session, actor, case.id, report.id)
    loop = loop_of(db, case.id)
    assert [a.original_name for a in loop.measures[0].attachments] == ["整改完成照片.pdf"]
    assert [a.original_name for a in loop.assessment.attachments] == ["整改评估报告.pdf"]
    with db.writing() as session:
        loop_assessment.detach_loop_attachment(session, actor, proof.id)
    assert loop_of(db, case.id).measures[0].attachments == ()


def test_a_blank_report_number_takes_the_issued_assessment_report_number(db, actor):
    case = closed_case(db, actor, deaths=1)
    _entry, _advice, (only,) = add_items(db, actor, case.id, measures=1)
    assessment = assess(db, actor, case.id)
    verdict(db, actor, only.id, Verdict.DONE)
    with db.writing() as session:
        report = issue_document(session, actor, case.id, "assessment_report")
    assert report.number_text.startswith("某消〔")
    with db.writing() as session:
        closed = loop_assessment.close_loop(session, actor, case.id, assessment.version, "  ", dt.date(2026, 3, 1),
                                            TODAY)  # fmt: skip
    assert closed.assessment.report_number == report.number_text

"""The document register: numbers unique and gapless per agency, series and year (also from two processes at
once), voided numbers kept, corrections as new versions under the same number, the stored .docx checked against
its SHA-256, and the documents of a case listed in procedural order."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from fireinvest.documents.issuing import issue_document
from fireinvest.errors import AttachmentDamaged, NotFound, ValidationFailed
from fireinvest.models import DocumentNumber
from fireinvest.rules.case_facts import Procedure
from fireinvest.rules.loop_items import MeasureDraft
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.documents.kinds import document_kind
from fireinvest.services.documents.register import (
    DocumentStatus,
    case_documents,
    document_numbers_of,
    issued_document_bytes,
    list_case_documents,
    void_document_number,
)
from fireinvest.services.front_door import Workstation
from fireinvest.services.loop import items as loop_items
from tests.documents.case_builder import build_case
from tests.documents.docx_reading import body_text, open_docx
from tests.factories import determine, determined_case, local, make_draft, take_step
from tests.workstations import race_workstations

DOCUMENTS_PER_WORKSTATION = 8


def new_case(workstation, **overrides) -> int:
    """A case through its determination: the facts a determination, its notice and the report state."""
    return determined_case(workstation, **overrides)


def issue(workstation, case_id: int, kind: str, subject_id: int = 0, correction: str = ""):
    outcome = issue_document(workstation, case_id, kind, subject_id, correction)
    assert outcome.changes.parts_of(case_id) == {Part.DOCUMENTS}
    return outcome.value


def refused(workstation, case_id: int, kind: str, subject_id: int = 0, correction: str = "") -> str:
    with pytest.raises((ValidationFailed, NotFound)) as caught:
        issue_document(workstation, case_id, kind, subject_id, correction)
    return caught.value.message


def test_numbers_run_per_series_without_gaps(workstation):
    first, second, third = (new_case(workstation) for _ in range(3))
    loop_items.create_measure(workstation, first, MeasureDraft("清理楼道杂物", "某物业公司", dt.date(2026, 6, 30)))
    assert [issue(workstation, c, "determination").number_text for c in (first, second, third)] == [
        "某消火认字〔2026〕第0001号", "某消火认字〔2026〕第0002号", "某消火认字〔2026〕第0003号"]  # fmt: skip
    assert issue(workstation, first, "public_notice").number_text == "某消火告字〔2026〕第0001号"
    # Official documents look alike whatever their kind, so they count in one series.
    assert [issue(workstation, c, k).number_text for c, k in ((first, "investigation_report"),
            (first, "rectification_notice"), (second, "investigation_report"))] == [
        "某消〔2026〕1号", "某消〔2026〕2号", "某消〔2026〕3号"]  # fmt: skip
    assert issue(workstation, first, "evidence_list").number_text == ""  # a list carries no number


def test_an_issued_document_is_never_generated_again_only_corrected(db, workstation):
    case_id = new_case(workstation)
    original = issue(workstation, case_id, "determination")
    message = refused(workstation, case_id, "determination")
    assert "已经出具（文号 某消火认字〔2026〕第0001号），第 1 版" in message and "更正原因" in message
    corrected = issue(workstation, case_id, "determination", correction="当事人姓名有误")
    assert (corrected.version, corrected.number_text, corrected.correction_reason) == (
        2, original.number_text, "当事人姓名有误")  # fmt: skip
    # The corrected version says so under its title; the original does not.
    mark = "（更正版本：第2版，更正原因：当事人姓名有误）"
    assert mark in body_text(open_docx(issued_document_bytes(workstation, corrected.id))).split("\n")[2]
    assert "更正版本" not in body_text(open_docx(issued_document_bytes(workstation, original.id)))
    assert [(d.version, d.status) for d in list_case_documents(workstation, case_id)] == [(2, DocumentStatus.CURRENT)]
    history = list_case_documents(workstation, case_id, all_versions=True)
    assert [(d.version, d.status) for d in history] == [(1, DocumentStatus.SUPERSEDED), (2, DocumentStatus.CURRENT)]
    with db.reading() as session:
        assert len(document_numbers_of(session, case_id)) == 1  # the correction used no new number
    assert "尚未出具" in refused(workstation, case_id, "public_notice", correction="笔误")


def test_a_voided_number_stays_recorded_and_is_never_reused(db, workstation):
    case_id = new_case(workstation)
    first = issue(workstation, case_id, "determination")
    with pytest.raises(ValidationFailed, match="请填写作废原因"):
        void_document_number(workstation, first.number_text, " ")
    outcome = void_document_number(
        Workstation(db, Actor("科长")), first.number_text, "认定书送达前发现起火部位描述错误"
    )
    voided = outcome.value
    assert voided.voided and voided.voided_by == "科长"
    assert outcome.changes.parts_of(case_id) == {Part.DOCUMENTS}
    with pytest.raises(ValidationFailed, match="已于此前作废"):
        void_document_number(workstation, first.number_text, "再次作废")
    with pytest.raises(NotFound):
        void_document_number(workstation, "某消火认字〔2026〕第9999号", "不存在")
    (listed,) = list_case_documents(workstation, case_id)
    assert listed.voided and listed.status == DocumentStatus.VOIDED
    # A voided document may be issued anew, under the next number; the voided one keeps its row.
    again = issue(workstation, case_id, "determination")
    assert (again.version, again.number_text) == (2, "某消火认字〔2026〕第0002号")
    with db.reading() as session:
        numbers = document_numbers_of(session, case_id)
        assert [(n.sequence, n.voided, n.void_reason) for n in numbers] == [
            (1, True, "认定书送达前发现起火部位描述错误"), (2, False, "")]  # fmt: skip
        statuses = [d.status for d in case_documents(session, case_id, all_versions=True)]
        assert statuses == [DocumentStatus.VOIDED, DocumentStatus.CURRENT]


def test_documents_that_do_not_fit_the_case_are_refused(workstation):
    general = new_case(workstation)
    simple = new_case(workstation, procedure=Procedure.SIMPLE)
    assert "适用一般程序" in refused(workstation, general, "simple_determination")
    assert "适用简易程序" in refused(workstation, simple, "determination")
    assert "不需要指定笔录" in refused(workstation, general, "determination", subject_id=5)
    assert "没有内部编号为 0 的询问笔录" in refused(workstation, general, "interview")
    assert "没有“notice”这种文书" in refused(workstation, general, "notice")
    version = cases.get_case(workstation, general).version
    cases.void_case(workstation, general, version, "重复登记")
    assert "已作废" in refused(workstation, general, "evidence_list")
    assert issue(workstation, simple, "simple_determination").number_text == "某消火简字〔2026〕第0001号"


def test_per_record_documents_are_kept_apart_and_listed_in_procedural_order(workstation, actor):
    built = build_case(workstation)
    for kind, subject in (("determination", 0), ("interview", built.interview_id), ("evidence_list", 0),
                          ("scene_inspection", built.inspection_id), ("investigation_report", 0)):  # fmt: skip
        issue(workstation, built.id, kind, subject)
    assert "已经出具" in refused(workstation, built.id, "interview", built.interview_id)
    listed = list_case_documents(workstation, built.id)
    assert [d.kind for d in listed] == ["scene_inspection", "interview", "evidence_list", "determination",
                                        "investigation_report"]  # fmt: skip
    assert [d.subject_id for d in listed][:2] == [built.inspection_id, built.interview_id]
    assert all(d.generated_by == actor.name and d.size > 0 and len(d.sha256) == 64 for d in listed)


def test_stored_bytes_are_checked_against_their_digest(db, workstation):
    case_id = new_case(workstation)
    record = issue(workstation, case_id, "determination")
    data = issued_document_bytes(workstation, record.id)
    assert hashlib.sha256(data).hexdigest() == record.sha256 and len(data) == record.size
    with db.writing() as session:
        session.execute(text("UPDATE attachment_chunks SET data = :data WHERE sha256 = :sha"),
                        {"data": b"PK forged", "sha": record.sha256})  # fmt: skip
    with pytest.raises(AttachmentDamaged) as caught:
        issued_document_bytes(workstation, record.id)
    assert "火灾事故认定书" in caught.value.message and "已被改动" in caught.value.message
    assert caught.value.state == "altered"


def issue_determination(workstation, case_id: int) -> str:
    """A workstation issues the determination of one of its cases."""
    return issue_document(workstation, case_id, "determination").value.number_text


def test_two_workstations_issuing_at_once_get_unique_gapless_numbers(db, workstation, database_url):
    case_ids = [new_case(workstation) for _ in range(2 * DOCUMENTS_PER_WORKSTATION)]
    reported = race_workstations(database_url, issue_determination, {"甲": case_ids[::2], "乙": case_ids[1::2]}, 180)
    assert all(len(numbers) == DOCUMENTS_PER_WORKSTATION for numbers in reported.values())
    with db.reading() as session:
        sequences = sorted(session.scalars(select(DocumentNumber.sequence)))
    assert sequences == list(range(1, 2 * DOCUMENTS_PER_WORKSTATION + 1))
    assert len(set(reported["甲"] + reported["乙"])) == 2 * DOCUMENTS_PER_WORKSTATION


def issue_or_refusal(workstation, case_id: int) -> str:
    """A workstation issues the determination of a case, or says why it may not."""
    try:
        return issue_document(workstation, case_id, "determination").value.number_text
    except ValidationFailed as refusal:
        return refusal.message


def test_two_workstations_issuing_the_same_document_at_once_issue_it_once(db, workstation, database_url):
    case_id = new_case(workstation)
    reported = race_workstations(database_url, issue_or_refusal, {"甲": [case_id], "乙": [case_id]})
    outcomes = sorted(reported["甲"] + reported["乙"], key=len)
    assert outcomes[0] == "某消火认字〔2026〕第0001号"
    assert "已经出具（文号 某消火认字〔2026〕第0001号），第 1 版" in outcomes[1]  # the second saw the first's
    assert [(d.version, d.number_text) for d in list_case_documents(workstation, case_id)] == [(1, outcomes[0])]
    with db.reading() as session:
        assert list(session.scalars(select(DocumentNumber.sequence))) == [1]  # the refused one used no number


def test_a_document_whose_facts_are_missing_is_refused_and_uses_no_number(db, workstation):
    case_id = cases.create_case(workstation, make_draft()).value.id  # registered: nothing determined, nothing held
    for kind, reason in (("determination", "尚未记录“作出火灾事故认定”（案件现为已登记）"),
                         ("review_acceptance", "尚未记录复核申请的受理决定"),
                         ("review_conclusion", "尚未记录“作出复核结论”"),
                         ("public_notice", "尚未作出火灾事故认定"),
                         ("rectification_notice", "尚未登记整改措施"),
                         ("assessment_report", "尚未录入整改评估"),
                         ("evidence_list", "尚未登记痕迹物品")):  # fmt: skip
        message = refused(workstation, case_id, kind)
        assert f"还不能出具“{document_kind(kind).title}”" in message and reason in message, message
    with db.reading() as session:
        assert document_numbers_of(session, case_id) == [] and case_documents(session, case_id) == []
    # Once the determination is on the timeline, the same case may have its 认定书; served in person, no 公告.
    determine(workstation, case_id)
    assert issue(workstation, case_id, "determination").number_text == "某消火认字〔2026〕第0001号"
    take_step(db, workstation.actor, case_id, EventType.SERVED, local(2026, 3, 26), method="in_person")
    assert "已直接送达，无需公告送达" in refused(workstation, case_id, "public_notice")


def test_the_number_s_year_and_the_printed_date_are_the_determination_s(workstation):
    """One act, one date: a determination made on 2025-12-30 and issued later is numbered in 2025 and dated then."""
    case_id = cases.create_case(workstation, make_draft(
        alarm_time=local(2025, 12, 20, 10, 5), extinguished_time=local(2025, 12, 20, 11, 30),
        ignition_time=local(2025, 12, 20, 9, 50))).value.id  # fmt: skip
    evidence.register_evidence(
        workstation, case_id, evidence.EvidenceDraft("导线熔痕", local(2025, 12, 20, 14), "张明")
    )
    for kind, when in ((EventType.INVESTIGATION_STARTED, local(2025, 12, 20, 12)),
                       (EventType.HEARING_HELD, local(2025, 12, 28)),
                       (EventType.DETERMINED, local(2025, 12, 30))):  # fmt: skip
        take_step(workstation.database, workstation.actor, case_id, kind, when)
    record = issue(workstation, case_id, "determination")
    assert record.number_text == "某消火认字〔2025〕第0001号"
    text = body_text(open_docx(issued_document_bytes(workstation, record.id)))
    assert "2025年12月30日" in text and "某消火认字〔2025〕第0001号" in text
    # A report has no act of its own: it is dated, and numbered, in the year it is issued.
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert issue(workstation, case_id, "investigation_report").number_text == f"某消〔{today.year}〕1号"

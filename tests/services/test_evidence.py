"""Evidence registration, custody recorded and refused, and laboratory intervals reaching the case's deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.errors import ValidationFailed
from fireinvest.rules.custody import CustodyKind, CustodyStep, ItemStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, workflow
from tests.factories import local, make_draft

K = CustodyKind
LAB = "省火灾物证鉴定中心"


@pytest.fixture
def case_id(db, actor) -> int:
    with db.writing() as session:
        created = cases.create_case(session, actor, make_draft())
        started = local(2026, 3, 1, 12)
        workflow.record_step(session, actor, created.id, created.version, EventType.INVESTIGATION_STARTED, started)
        return created.id


def register(db, actor, case_id, name="导线熔痕") -> evidence.EvidenceRecord:
    draft = evidence.EvidenceDraft(
        name, local(2026, 3, 1, 14), "张明", "铜导线一段，有熔珠", "厨房东墙插座下方",
        "距东墙0.3米，离地0.4米", "王某某", "FZ-001", "照片第12-15号",
    )  # fmt: skip
    with db.writing() as session:
        return evidence.register_evidence(session, actor, case_id, draft)


def custody(db, actor, item_id, step):
    with db.writing() as session:
        return evidence.record_custody(session, actor, item_id, step)


def test_numbers_are_unique_in_the_agency_and_collection_is_recorded(db, actor, case_id):
    first = register(db, actor, case_id)
    second = register(db, actor, case_id, "插座残骸")
    assert (first.evidence_number, second.evidence_number) == ("320100-WZ-2026-0001", "320100-WZ-2026-0002")
    assert (first.state.status, first.state.holder) == (ItemStatus.IN_CUSTODY, "张明")
    with db.reading() as session:
        history = evidence.custody_history(session, first.id)
        listed = evidence.list_evidence(session, case_id)
    assert [(e.step.kind, e.step.to_holder) for e in history] == [(K.COLLECTED, "张明")]
    assert [r.draft.name for r in listed] == ["导线熔痕", "插座残骸"]


def test_impossible_custody_is_refused_and_nothing_recorded(db, actor, case_id):
    item = register(db, actor, case_id)
    with pytest.raises(ValidationFailed, match="交出人“李强”并不持有该物证"):
        custody(db, actor, item.id, CustodyStep(K.HANDED_OVER, local(2026, 3, 2), "李强", "王芳"))
    with db.reading() as session:
        assert len(evidence.custody_history(session, item.id)) == 1


def test_laboratory_interval_reaches_the_determination_deadline(db, actor, case_id):
    item = register(db, actor, case_id)
    custody(db, actor, item.id, CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "张明", LAB, signed_by="张明"))
    back = custody(db, actor, item.id, CustodyStep(K.REPORT_RECEIVED, local(2026, 3, 12), LAB, "张明"))
    assert (back.state.status, back.state.holder) == (ItemStatus.IN_CUSTODY, "张明")
    with db.reading() as session:
        timeline = workflow.case_timeline(session, case_id)
    lab_types = (EventType.LAB_SENT, EventType.LAB_RETURNED)
    lab_events = [(e.type, e.details["item"]) for e in timeline.events if e.type in lab_types]
    assert lab_events == [(EventType.LAB_SENT, item.evidence_number), (EventType.LAB_RETURNED, item.evidence_number)]
    determination = {d.kind: d for d in timeline.deadlines}["determination"]
    assert determination.due == dt.date(2026, 4, 8)  # 30 days + 8 laboratory days
    assert "另加检验鉴定 8 日" in determination.basis


def test_lab_submission_refused_when_the_case_cannot_take_it(db, actor):
    with db.writing() as session:
        registered_only = cases.create_case(session, actor, make_draft()).id  # investigation not started
    item = register(db, actor, registered_only)
    with pytest.raises(ValidationFailed, match="开始调查"):
        custody(db, actor, item.id, CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "张明", LAB))
    with db.reading() as session:
        assert len(evidence.custody_history(session, item.id)) == 1  # the custody event was rolled back too


def test_correction_keeps_the_wrong_entry_and_changes_the_holder(db, actor, case_id):
    item = register(db, actor, case_id)
    wrong = custody(db, actor, item.id, CustodyStep(K.HANDED_OVER, local(2026, 3, 2), "张明", "王芳"))
    assert wrong.state.holder == "王芳"
    with db.reading() as session:
        handed = evidence.custody_history(session, item.id)[1]
    fix = CustodyStep(K.CORRECTION, local(2026, 3, 2), "张明", "李强", note="接收人记录错误", corrects=handed.id)
    assert custody(db, actor, item.id, fix).state.holder == "李强"
    with db.reading() as session:
        history = evidence.custody_history(session, item.id)
    assert [e.step.kind for e in history] == [K.COLLECTED, K.HANDED_OVER, K.CORRECTION]
    assert history[1].step.to_holder == "王芳" and history[1].corrected_by == history[2].id


def test_lab_report_is_filed_with_the_item(db, actor, case_id, tmp_path):
    from fireinvest.services.attachments import intake as attachments
    from fireinvest.services.attachments.reads import read_attachment

    report = tmp_path / "鉴定报告.pdf"
    report.write_bytes(b"%PDF-1.4 report of the melted bead\n")
    item = register(db, actor, case_id)
    custody(db, actor, item.id, CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "张明", LAB))
    with db.writing() as session:
        step = CustodyStep(K.REPORT_RECEIVED, local(2026, 3, 12), LAB, "张明")
        evidence.record_custody(session, actor, item.id, step, report=report)
    with db.reading() as session:
        (filed,) = attachments.list_attachments(session, case_id, evidence_item_id=item.id)
        assert read_attachment(session, filed.id) == report.read_bytes()
    assert (filed.kind, filed.original_name) == ("lab_report", "鉴定报告.pdf")
    assert filed.caption.startswith(item.evidence_number)
    with pytest.raises(ValidationFailed, match="只有“检验报告返回”"):
        custody_with_report = CustodyStep(K.HANDED_OVER, local(2026, 3, 13), "张明", "王芳")
        with db.writing() as session:
            evidence.record_custody(session, actor, item.id, custody_with_report, report=report)

"""Evidence registration, custody recorded and refused, laboratory intervals reaching the case's deadlines, and two
workstations recording custody of the same item at the same moment."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.errors import ValidationFailed
from fireinvest.rules.custody import CustodyKind, CustodyStep, ItemStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, workflow
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from tests.factories import local, make_draft
from tests.races import at_the_same_moment

K = CustodyKind
LAB = "省火灾物证鉴定中心"


@pytest.fixture
def case_id(workstation) -> int:
    created = cases.create_case(workstation, make_draft()).value
    started = local(2026, 3, 1, 12)
    workflow.record_step(workstation, created.id, created.version, EventType.INVESTIGATION_STARTED, started)
    return created.id


def register(workstation, case_id, name="导线熔痕") -> evidence.EvidenceRecord:
    draft = evidence.EvidenceDraft(
        name, local(2026, 3, 1, 14), "张明", "铜导线一段，有熔珠", "厨房东墙插座下方",
        "距东墙0.3米，离地0.4米", "王某某", "FZ-001", "照片第12-15号",
    )  # fmt: skip
    return evidence.register_evidence(workstation, case_id, draft).value


def custody(workstation, item_id, step) -> evidence.EvidenceRecord:
    return evidence.record_custody(workstation, item_id, step).value


def test_numbers_are_unique_in_the_agency_and_collection_is_recorded(workstation, case_id):
    outcome = evidence.register_evidence(
        workstation, case_id, evidence.EvidenceDraft("导线熔痕", local(2026, 3, 1), "张明")
    )
    first = outcome.value
    second = register(workstation, case_id, "插座残骸")
    assert outcome.changes.parts_of(case_id) == {Part.EVIDENCE}
    assert (first.evidence_number, second.evidence_number) == ("320100-WZ-2026-0001", "320100-WZ-2026-0002")
    assert (first.state.status, first.state.holder) == (ItemStatus.IN_CUSTODY, "张明")
    history = evidence.custody_history(workstation, first.id)
    listed = evidence.list_evidence(workstation, case_id)
    assert [(e.step.kind, e.step.to_holder) for e in history] == [(K.COLLECTED, "张明")]
    assert [r.draft.name for r in listed] == ["导线熔痕", "插座残骸"]


def test_impossible_custody_is_refused_and_nothing_recorded(workstation, case_id):
    item = register(workstation, case_id)
    with pytest.raises(ValidationFailed, match="交出人“李强”并不持有该物证"):
        custody(workstation, item.id, CustodyStep(K.HANDED_OVER, local(2026, 3, 2), "李强", "王芳"))
    assert len(evidence.custody_history(workstation, item.id)) == 1


def test_laboratory_interval_reaches_the_determination_deadline(workstation, case_id):
    item = register(workstation, case_id)
    sent = CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "张明", LAB, signed_by="张明")
    assert evidence.record_custody(workstation, item.id, sent).changes.parts_of(case_id) == {
        Part.EVIDENCE,
        Part.TIMELINE,
    }
    back = custody(workstation, item.id, CustodyStep(K.REPORT_RECEIVED, local(2026, 3, 12), LAB, "张明"))
    assert (back.state.status, back.state.holder) == (ItemStatus.IN_CUSTODY, "张明")
    timeline = workflow.case_timeline(workstation, case_id)
    lab_types = (EventType.LAB_SENT, EventType.LAB_RETURNED)
    lab_events = [(e.type, e.details["item"]) for e in timeline.events if e.type in lab_types]
    assert lab_events == [(EventType.LAB_SENT, item.evidence_number), (EventType.LAB_RETURNED, item.evidence_number)]
    determination = {d.kind: d for d in timeline.deadlines}["determination"]
    assert determination.due == dt.date(2026, 4, 8)  # 30 days + 8 laboratory days
    assert "另加检验鉴定 8 日" in determination.basis


def test_lab_submission_refused_when_the_case_cannot_take_it(workstation):
    registered_only = cases.create_case(workstation, make_draft()).value.id  # investigation not started
    item = register(workstation, registered_only)
    with pytest.raises(ValidationFailed, match="开始调查"):
        custody(workstation, item.id, CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "张明", LAB))
    assert len(evidence.custody_history(workstation, item.id)) == 1  # the custody event was rolled back too


def test_correction_keeps_the_wrong_entry_and_changes_the_holder(workstation, case_id):
    item = register(workstation, case_id)
    wrong = custody(workstation, item.id, CustodyStep(K.HANDED_OVER, local(2026, 3, 2), "张明", "王芳"))
    assert wrong.state.holder == "王芳"
    handed = evidence.custody_history(workstation, item.id)[1]
    fix = CustodyStep(K.CORRECTION, local(2026, 3, 2), "张明", "李强", note="接收人记录错误", corrects=handed.id)
    assert custody(workstation, item.id, fix).state.holder == "李强"
    history = evidence.custody_history(workstation, item.id)
    assert [e.step.kind for e in history] == [K.COLLECTED, K.HANDED_OVER, K.CORRECTION]
    assert history[1].step.to_holder == "王芳" and history[1].corrected_by == history[2].id


def test_lab_report_is_filed_with_the_item(workstation, case_id, tmp_path):
    from fireinvest.services.attachments import intake as attachments
    from fireinvest.services.attachments.reads import read_attachment

    report = tmp_path / "鉴定报告.pdf"
    report.write_bytes(b"%PDF-1.4 report of the melted bead\n")
    item = register(workstation, case_id)
    custody(workstation, item.id, CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "张明", LAB))
    step = CustodyStep(K.REPORT_RECEIVED, local(2026, 3, 12), LAB, "张明")
    outcome = evidence.record_custody(workstation, item.id, step, report=report)
    # The 附件 tab learns of the report from this: the use case says the case's attachments changed.
    assert outcome.changes.parts_of(case_id) == {Part.EVIDENCE, Part.TIMELINE, Part.ATTACHMENTS}
    (filed,) = attachments.list_attachments(workstation, case_id, evidence_item_id=item.id)
    assert read_attachment(workstation, filed.id) == report.read_bytes()
    assert (filed.kind, filed.original_name) == ("lab_report", "鉴定报告.pdf")
    assert filed.caption.startswith(item.evidence_number)
    custody_with_report = CustodyStep(K.HANDED_OVER, local(2026, 3, 13), "张明", "王芳")
    with pytest.raises(ValidationFailed, match="只有“检验报告返回”"):
        evidence.record_custody(workstation, item.id, custody_with_report, report=report)


def test_unknown_item_is_not_found(workstation, case_id):
    from fireinvest.errors import NotFound

    with pytest.raises(NotFound, match="物证（内部编号 999999）不存在"):
        custody(workstation, 999_999, CustodyStep(K.HANDED_OVER, local(2026, 3, 2), "张明", "王芳"))


@pytest.mark.postgresql_only
def test_a_hand_over_and_a_destruction_at_the_same_moment_one_is_refused(backend, db, database_url, case_id):
    """Both check the chain before either has written: without the lock on the case and the item both would pass
    and the item would be destroyed and handed over at once. With it exactly one is recorded, and the other is
    refused by the chain that now holds the first one's step."""
    if backend != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: there two custody steps cannot meet")
    other = open_prepared_database(database_url)
    here, there = Workstation(db, Actor("张明")), Workstation(other, Actor("李强"))
    hand_over = CustodyStep(K.HANDED_OVER, local(2026, 3, 2, 9), "张明", "王芳")
    destruction = CustodyStep(K.DESTROYED, local(2026, 3, 2, 10), "张明", place="物证室", purpose="鉴定完毕")
    try:
        for _attempt in range(20):
            item = register(here, case_id)
            handed, destroyed = at_the_same_moment(
                lambda item_id=item.id: evidence.record_custody(here, item_id, hand_over).value,
                lambda item_id=item.id: evidence.record_custody(there, item_id, destruction).value,
            )
            history = [e.step.kind for e in evidence.custody_history(here, item.id)]
            refused_prefix = f"物证 {item.evidence_number} 不能记录"
            if isinstance(handed, evidence.EvidenceRecord):
                assert isinstance(destroyed, ValidationFailed), destroyed
                assert destroyed.message.startswith(f"{refused_prefix}“销毁”") and "并不持有该物证" in destroyed.message
                assert history == [K.COLLECTED, K.HANDED_OVER]
            else:
                assert isinstance(destroyed, evidence.EvidenceRecord), (handed, destroyed)
                assert isinstance(handed, ValidationFailed), handed
                assert handed.message.startswith(f"{refused_prefix}“移交”") and "物证已销毁" in handed.message
                assert history == [K.COLLECTED, K.DESTROYED]
    finally:
        other.dispose()

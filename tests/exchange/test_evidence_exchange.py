"""Evidence and its chain of custody travel with the case; an impossible chain rejects the file."""

from __future__ import annotations

import json

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import export_cases_file, import_cases_file
from fireinvest.rules.custody import CustodyKind, CustodyStep, ItemStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, workflow
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from tests.exchange.conftest import case_count, record, write_json
from tests.factories import local, make_draft

K = CustodyKind


def case_with_evidence(workstation) -> int:
    created = cases.create_case(workstation, make_draft()).value
    workflow.record_step(
        workstation, created.id, created.version, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12)
    )
    draft = evidence.EvidenceDraft("导线熔痕", local(2026, 3, 1, 14), "张明", found_position="厨房插座下方")
    item = evidence.register_evidence(workstation, created.id, draft).value
    evidence.record_custody(workstation, item.id, CustodyStep(K.HANDED_OVER, local(2026, 3, 2), "张明", "王芳"))
    handed = evidence.custody_history(workstation, item.id)[1]
    fix = CustodyStep(K.CORRECTION, local(2026, 3, 2), "张明", "李强", note="接收人记错", corrects=handed.id)
    evidence.record_custody(workstation, item.id, fix)
    lab = CustodyStep(K.SENT_TO_LAB, local(2026, 3, 5), "李强", "省火灾物证鉴定中心", signed_by="李强")
    evidence.record_custody(workstation, item.id, lab)
    return created.id


def test_evidence_round_trip(workstation, second_db, actor, tmp_path):
    case_id = case_with_evidence(workstation)
    path = tmp_path / "cases.json"
    export_cases_file(workstation, path)
    original = evidence.list_evidence(workstation, case_id)
    exported_case = json.loads(path.read_text(encoding="utf-8"))["cases"][0]
    exported = exported_case["evidence"][0]
    assert exported["evidence_number"] == "320100-WZ-2026-0001"
    assert [s["kind"] for s in exported["custody"]] == ["collected", "handed_over", "correction", "sent_to_lab"]
    assert exported["custody"][2]["corrects"] == 2

    elsewhere = Workstation(second_db, actor)
    outcome = import_cases_file(elsewhere, path)
    copy_case = cases.find_case_id(elsewhere, exported_case["case_number"])
    assert outcome.changes.touches(copy_case, Part.EVIDENCE)
    (copied,) = evidence.list_evidence(elsewhere, copy_case)
    history = evidence.custody_history(elsewhere, copied.id)
    timeline = workflow.case_timeline(elsewhere, copy_case)
    assert copied.evidence_number == original[0].evidence_number
    assert (copied.state.status, copied.state.holder) == (ItemStatus.AT_LAB, "省火灾物证鉴定中心")
    assert history[1].corrected_by == history[2].id
    # The laboratory step came with the timeline, once: the import does not add it a second time.
    assert sum(e.type == EventType.LAB_SENT for e in timeline.events) == 1
    # The imported number is taken: the next item of that year gets the next number.
    draft = evidence.EvidenceDraft("插座", local(2026, 3, 3), "张明")
    assert evidence.register_evidence(elsewhere, copy_case, draft).value.evidence_number == "320100-WZ-2026-0002"


@pytest.mark.parametrize(
    "custody,message",
    [
        ([{"kind": "handed_over", "time": "2026-03-02T09:00:00+08:00", "from_holder": "张明", "to_holder": "王芳"}],
         "第1件物证的第1条保管记录：物证尚未提取"),
        ([{"kind": "collected", "time": "2026-03-01T14:00:00+08:00", "to_holder": "张明"},
          {"kind": "handed_over", "time": "2026-03-02T09:00:00+08:00", "from_holder": "李强", "to_holder": "王芳"}],
         "第2条保管记录：交出人“李强”并不持有该物证"),
        ([{"kind": "collected", "time": "2026-03-01T14:00:00+08:00", "to_holder": "张明"},
          {"kind": "destroyed", "time": "2026-03-02T09:00:00+08:00", "from_holder": "张明"},
          {"kind": "handed_over", "time": "2026-03-03T09:00:00+08:00", "from_holder": "张明", "to_holder": "王芳"}],
         "物证已销毁"),
        ([{"kind": "collected", "time": "2026-03-01T14:00:00+08:00", "to_holder": "张明", "corrects": 5}],
         "corrects 应指向前面某条记录"),
    ],
)  # fmt: skip
def test_impossible_chain_rejects_the_file(db, actor, tmp_path, custody, message):
    item = {"name": "导线熔痕", "collected_at": "2026-03-01T14:00:00+08:00", "collector": "张明", "custody": custody}
    path = write_json(tmp_path / "cases.json", [record(1), record(2) | {"evidence": [item]}])
    with pytest.raises(ImportRejected) as rejected:
        import_cases_file(Workstation(db, actor), path)
    assert "第2个案件" in rejected.value.message and message in rejected.value.message
    assert case_count(db) == 0

"""Which documents a case may have, decided from plain facts (rules/document_set.py)."""

from __future__ import annotations

from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.document_set import CaseForDocuments, RecordKind, document_refusal, documents_the_case_may_have
from fireinvest.services.documents.kinds import document_kind, document_kinds


def case(procedure=Procedure.GENERAL, status=CaseStatus.INVESTIGATING, inspections=(), interviews=()):
    records = {RecordKind.INSPECTION: tuple(inspections), RecordKind.INTERVIEW: tuple(interviews)}
    return CaseForDocuments("320100-2026-00001", status, procedure, records)


def test_a_document_of_the_other_procedure_is_refused():
    assert "适用简易程序" in document_refusal(document_kind("determination"), case(Procedure.SIMPLE)).message
    assert "适用一般程序" in document_refusal(document_kind("simple_determination"), case()).message
    assert document_refusal(document_kind("determination"), case()) is None


def test_per_record_documents_need_one_of_the_case_s_records_and_whole_case_documents_none():
    interview = document_kind("interview")
    assert document_refusal(interview, case(interviews=(7,)), 7) is None
    assert "没有内部编号为 8 的询问笔录" in document_refusal(interview, case(interviews=(7,)), 8).message
    assert (
        "没有内部编号为 7 的现场勘验笔录"
        in document_refusal(document_kind("scene_inspection"), case(interviews=(7,)), 7).message
    )
    assert "不需要指定笔录" in document_refusal(document_kind("determination"), case(), 7).message


def test_a_voided_case_may_have_no_document():
    voided = case(status=CaseStatus.VOIDED, interviews=(1,))
    assert documents_the_case_may_have(document_kinds(), voided) == []
    assert "已作废" in document_refusal(document_kind("evidence_list"), voided).message


def test_the_set_lists_whole_case_documents_once_and_per_record_ones_per_record():
    allowed = documents_the_case_may_have(document_kinds(), case(inspections=(3,), interviews=(5, 6)))
    pairs = [(kind.kind, subject) for kind, subject in allowed]
    assert ("scene_inspection", 3) in pairs and ("interview", 5) in pairs and ("interview", 6) in pairs
    assert pairs.count(("determination", 0)) == 1
    assert not any(kind.procedure == Procedure.SIMPLE for kind, _ in allowed)
    assert [kind.order for kind, _ in allowed] == sorted(kind.order for kind, _ in allowed)

"""Which documents a case may have, decided from plain facts (rules/document_set.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.document_set import (
    CaseForDocuments,
    RecordKind,
    act_date,
    document_refusal,
    documents_the_case_may_have,
    missing_facts,
)
from fireinvest.rules.workflow import EventType, WorkflowEvent, fold
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


# --- the facts behind each document ----------------------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def timeline(*steps) -> tuple[WorkflowEvent, ...]:
    """Events a day apart, in the order given; a step is an EventType or (EventType, details)."""
    events = []
    for n, step in enumerate(steps):
        kind, details = step if isinstance(step, tuple) else (step, {})
        events.append(WorkflowEvent(kind, T0 + dt.timedelta(days=n), details))
    return tuple(events)


E = EventType
DETERMINED = (E.INVESTIGATION_STARTED, E.HEARING_HELD, E.DETERMINED)
IN_PERSON = (E.SERVED, {"method": "in_person"})
BY_NOTICE = (E.SERVED, {"method": "public_notice"})

# Every situation a case may be in, as the facts the rule reads.
SITUATIONS = {
    "registered": dict(),
    "investigating": dict(events=timeline(E.INVESTIGATION_STARTED), evidence_items=2, interviews=(4,)),
    "heard": dict(events=timeline(E.INVESTIGATION_STARTED, E.HEARING_HELD), evidence_items=2),
    "determined, no basis": dict(events=timeline(*DETERMINED)),
    "determined": dict(events=timeline(*DETERMINED), evidence_items=2),
    "served in person": dict(events=timeline(*DETERMINED, IN_PERSON), evidence_items=2),
    "served by notice": dict(events=timeline(*DETERMINED, BY_NOTICE), evidence_items=2),
    "review applied": dict(events=timeline(*DETERMINED, IN_PERSON, E.REVIEW_APPLIED), evidence_items=2),
    "review accepted": dict(events=timeline(*DETERMINED, IN_PERSON, E.REVIEW_APPLIED, E.REVIEW_ACCEPTED),
                            evidence_items=2),
    "review refused": dict(events=timeline(*DETERMINED, IN_PERSON, E.REVIEW_APPLIED, E.REVIEW_REFUSED),
                           evidence_items=2),
    "review concluded": dict(events=timeline(*DETERMINED, IN_PERSON, E.REVIEW_APPLIED, E.REVIEW_ACCEPTED,
                                             E.CASE_FILE_SENT, (E.REVIEW_CONCLUDED, {"outcome": "upheld"})),
                             evidence_items=2),
    "loop with measures": dict(events=timeline(*DETERMINED), evidence_items=2, corrective_measures=1),
    "loop assessed": dict(events=timeline(*DETERMINED), evidence_items=2, corrective_measures=1, assessed=True),
    "simple, on the spot": dict(procedure=Procedure.SIMPLE, events=timeline(E.SIMPLE_DETERMINED)),
    "simple, registered": dict(procedure=Procedure.SIMPLE),
}  # fmt: skip

# For each whole-case kind, the situations in which it may be issued (every other one refuses it, with a reason).
ALLOWED = {
    "evidence_list": {"investigating", "heard", "determined", "served in person", "served by notice",
                      "review applied", "review accepted", "review refused", "review concluded",
                      "loop with measures", "loop assessed"},
    "loss_declaration": set(SITUATIONS),
    "hearing_record": {"heard", "determined, no basis", "determined", "served in person", "served by notice",
                       "review applied", "review accepted", "review refused", "review concluded",
                       "loop with measures", "loop assessed"},
    "simple_determination": {"simple, on the spot"},
    "determination": {"determined", "served in person", "served by notice", "review applied", "review accepted",
                      "review refused", "review concluded", "loop with measures", "loop assessed"},
    "proof_of_service": {"determined, no basis", "determined", "served in person", "served by notice",
                         "review applied", "review accepted", "review refused", "review concluded",
                         "loop with measures", "loop assessed", "simple, on the spot"},
    "public_notice": {"determined, no basis", "determined", "served by notice", "loop with measures",
                      "loop assessed"},
    "review_acceptance": {"review accepted", "review concluded"},
    "review_refusal": {"review refused"},
    "review_file_request": {"review accepted", "review concluded"},
    "review_conclusion": {"review concluded"},
    "investigation_report": {"determined, no basis", "determined", "served in person", "served by notice",
                             "review applied", "review accepted", "review refused", "review concluded",
                             "loop with measures", "loop assessed", "simple, on the spot"},
    "rectification_notice": {"loop with measures", "loop assessed"},
    "assessment_report": {"loop assessed"},
}  # fmt: skip


def situation(name: str) -> CaseForDocuments:
    facts = dict(SITUATIONS[name])
    procedure = facts.pop("procedure", Procedure.GENERAL)
    interviews = facts.pop("interviews", ())
    records = {RecordKind.INSPECTION: (), RecordKind.INTERVIEW: interviews}
    return CaseForDocuments("320100-2026-00001", fold(facts.get("events", ())).status, procedure, records, **facts)


def test_every_whole_case_kind_is_judged():
    assert set(ALLOWED) == {k.kind for k in document_kinds() if k.per_record is None}


@pytest.mark.parametrize("name", SITUATIONS)
def test_each_document_needs_the_facts_it_states(name):
    case = situation(name)
    for kind in document_kinds():
        if kind.per_record is not None or document_refusal(kind, case) is not None:
            continue  # a record's own document, or one of the other procedure
        missing = missing_facts(kind, case)
        if name in ALLOWED[kind.kind]:
            assert missing is None, (kind.kind, missing)
        else:
            assert missing, kind.kind  # refused, with the reason in words


def test_the_reasons_say_what_is_missing():
    def reason(kind: str, name: str) -> str:
        return missing_facts(document_kind(kind), situation(name)) or ""

    assert "尚未记录“作出火灾事故认定”（案件现为调查中）" in reason("determination", "investigating")
    assert "认定依据无从列明" in reason("determination", "determined, no basis")
    assert "已直接送达，无需公告送达" in reason("public_notice", "served in person")
    assert "决定是“复核不予受理”，不是“复核受理”" in reason("review_acceptance", "review refused")
    assert "尚未记录复核申请的受理决定" in reason("review_refusal", "review applied")
    assert "尚未登记整改措施" in reason("rectification_notice", "determined")
    assert "尚未录入整改评估" in reason("assessment_report", "loop with measures")
    assert "尚未登记痕迹物品" in reason("evidence_list", "registered")


def test_a_document_is_dated_on_the_day_of_its_act():
    concluded = situation("review concluded")
    days = {
        kind: act_date(document_kind(kind), concluded)
        for kind in (
            "determination",
            "review_acceptance",
            "review_conclusion",
            "hearing_record",
            "investigation_report",
        )
    }
    assert days == {"determination": dt.date(2026, 3, 3), "review_acceptance": dt.date(2026, 3, 6),
                    "review_conclusion": dt.date(2026, 3, 8), "hearing_record": dt.date(2026, 3, 2),
                    "investigation_report": None}  # fmt: skip
    redetermined = CaseForDocuments("320100-2026-00001", CaseStatus.DETERMINED, Procedure.GENERAL, {},
                                    timeline(*DETERMINED, E.REDETERMINED), 1)  # fmt: skip
    assert act_date(document_kind("determination"), redetermined) == dt.date(2026, 3, 4)  # the latest determination

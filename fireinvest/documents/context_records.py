"""Values of the records and forms of an investigation: the scene inspection record and the interview record (one
document per record), the evidence collection list and the loss declaration."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fireinvest.documents.context_common import CaseFile
from fireinvest.documents.fill import chinese_count, joined, numbered, padding_rows, paragraphs
from fireinvest.rules.document_set import DocumentKind
from fireinvest.services.evidence import evidence_of
from fireinvest.services.records import InterviewRecord, inspection_of, interview_of, interviews_of

_STAGES = (("surroundings", "环境勘验"), ("preliminary", "初步勘验"), ("detailed", "细项勘验"), ("special", "专项勘验"))


def scene_inspection(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The inspection record: times, place, inspectors, weather and lighting, findings in the four stages."""
    record = inspection_of(session, subject_id)
    inspectors = numbered([{"name": i.name, "unit": i.unit, "title": i.title} for i in record.inspectors])
    stages = numbered([{"name": label, "text": paragraphs(getattr(record, name))} for name, label in _STAGES])
    return {
        "inspection": {
            "started_at": file.time(record.started_at),
            "ended_at": file.time(record.ended_at),
            "place": record.place,
            "inspectors": inspectors,
            "inspector_names": joined(i["name"] for i in inspectors),
            "witness": record.witness,
            "weather_sky": record.weather_sky,
            "wind": record.wind,
            "temperature": record.temperature,
            "lighting": record.lighting,
            "stages": stages,
        }
    }


def interview(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The interview record: the interviewee, when and where, who asked, the questions and answers in order."""
    record = interview_of(session, subject_id)
    questions = numbered([{"question": qa.question, "answer": paragraphs(qa.answer)} for qa in record.questions])
    return {
        "interview": {
            # 第N次: the how-manieth interview of this person in the case.
            "sitting": chinese_count(_sitting(session, file.detail.id, record)),
            "interviewee": record.interviewee,
            "id_number": record.id_number,
            "role": record.role,
            "contact": record.contact,
            "started_at": file.time(record.started_at),
            "ended_at": file.time(record.ended_at),
            "place": record.place,
            "interviewers": joined(record.interviewers),
            "questions": questions,
            "refused_to_sign": record.refused_to_sign,
        }
    }


def _sitting(session: Session, case_id: int, record: InterviewRecord) -> int:
    def same_person(other: InterviewRecord) -> bool:
        if record.id_number and other.id_number:
            return other.id_number == record.id_number
        return other.interviewee == record.interviewee

    # interviews_of lists the case's interviews in the order they were held.
    same = [r.id for r in interviews_of(session, case_id) if same_person(r)]
    return same.index(record.id) + 1 if record.id in same else 1


def evidence_list(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """Every item collected: number, name, where found and its size, photo numbers, collector, witness, time;
    padded to the form's rows, the rest crossed out."""
    items = evidence_of(session, file.detail.id)
    rows = numbered([
        {"evidence_number": i.evidence_number, "name": i.draft.name,
         "position": "，".join(t for t in (i.draft.found_position, i.draft.measurements) if t),
         "photos": i.draft.photo_refs, "collector": i.draft.collector, "witness": i.draft.witness,
         "collected_at": file.time(i.draft.collected_at), "seal_number": i.draft.seal_number}
        for i in items
    ])  # fmt: skip
    # The list says an item was sealed only when it was: a seal number recorded, or a 封存 step on its chain.
    unsealed = [i.evidence_number for i in items if not (i.draft.seal_number or i.state.sealed)]
    return {"items": rows, "padding": padding_rows(len(rows), kind.rows), "unsealed": joined(unsealed),
            "sealed_count": len(items) - len(unsealed)}  # fmt: skip


def loss_declaration(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The form on which parties declare their losses. The case register keeps the total, not the declared items,
    so the form goes out with its numbered rows open for the declaring party to fill in by hand."""
    return {"items": [], "padding": padding_rows(0, kind.rows), "declared_total": ""}

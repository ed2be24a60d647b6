"""Values of the decisions and what follows them: the determination (general and simple procedure), the hearing
record before it, its service (proof of service, public notice) and the review (复核) documents.

Dates and details come from the case's timeline: the determination event carries the causes it excluded, the
service event its method, the review events the applicant, the refusal's reason and the conclusion.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from fireinvest.documents.context_common import CaseFile
from fireinvest.documents.fill import chinese_count, date_text, joined, paragraphs
from fireinvest.rules.custody import CustodyKind
from fireinvest.rules.document_set import DocumentKind
from fireinvest.rules.expert_review import ReviewStatus
from fireinvest.rules.workflow import EventType, RefusalGround, ReviewOutcome, ServiceMethod
from fireinvest.services.attachments.intake import AttachmentKind, attachments_of
from fireinvest.services.documents.register import current_document
from fireinvest.services.evidence import evidence_of_cases
from fireinvest.services.records import inspections_of, interviews_of
from fireinvest.services.reviews.reads import reviews_of_case

_DETERMINATIONS = (EventType.DETERMINED, EventType.REDETERMINED, EventType.SIMPLE_DETERMINED)


def _text(details: dict[str, Any], key: str) -> str:
    value = details.get(key, "")
    return joined(str(v) for v in value) if isinstance(value, list) else str(value or "").strip()


def _event_values(file: CaseFile, *types: EventType) -> dict[str, Any]:
    """When, by whom and the details of the latest event of these types (empty strings when there is none)."""
    event = file.last_event(*types)
    details = event.details if event is not None else {}
    return {
        "recorded": event is not None,
        "time": file.time(event.time) if event else "",
        "date": file.day(event.time) if event else "",
        "performed_by": file.named(event.performed_by) if event else "",
        "note": paragraphs(_text(details, "note")),
        "details": details,
    }


def _evidence_relied_on(session: Session, file: CaseFile) -> list[str]:
    """The evidence a determination cites: records, the expert opinions, photos and drawings counted, laboratory
    reports named."""
    case_id = file.detail.id
    lines = []
    inspections = inspections_of(session, case_id)
    if inspections:
        days = joined(dict.fromkeys(file.day(r.started_at) for r in inspections))
        lines.append(f"现场勘验笔录{len(inspections)}份（{days}）")
    interviews = interviews_of(session, case_id)
    if interviews:
        lines.append(
            f"询问笔录{len(interviews)}份（被询问人：{joined(dict.fromkeys(r.interviewee for r in interviews))}）"
        )
    for review in reviews_of_case(session, case_id):  # what the experts concluded, once concluded
        if review.status == ReviewStatus.CONCLUDED:
            experts = joined(o.name for o in review.opinions)
            lines.append(f"专家论证意见：{review.purpose.label}（{date_text(review.held_on)}，专家：{experts}）")
    counts = Counter(a.kind for a in attachments_of(session, case_id))
    for kind, text in ((AttachmentKind.PHOTO, "现场照片{}张"), (AttachmentKind.DRAWING, "现场图{}张"),
                       (AttachmentKind.VIDEO, "现场视频{}段")):  # fmt: skip
        if counts[kind]:
            lines.append(text.format(counts[kind]))
    for record, entries in evidence_of_cases(session, [case_id])[case_id]:
        for entry in entries:
            if entry.step.kind == CustodyKind.REPORT_RECEIVED and entry.corrected_by is None:
                note = f"，{entry.step.note}" if entry.step.note else ""
                lines.append(f"{entry.step.from_holder}对{record.evidence_number}（{record.draft.name}）的检验鉴定意见"
                             f"（{file.day(entry.step.time)}{note}）")  # fmt: skip
    return [f"{n}. {line}" for n, line in enumerate(lines, start=1)]


def _determination_values(file: CaseFile) -> dict[str, Any]:
    values = _event_values(file, *_DETERMINATIONS)
    details = values["details"]
    values["excluded_causes"] = _text(details, "excluded_causes")
    # 灾害成因 is a fact of the case (cause page); a determination step may still carry its own wording.
    values["disaster_causes"] = paragraphs(_text(details, "disaster_causes") or file.detail.facts.disaster_causes)
    return values


def determination(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The determination: basic facts, the cause found (or what was excluded), how the disaster came about, the
    evidence relied on and the review notice (period, agency, once only)."""
    return {"determination": _determination_values(file), "basis": _evidence_relied_on(session, file)}


def simple_determination(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The one-page determination written on the spot and signed by investigator and party."""
    return {"determination": _determination_values(file)}


def hearing_record(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The hearing before the determination: when, by whom, the proposed finding, absent parties."""
    hearing = _event_values(file, EventType.HEARING_HELD)
    details = hearing["details"]
    hearing.update(place=_text(details, "place"), absent=_text(details, "absent"),
                   opinion=paragraphs(_text(details, "opinion")))  # fmt: skip
    return {"hearing": hearing}


def _served_document(session: Session, file: CaseFile) -> dict[str, str]:
    """The determination served (the simple one in the simple procedure), with its number once issued."""
    kind = "simple_determination" if file.detail.facts.procedure.value == "simple" else "determination"
    issued = current_document(session, file.detail.id, kind)
    title = "火灾事故简易调查认定书" if kind == "simple_determination" else "火灾事故认定书"
    return {"title": title, "number": issued.number_text if issued else ""}


def proof_of_service(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The proof of service of the determination: what, on whom, how, when, by whom."""
    service = _event_values(file, EventType.SERVED)
    method = service["details"].get("method")
    service.update(method=ServiceMethod(method).label if method in set(ServiceMethod) else "",
                   place=_text(service["details"], "place"))  # fmt: skip
    return {"served": _served_document(session, file), "service": service}


def public_notice(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """Service by public notice on parties who cannot be reached."""
    return {"served": _served_document(session, file), "determination": _determination_values(file)}


def _review_values(file: CaseFile) -> dict[str, Any]:
    applied = _event_values(file, EventType.REVIEW_APPLIED)
    concluded = _event_values(file, EventType.REVIEW_CONCLUDED)
    outcome = concluded["details"].get("outcome")
    refused = _event_values(file, EventType.REVIEW_REFUSED)
    ground = refused["details"].get("ground")
    return {
        "applicant": _text(applied["details"], "applicant"),
        # The agency whose determination is reviewed (the file request's addressee): the one the review events name,
        # else this agency, whose determination it is; the review agency never asks itself for the file.
        "original_agency": _text(applied["details"], "original_agency")
        or _text(concluded["details"], "original_agency")
        or file.settings.agency_name,
        "applied": applied,
        "accepted": _event_values(file, EventType.REVIEW_ACCEPTED),
        "refused": refused,
        # The refusal notice lists the five grounds and names the one that applies by its number; a refusal recorded
        # without one leaves the number open, as the printed form does, to be written in by hand.
        "refusal_grounds": [{"no": g.number, "label": g.label} for g in RefusalGround],
        "refusal_ground_no": chinese_count(RefusalGround(ground).number) if ground in set(RefusalGround) else "",
        "file_sent": _event_values(file, EventType.CASE_FILE_SENT),
        "concluded": concluded,
        "upheld": outcome == ReviewOutcome.UPHELD,
        "redetermine": outcome == ReviewOutcome.REDETERMINE,
    }


def review(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The review documents (acceptance, refusal, file request, conclusion) share their values."""
    return {"review": _review_values(file), "served": _served_document(session, file),
            "determination": _determination_values(file)}  # fmt: skip

"""Values of the official documents (公文): the government investigation report, the rectification notice and the
rectification assessment report, from the case, its concluded expert reviews and its closed loop."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from fireinvest.documents.context_common import CaseFile
from fireinvest.documents.fill import date_text, joined, numbered, padding_rows, paragraphs
from fireinvest.rules.closed_loop import AccountabilityMeasure, AddresseeKind, Verdict
from fireinvest.rules.document_set import DocumentKind
from fireinvest.rules.expert_review import ReviewStatus
from fireinvest.services.attachments.intake import AttachmentKind, attachments_of
from fireinvest.services.documents.register import issued_documents_of
from fireinvest.services.loop.case_loop import AccountabilityRecord, CaseLoop, loop_of
from fireinvest.services.reviews.reads import reviews_of_case


def _legal_finding(measure: AccountabilityMeasure, basis: str) -> tuple[str, str]:
    """How the report states the legal basis: a crime is only suspected until a court decides (涉嫌失火罪或者消防责任
    事故罪, alternatives joined in words, not by a slash); any other breach 违反了 the provision."""
    if measure == AccountabilityMeasure.CRIMINAL_REFERRAL:
        return "涉嫌", "或者".join(part.strip() for part in re.split(r"[/／]", basis) if part.strip())
    return "违反了", basis


def _accountability(entries: Iterable[AccountabilityRecord]) -> list[dict[str, Any]]:
    return numbered([
        {"party": e.draft.party, "party_kind": e.draft.party_kind.label, "breach": paragraphs(e.draft.breach),
         **dict(zip(("finding", "legal_basis"), _legal_finding(e.draft.measure, e.draft.legal_basis))),
         "measure": e.draft.measure.label, "deciding_body": e.draft.deciding_body,
         "status": e.draft.status.label, "outcome": paragraphs(e.draft.outcome)}
        for e in entries
    ])  # fmt: skip


def _recommendations(loop: CaseLoop) -> list[dict[str, Any]]:
    return numbered([
        {"lesson": paragraphs(r.draft.lesson), "recommendation": paragraphs(r.draft.recommendation),
         "addressee": r.draft.addressee, "addressee_kind": r.draft.addressee_kind.label}
        for r in loop.recommendations
    ])  # fmt: skip


def _measures(loop: CaseLoop) -> list[dict[str, Any]]:
    return numbered([
        {"description": paragraphs(m.draft.description), "owner": m.draft.owner,
         "deadline": date_text(m.draft.deadline), "status": m.draft.status.label,
         "completed_on": date_text(m.draft.completed_on), "completion_note": m.draft.completion_note,
         "verified_by": m.draft.verified_by, "verdict": m.verdict.label if m.verdict else "",
         "verdict_note": m.verdict_note}
        for m in loop.measures
    ])  # fmt: skip


def _expert_reviews(session: Session, case_id: int) -> list[dict[str, Any]]:
    """Concluded reviews only: a draft is not yet what the experts said, a superseded one no longer stands."""
    return numbered([
        {"purpose": r.purpose.label, "held_on": date_text(r.held_on), "experts": joined(o.name for o in r.opinions),
         "conclusion": paragraphs(r.conclusion), "dissent": r.dissent}
        for r in reviews_of_case(session, case_id) if r.status == ReviewStatus.CONCLUDED
    ])  # fmt: skip


def _attachment_lines(session: Session, file: CaseFile, kind: DocumentKind) -> list[str]:
    """The report's attachments: the case's issued documents and the photos and drawings, counted."""
    lines = [f"{d.title}（{d.number_text}）" if d.number_text else d.title
             for d in issued_documents_of(session, file.detail.id) if not d.voided and d.kind != kind.kind]  # fmt: skip
    lines = list(dict.fromkeys(lines))  # one line for the several interview records
    counts = Counter(a.kind for a in attachments_of(session, file.detail.id))
    for attachment_kind, text in (
        (AttachmentKind.PHOTO, "现场照片（{}张）"),
        (AttachmentKind.DRAWING, "现场图（{}张）"),
    ):
        if counts[attachment_kind]:
            lines.append(text.format(counts[attachment_kind]))
    return [f"{n}. {line}" for n, line in enumerate(lines, start=1)]


def _governments(loop: CaseLoop) -> list[str]:
    """The governments the loop's recommendations are addressed to, in order, once each."""
    return list(dict.fromkeys(
        r.draft.addressee for r in loop.recommendations if r.draft.addressee_kind == AddresseeKind.GOVERNMENT
    ))  # fmt: skip


def investigation_report(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The report's sections: the unit; how the fire happened and the rescue; casualties and loss; cause and nature
    (with the experts' conclusions); responsibility and proposed sanctions; prevention and corrective measures;
    attachments; the members' signatures. Addressed (主送机关) to the government the investigation reports to: the
    one the recommendations name, else the people's government of the fire's district."""
    loop = loop_of(session, file.detail.id)
    district = file.detail.facts.district
    return {
        "addressees": joined(_governments(loop)) or (f"{district}人民政府" if district else ""),
        "reviews": _expert_reviews(session, file.detail.id),
        "accountability": _accountability(loop.accountability),
        "recommendations": _recommendations(loop),
        "measures": _measures(loop),
        "attachments": _attachment_lines(session, file, kind),
    }


def rectification_notice(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The measures each responsible unit must carry out, with their deadlines."""
    loop = loop_of(session, file.detail.id)
    report = next((d for d in issued_documents_of(session, file.detail.id)
                   if d.kind == "investigation_report" and not d.voided), None)  # fmt: skip
    return {
        "addressees": joined(dict.fromkeys(m.draft.owner for m in loop.measures)),
        "measures": _measures(loop),
        "report_number": report.number_text if report else "",
    }


def assessment_report(session: Session, file: CaseFile, kind: DocumentKind, subject_id: int) -> dict[str, Any]:
    """The assessment: team, on-site check, findings, a verdict on every measure (table padded to the form's rows),
    the counts, and what was referred back to accountability."""
    loop = loop_of(session, file.detail.id)
    measures = _measures(loop)
    verdicts = Counter(m.verdict for m in loop.measures)
    assessment = loop.assessment
    governments = _governments(loop)
    return {
        "assessment": {
            "team": assessment.draft.team if assessment else "",
            "visited_on": date_text(assessment.draft.visited_on) if assessment else "",
            "findings": paragraphs(assessment.draft.findings) if assessment else "",
            "closed_on": date_text(loop.closed_on),
        },
        "addressees": joined(governments),
        "measures": measures,
        "padding": padding_rows(len(measures), kind.rows),
        "counts": {
            "total": len(loop.measures),
            "done": verdicts[Verdict.DONE],
            "partly": verdicts[Verdict.PARTLY],
            "not_done": verdicts[Verdict.NOT_DONE],
            "unjudged": verdicts[None],
        },  # fmt: skip
        "referrals": _accountability(e for e in loop.accountability if e.referred_measure_id is not None),
    }

"""What the archive search reads of a case: every searchable text, by the part of the case it belongs to, each with
the label a hit shows (询问笔录 · 张某 · 第2次) and the record a hit opens.

Parts carry the names of services.changes.Part, so the front door re-indexes exactly the parts a use case changed.
Texts of several cases are read with one query per kind of record, never one per case.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.models import (
    AccountabilityEntry,
    Attachment,
    AttachmentChunk,
    CaseInvestigator,
    CorrectiveMeasure,
    CustodyEvent,
    DocumentNumber,
    EvidenceItem,
    Expert,
    ExpertReview,
    FireCase,
    Interview,
    IssuedDocument,
    Party,
    Person,
    PreventionRecommendation,
    RectificationAssessment,
    ReviewOpinion,
    SceneInspection,
)
from fireinvest.rules.case_facts import PartyRole
from fireinvest.rules.expert_review import ReviewPurpose
from fireinvest.search.analysis import FIELD_BREAK


@dataclass(frozen=True)
class Source:
    """One searchable text of a case."""

    part: str
    kind: str  # case, parties, investigators, inspection, interview, document, review, evidence, attachment, …
    source_id: int  # the record's id (0 for the case itself), which opening a hit shows
    label: str
    body: str


def joined(*fields: object) -> str:
    return FIELD_BREAK.join(str(f).strip() for f in fields if f is not None and str(f).strip())


def _by_case(rows: Iterable) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.case_id].append(row)
    return grouped


def _facts(session: Session, case_ids: Sequence[int]) -> Iterable[tuple[int, Source]]:
    for case in session.scalars(select(FireCase).where(FireCase.id.in_(case_ids))):
        yield case.id, Source("facts", "case", 0, "案件信息", joined(
            case.case_number, case.address, case.district, case.place_type, case.unit_name, case.summary,
            case.dispatched_units, case.ignition_area, case.ignition_point, case.cause_category, case.cause_detail,
            case.cause_finding, case.disaster_causes, case.void_reason))  # fmt: skip
    for case_id, parties in _by_case(
        session.scalars(select(Party).where(Party.case_id.in_(case_ids)).order_by(Party.case_id, Party.position))
    ).items():
        body = FIELD_BREAK.join(joined(p.name, _role(p.role), p.id_number, p.contact) for p in parties)
        yield case_id, Source("facts", "parties", 0, "当事人", body)
    investigators = session.execute(
        select(CaseInvestigator.case_id, Person.name, Person.unit)
        .join(Person, Person.id == CaseInvestigator.person_id)
        .where(CaseInvestigator.case_id.in_(case_ids))
        .order_by(CaseInvestigator.case_id, CaseInvestigator.position)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for row in investigators:
        names[row.case_id].append(row.name)
    for case_id, people in names.items():
        yield case_id, Source("facts", "investigators", 0, "调查人员", joined(*people))


def _role(stored: str) -> str:
    try:
        return PartyRole(stored).label
    except ValueError:
        return stored


def _purpose(stored: str) -> str:
    try:
        return ReviewPurpose(stored).label
    except ValueError:
        return stored


def _names(json_text: str) -> list[str]:
    try:
        people = json.loads(json_text or "[]")
    except ValueError:
        return []
    return [p.get("name", "") if isinstance(p, dict) else str(p) for p in people if p]


def _answers(json_text: str) -> list[str]:
    try:
        pairs = json.loads(json_text or "[]")
    except ValueError:
        return []
    # A question and its answer are two fields: the end of one and the start of the other are no phrase.
    return [joined(p.get("q", ""), p.get("a", "")) for p in pairs if isinstance(p, dict)]


def _records(session: Session, case_ids: Sequence[int]) -> Iterable[tuple[int, Source]]:
    inspections = select(SceneInspection).where(SceneInspection.case_id.in_(case_ids))
    counted: dict[int, int] = defaultdict(int)
    for r in session.scalars(inspections.order_by(SceneInspection.started_at, SceneInspection.id)):
        counted[r.case_id] += 1  # numbered like the interviews: a date would need the agency's time zone here
        label = f"现场勘验笔录 · {r.place[:40]} · 第{counted[r.case_id]}次"
        yield (
            r.case_id,
            Source(
                "records",
                "inspection",
                r.id,
                label,
                joined(
                    r.place, *_names(r.inspectors_json), r.witness, r.surroundings, r.preliminary, r.detailed, r.special
                ),
            ),
        )
    seen: dict[tuple[int, str], int] = defaultdict(int)
    interviews = select(Interview).where(Interview.case_id.in_(case_ids))
    for i in session.scalars(interviews.order_by(Interview.started_at, Interview.id)):
        seen[(i.case_id, i.interviewee)] += 1
        label = f"询问笔录 · {i.interviewee[:30]} · 第{seen[(i.case_id, i.interviewee)]}次"
        yield i.case_id, Source("records", "interview", i.id, label, joined(
            i.interviewee, i.role, i.id_number, i.contact, i.place, *_names(i.interviewers_json),
            *_answers(i.questions_json)))  # fmt: skip


def _document_text(data: bytes) -> str:
    """The words of a .docx (paragraphs and table cells, in the order of its XML), without python-docx's object
    tree: a dossier-sized document reads in milliseconds."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        return ""
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines = []
    for paragraph in etree.fromstring(xml).iter(f"{namespace}p"):
        lines.append("".join(t.text or "" for t in paragraph.iter(f"{namespace}t")))
    return FIELD_BREAK.join(line for line in lines if line)  # paragraphs are fields: no phrase across two


def _stored_bytes(session: Session, sha256: str) -> bytes:
    chunks = select(AttachmentChunk.data).where(AttachmentChunk.sha256 == sha256).order_by(AttachmentChunk.sequence)
    return b"".join(session.scalars(chunks))


def _documents(
    session: Session, case_ids: Sequence[int], known: Callable[[str, int], str | None]
) -> Iterable[tuple[int, Source]]:
    documents = session.execute(
        select(IssuedDocument, DocumentNumber.number_text, DocumentNumber.voided_at)
        .outerjoin(DocumentNumber, DocumentNumber.id == IssuedDocument.number_id)
        .where(IssuedDocument.case_id.in_(case_ids))
        .order_by(IssuedDocument.case_id, IssuedDocument.kind, IssuedDocument.version)
    )
    for document, number_text, voided_at in documents:
        version = f"第{document.version}版" if document.version > 1 else ""
        label = " · ".join(x for x in (document.title, number_text or "", version, "已作废" if voided_at else "") if x)
        # An issued version never changes: its text is read from the .docx once and kept in the index.
        body = known("document", document.id)
        if body is None:
            body = joined(document.title, number_text, document.correction_reason,
                          _document_text(_stored_bytes(session, document.sha256)))  # fmt: skip
        yield document.case_id, Source("documents", "document", document.id, label, body)


def _reviews(session: Session, case_ids: Sequence[int]) -> Iterable[tuple[int, Source]]:
    reviews = session.scalars(
        select(ExpertReview).where(ExpertReview.case_id.in_(case_ids)).order_by(ExpertReview.id)
    ).all()
    opinions: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(ReviewOpinion.review_id, Expert.name, ReviewOpinion.opinion)
        .join(Expert, Expert.id == ReviewOpinion.expert_id)
        .where(ReviewOpinion.review_id.in_([r.id for r in reviews]))
        .order_by(ReviewOpinion.review_id, ReviewOpinion.position)
    )
    for row in rows:
        opinions[row.review_id].append(joined(row.name, row.opinion))
    for r in reviews:
        purpose = _purpose(r.purpose)
        body = joined(purpose, r.place, r.question, r.conclusion, r.dissent, *opinions[r.id])
        yield r.case_id, Source("reviews", "review", r.id, f"专家评审 · {purpose}", body)


def _evidence(session: Session, case_ids: Sequence[int]) -> Iterable[tuple[int, Source]]:
    items = session.scalars(
        select(EvidenceItem).where(EvidenceItem.case_id.in_(case_ids)).order_by(EvidenceItem.id)
    ).all()
    custody: dict[int, list[str]] = defaultdict(list)
    events = select(CustodyEvent).where(CustodyEvent.item_id.in_([i.id for i in items]))
    for e in session.scalars(events.order_by(CustodyEvent.id)):
        custody[e.item_id].append(joined(e.from_holder, e.to_holder, e.place, e.purpose, e.note))
    for i in items:
        yield i.case_id, Source("evidence", "evidence", i.id, f"物证 · {i.evidence_number} · {i.name[:30]}", joined(
            i.evidence_number, i.name, i.description, i.found_position, i.measurements, i.collector, i.witness,
            i.seal_number, *custody[i.id]))  # fmt: skip


def _attachments(session: Session, case_ids: Sequence[int]) -> Iterable[tuple[int, Source]]:
    attachments = select(Attachment).where(Attachment.case_id.in_(case_ids)).order_by(Attachment.id)
    for a in session.scalars(attachments):
        yield a.case_id, Source("attachments", "attachment", a.id, f"附件 · {a.original_name[:60]}",
                                joined(a.original_name, a.caption))  # fmt: skip


def _loop(session: Session, case_ids: Sequence[int]) -> Iterable[tuple[int, Source]]:
    entries = select(AccountabilityEntry).where(AccountabilityEntry.case_id.in_(case_ids))
    for a in session.scalars(entries.order_by(AccountabilityEntry.id)):
        yield a.case_id, Source("loop", "accountability", a.id, f"责任追究 · {a.party[:30]}",
                                joined(a.party, a.breach, a.legal_basis, a.deciding_body, a.outcome))  # fmt: skip
    recommendations = select(PreventionRecommendation).where(PreventionRecommendation.case_id.in_(case_ids))
    for r in session.scalars(recommendations.order_by(PreventionRecommendation.id)):
        yield r.case_id, Source("loop", "recommendation", r.id, f"防范建议 · {r.addressee[:30]}",
                                joined(r.addressee, r.lesson, r.recommendation))  # fmt: skip
    measures = select(CorrectiveMeasure).where(CorrectiveMeasure.case_id.in_(case_ids))
    for m in session.scalars(measures.order_by(CorrectiveMeasure.id)):
        body = joined(m.owner, m.description, m.completion_note, m.verified_by, m.verdict_note)
        yield m.case_id, Source("loop", "measure", m.id, f"整改措施 · {m.owner[:30]}", body)
    assessments = select(RectificationAssessment).where(RectificationAssessment.case_id.in_(case_ids))
    for s in session.scalars(assessments):
        yield s.case_id, Source("loop", "assessment", s.id, "整改评估",
                                joined(s.team, s.findings, s.report_number))  # fmt: skip


NO_KNOWN_TEXT: Callable[[str, int], str | None] = lambda kind, source_id: None  # noqa: E731

# The parts the index holds, in the order of their weight in ranking (a slot of the entry id, models/search.py).
# The timeline is not among them: dates, status and grade are filters, not text.
PART_SLOTS = {"facts": 0, "records": 1, "documents": 2, "reviews": 3, "evidence": 4, "attachments": 5, "loop": 6}


def case_sources(
    session: Session, case_ids: Sequence[int], parts: Iterable[str], known: Callable[[str, int], str | None]
) -> dict[int, list[Source]]:
    """The searchable texts of these parts of these cases, by case; `known(kind, id)` gives a text already read
    (issued documents never change, so their .docx is read once)."""
    wanted = set(parts)
    readers: list[Iterable[tuple[int, Source]]] = []
    if "facts" in wanted:
        readers.append(_facts(session, case_ids))
    if "records" in wanted:
        readers.append(_records(session, case_ids))
    if "documents" in wanted:
        readers.append(_documents(session, case_ids, known))
    if "reviews" in wanted:
        readers.append(_reviews(session, case_ids))
    if "evidence" in wanted:
        readers.append(_evidence(session, case_ids))
    if "attachments" in wanted:
        readers.append(_attachments(session, case_ids))
    if "loop" in wanted:
        readers.append(_loop(session, case_ids))
    found: dict[int, list[Source]] = defaultdict(list)
    for reader in readers:
        for case_id, source in reader:
            if source.body:
                found[case_id].append(source)
    return found

"""The register of a case's documents: their numbers (文号) and every generated version.

Numbers are counted per agency, series and year without gaps: the counter row is incremented in the transaction
that records the document, as services/numbering.py does for case numbers, so a document that fails to generate
gives its number back with the rollback. A voided number stays in the register with who voided it and why.

An issued document is never generated again in place. Issuing a kind once more for the same subject is refused,
unless it is a correction: a new version under the same number, with the reason recorded. A document whose number
was voided may be issued anew, under a new number. Generating the bytes is not done here (fireinvest/documents
sits above the services): the `issue_document` use case (documents.issuing) locks the case, plans with `plan_issue`,
renders, then calls `record_issued_document`, all in its one unit of work.

Use cases (services.front_door): `void_document_number` writes; `issued_document_bytes`, `get_issued_document` and
`list_case_documents` read. The other functions are building blocks other services compose in their own
transaction (`case_documents`, `current_document`, `document_bytes` …).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from fireinvest.clock import local_date, utc_now
from fireinvest.errors import AttachmentDamaged, FieldError, NotFound, ValidationFailed
from fireinvest.models import (
    CaseEvent,
    CorrectiveMeasure,
    DocumentCounter,
    DocumentNumber,
    EvidenceItem,
    FireCase,
    Interview,
    IssuedDocument,
    RectificationAssessment,
    SceneInspection,
)
from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.document_set import (
    CaseForDocuments,
    DocumentKind,
    RecordKind,
    act_date,
    document_refusal,
    missing_facts,
)
from fireinvest.services.actor import Actor
from fireinvest.services.attachments.store import ContentDamage, DamageState, iter_content, stage_file, write_content
from fireinvest.services.changes import Part
from fireinvest.services.deadlines import workflow_events
from fireinvest.services.documents.kinds import document_kind, document_kinds
from fireinvest.services.front_door import reads, writes
from fireinvest.services.loop.case_loop import assessment_recorded
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork

UNNUMBERED_PREVIEW = "（未编号）"  # what a draft shows where the number will be


class DocumentStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"  # a later correction replaced it
    REPLACED = "replaced"  # a later act (a redetermination) has its own document, under a new number
    VOIDED = "voided"  # its number was voided

    @property
    def label(self) -> str:
        labels = {"current": "现行", "superseded": "已被更正", "replaced": "已被新文书取代", "voided": "已作废"}
        return labels[self.value]


@dataclass(frozen=True)
class DocumentNumberRecord:
    id: int
    case_id: int
    series: str
    year: int
    sequence: int
    number_text: str
    allocated_at: dt.datetime
    allocated_by: str
    voided_at: dt.datetime | None
    voided_by: str
    void_reason: str

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class IssuedDocumentRecord:
    """One generated version of a document, as the dossier and the document list show it."""

    id: int
    case_id: int
    kind: str
    subject_id: int
    title: str
    number_text: str  # "" for documents that carry no number
    version: int
    generated_at: dt.datetime
    generated_by: str
    sha256: str
    size: int
    page_count: int | None
    voided: bool
    status: DocumentStatus
    correction_reason: str
    dated: dt.date | None  # 成文日期; None for versions issued before the register kept it


@dataclass(frozen=True)
class IssuePlan:
    """What issuing a document will record, checked and with the case locked: the version, the day it is dated
    (its act's day, or today), and for a correction the number it keeps (a new document of a numbered kind gets its
    number, of the dated day's year, from allocate_document_number)."""

    case_id: int
    kind: DocumentKind
    subject_id: int
    version: int
    number: DocumentNumberRecord | None
    correction_reason: str
    dated: dt.date


def _number_record(row: DocumentNumber) -> DocumentNumberRecord:
    return DocumentNumberRecord(row.id, row.case_id, row.kind, row.year, row.sequence, row.number_text,
                                row.allocated_at, row.allocated_by, row.voided_at, row.voided_by,
                                row.void_reason)  # fmt: skip


def _next_sequence(session: Session, agency_code: str, series: str, year: int) -> int:
    """Increment the counter in the caller's transaction: the row lock (PostgreSQL) or the write lock (SQLite)
    makes a second workstation wait until this one commits or rolls back."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(DocumentCounter)
        .values(agency_code=agency_code, kind=series, year=year, last_sequence=0)
        .on_conflict_do_nothing(index_elements=["agency_code", "kind", "year"])
    )
    key = (DocumentCounter.agency_code == agency_code, DocumentCounter.kind == series, DocumentCounter.year == year)
    return session.execute(
        update(DocumentCounter)
        .where(*key)
        .values(last_sequence=DocumentCounter.last_sequence + 1)
        .returning(DocumentCounter.last_sequence)
    ).scalar_one()


def allocate_document_number(
    session: Session, actor: Actor, case_id: int, kind: DocumentKind, year: int
) -> DocumentNumberRecord:
    """The next number of the kind's series for `year` (the year the document is dated); permanent only when the
    session commits."""
    if not kind.numbered:
        raise ValidationFailed([FieldError("kind", f"“{kind.title}”不编文号。")])
    settings = load_agency_settings(session)
    now = utc_now()
    sequence = _next_sequence(session, settings.agency_code, kind.series, year)
    _issuer, abbreviation = settings.issuer(kind.issuer)  # a review document carries the review agency's 代字
    row = DocumentNumber(case_id=case_id, agency_code=settings.agency_code, kind=kind.series, year=year,
                         sequence=sequence, number_text=kind.number_text(abbreviation, year, sequence),
                         allocated_at=now, allocated_by=actor.name, voided_by="", void_reason="")  # fmt: skip
    session.add(row)
    session.flush()
    return _number_record(row)


@writes
def void_document_number(uow: UnitOfWork, number_text: str, reason: str) -> DocumentNumberRecord:
    """Void a number with the reason; it stays in the register as voided and is never handed out again."""
    text = number_text.strip()
    found = uow.session.execute(
        select(DocumentNumber.id, DocumentNumber.case_id).where(DocumentNumber.number_text == text)
    ).first()
    if found is None:
        raise NotFound(f"文号“{text}”不存在。")
    if not reason.strip():
        raise ValidationFailed([FieldError("void_reason", "请填写作废原因。")])
    uow.lock_case(found.case_id)  # two workstations voiding the same number: the second sees the first's
    row = uow.lock(DocumentNumber, found.id, missing=f"文号“{text}”不存在。")
    if row.voided_at is not None:
        raise ValidationFailed([FieldError("number", f"文号 {row.number_text} 已于此前作废（{row.void_reason}）。")])
    row.voided_at, row.voided_by, row.void_reason = utc_now(), uow.actor.name, reason.strip()
    uow.flush()
    uow.changed(row.case_id, Part.DOCUMENTS)
    return _number_record(row)


def case_for_documents(session: Session, case: FireCase) -> CaseForDocuments:
    """The facts the document-set rule decides by, read for one case."""
    records = {
        RecordKind.INSPECTION: tuple(session.scalars(
            select(SceneInspection.id).where(SceneInspection.case_id == case.id)
            .order_by(SceneInspection.started_at, SceneInspection.id))),
        RecordKind.INTERVIEW: tuple(session.scalars(
            select(Interview.id).where(Interview.case_id == case.id).order_by(Interview.started_at, Interview.id))),
    }  # fmt: skip
    events = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.occurred_at, CaseEvent.id)
    ).all()
    evidence_items = session.scalar(select(func.count()).where(EvidenceItem.case_id == case.id))
    measures = session.scalar(select(func.count()).where(CorrectiveMeasure.case_id == case.id))
    assessment = session.scalars(select(RectificationAssessment).where(RectificationAssessment.case_id == case.id))
    return CaseForDocuments(
        case.case_number, CaseStatus(case.status), Procedure(case.procedure), records,
        tuple(workflow_events(list(events), load_agency_settings(session).zone)), evidence_items or 0, measures or 0,
        assessment_recorded(assessment.first()),
    )  # fmt: skip


def check_document_allowed(
    session: Session, case_id: int, kind: DocumentKind, subject_id: int
) -> tuple[FireCase, CaseForDocuments]:
    """The case and the facts the rule read, if the document belongs to the case (rules/document_set.py); a draft
    may be written then, even before the facts behind it are on file."""
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    facts = case_for_documents(session, case)
    refusal = document_refusal(kind, facts, subject_id)
    if refusal is not None:
        raise ValidationFailed([refusal])
    return case, facts


def document_date(session: Session, kind: DocumentKind, facts: CaseForDocuments) -> dt.date:
    """The day the document is dated: its act's day (rules/document_set.act_date), else today (agency time)."""
    return act_date(kind, facts) or local_date(utc_now(), load_agency_settings(session).zone)


def _versions(session: Session, case_id: int, kind: str, subject_id: int) -> list[IssuedDocument]:
    return list(session.scalars(
        select(IssuedDocument)
        .where(IssuedDocument.case_id == case_id, IssuedDocument.kind == kind, IssuedDocument.subject_id == subject_id)
        .order_by(IssuedDocument.version)
    ))  # fmt: skip


def plan_issue(session: Session, case_id: int, kind: DocumentKind, subject_id: int = 0,
               correction_reason: str = "") -> IssuePlan:  # fmt: skip
    """Check that the document may be issued now and say as which version. Call with the case locked
    (`uow.lock_case`), so two workstations issuing the same document one after the other see each other's."""
    case, facts = check_document_allowed(session, case_id, kind, subject_id)
    missing = missing_facts(kind, facts)
    if missing is not None:
        raise ValidationFailed([FieldError("facts", f"案件 {case.case_number} 还不能出具“{kind.title}”：{missing}")])
    reason = correction_reason.strip()
    dated = document_date(session, kind, facts)
    versions = _versions(session, case_id, kind.kind, subject_id)
    latest = versions[-1] if versions else None
    number = session.get(DocumentNumber, latest.number_id) if latest is not None and latest.number_id else None
    acted = act_date(kind, facts)
    if (
        not reason
        and number is not None
        and number.voided_at is None
        and latest is not None
        and latest.dated
        and acted is not None
        and acted > latest.dated
    ):
        # A later act (a redetermination after review) is a new document under a new number, not a correction;
        # the earlier one stays in the register as issued, replaced.
        return IssuePlan(case_id, kind, subject_id, latest.version + 1, None, "", dated)
    if latest is None or (number is not None and number.voided_at is not None):
        if reason and latest is None:
            raise ValidationFailed([FieldError("correction_reason", f"案件 {case.case_number} 尚未出具“{kind.title}”，"
                                                                    "无需更正，请直接出具。")])  # fmt: skip
        return IssuePlan(case_id, kind, subject_id, len(versions) + 1, None, reason, dated)
    if not reason:
        issued = f"（文号 {number.number_text}）" if number is not None else ""
        message = (
            f"案件 {case.case_number} 的“{kind.title}”已经出具{issued}，第 {latest.version} 版。"
            "已出具的文书不能重新生成；如需更正，请填写更正原因，生成更正版本（文号不变）。"
        )
        raise ValidationFailed([FieldError("correction_reason", message)])
    return IssuePlan(case_id, kind, subject_id, latest.version + 1,
                     _number_record(number) if number is not None else None, reason, dated)  # fmt: skip


def record_issued_document(
    session: Session, actor: Actor, plan: IssuePlan, number: DocumentNumberRecord | None, data: bytes
) -> IssuedDocumentRecord:
    """Store the generated .docx (content-addressed, SHA-256) and its register row, in the caller's transaction."""
    staged = stage_file(io.BytesIO(data))
    write_content(session, staged, plan.kind.title, None)
    row = IssuedDocument(case_id=plan.case_id, kind=plan.kind.kind, subject_id=plan.subject_id,
                         number_id=number.id if number is not None else None, version=plan.version,
                         title=plan.kind.title, sha256=staged.sha256, size=staged.size, page_count=None,
                         correction_reason=plan.correction_reason, generated_at=utc_now(),
                         generated_by=actor.name, dated=plan.dated)  # fmt: skip
    session.add(row)
    session.flush()
    return _issued_record(row, number.number_text if number else "", voided=False, latest=True)


@writes
def record_page_counts(uow: UnitOfWork, counts: dict[int, int]) -> int:
    """Record how many pages issued documents were laid out on (id -> pages), for those not recorded yet: a document
    never changes, so the first count stands. Returns how many were recorded."""
    if any(not isinstance(pages, int) or pages < 1 for pages in counts.values()):
        raise ValidationFailed([FieldError("page_count", "页数必须是正整数。")])
    recorded = 0
    for document_id, pages in counts.items():
        case_id = uow.session.execute(
            update(IssuedDocument).where(IssuedDocument.id == document_id, IssuedDocument.page_count.is_(None))
            .values(page_count=pages).returning(IssuedDocument.case_id)
        ).scalar_one_or_none()  # fmt: skip
        if case_id is not None:
            recorded += 1
            uow.changed(case_id, Part.DOCUMENTS)
    return recorded


def _issued_record(
    row: IssuedDocument, number_text: str, voided: bool, latest: bool, replaced: bool = False
) -> IssuedDocumentRecord:
    status = (DocumentStatus.VOIDED if voided else DocumentStatus.CURRENT if latest
              else DocumentStatus.REPLACED if replaced else DocumentStatus.SUPERSEDED)  # fmt: skip
    return IssuedDocumentRecord(row.id, row.case_id, row.kind, row.subject_id, row.title, number_text, row.version,
                                row.generated_at, row.generated_by, row.sha256, row.size, row.page_count, voided,
                                status, row.correction_reason, row.dated)  # fmt: skip


def _kind_order(kind: str) -> int:
    return next((k.order for k in document_kinds() if k.kind == kind), 10_000)  # a kind no longer listed: last


def case_documents(session: Session, case_id: int, *, all_versions: bool = False) -> list[IssuedDocumentRecord]:
    """The case's documents in procedural order, then subject: the latest version of each, or every version."""
    rows = session.execute(
        select(IssuedDocument, DocumentNumber.number_text, DocumentNumber.voided_at)
        .outerjoin(DocumentNumber, DocumentNumber.id == IssuedDocument.number_id)
        .where(IssuedDocument.case_id == case_id)
    ).all()
    latest: dict[tuple[str, int], int] = {}
    for row, _text, _voided in rows:
        key = (row.kind, row.subject_id)
        latest[key] = max(latest.get(key, 0), row.version)
    # The number each document stands under now: an earlier version under another number was replaced by a later
    # act's document, not corrected.
    current_number = {(row.kind, row.subject_id): text for row, text, _v in rows
                      if latest[(row.kind, row.subject_id)] == row.version}  # fmt: skip
    found = [
        _issued_record(
            row,
            text or "",
            voided_at is not None,
            latest[(row.kind, row.subject_id)] == row.version,
            replaced=bool(text) and text != current_number[(row.kind, row.subject_id)],
        )
        for row, text, voided_at in rows
        if all_versions or latest[(row.kind, row.subject_id)] == row.version
    ]
    return sorted(found, key=lambda d: (_kind_order(d.kind), d.kind, d.subject_id, d.version))


def issued_documents_of(session: Session, case_id: int) -> list[IssuedDocumentRecord]:
    """The current version of each of the case's documents (voided ones marked), in procedural order."""
    return case_documents(session, case_id)


def current_document(session: Session, case_id: int, kind: str, subject_id: int = 0) -> IssuedDocumentRecord | None:
    """The latest version of one document of the case, or None if it was never issued."""
    document_kind(kind)
    return next((d for d in case_documents(session, case_id) if d.kind == kind and d.subject_id == subject_id), None)


def issued_document(session: Session, document_id: int) -> IssuedDocumentRecord:
    """One version of a document by its id."""
    row = session.get(IssuedDocument, document_id)
    if row is None:
        raise NotFound(f"文书（内部编号 {document_id}）不存在。")
    return next(d for d in case_documents(session, row.case_id, all_versions=True) if d.id == document_id)


@reads
def get_issued_document(uow: UnitOfWork, document_id: int) -> IssuedDocumentRecord:
    """One version of a document by its id (the command line names issued documents by id)."""
    return issued_document(uow.session, document_id)


def document_bytes(session: Session, document_id: int) -> bytes:
    """The stored .docx, checked against its SHA-256; AttachmentDamaged instead of damaged bytes."""
    # Read by the dossier for each of a case's documents: one row lookup, not the case's whole document list.
    row = session.get(IssuedDocument, document_id)
    if row is None:
        raise NotFound(f"文书（内部编号 {document_id}）不存在。")
    try:
        return b"".join(iter_content(session, row.sha256))
    except ContentDamage as damage:
        document = issued_document(session, document_id)  # the number and title, to name what is damaged
        case_number = session.scalar(select(FireCase.case_number).where(FireCase.id == document.case_id))
        where = f"文书“{document.title}”{document.number_text}（案件 {case_number}，第 {document.version} 版）"
        if damage.state is DamageState.MISSING:
            message = f"{where}已损坏：数据库中{damage.detail}，无法读取。请从备份中恢复。"
        else:
            message = f"{where}的内容已被改动：{damage.detail}，不能作为原件使用。请从备份中恢复。"
        raise AttachmentDamaged(message, attachment_id=document_id, state=damage.state.value) from None


@reads
def issued_document_bytes(uow: UnitOfWork, document_id: int) -> bytes:
    """An issued version's stored original (.docx), exactly as issued: checked against its SHA-256."""
    return document_bytes(uow.session, document_id)


@reads
def list_case_documents(uow: UnitOfWork, case_id: int, *, all_versions: bool = False) -> list[IssuedDocumentRecord]:
    """The case's issued documents in procedural order: the latest version of each, or every version."""
    return case_documents(uow.session, case_id, all_versions=all_versions)


def document_numbers_of(session: Session, case_id: int) -> list[DocumentNumberRecord]:
    """Every number allocated to the case, voided ones included, in allocation order."""
    rows = session.scalars(select(DocumentNumber).where(DocumentNumber.case_id == case_id).order_by(DocumentNumber.id))
    return [_number_record(row) for row in rows]

"""The documents of a case as the 文书 tab lists them: every document the case can have, one row per issued version.

A document the case can have is a kind of the registry that belongs to the case's procedure, and for a per-record
kind (scene inspection, interview) one per record of the case. A document never issued is one row ("未出具"), and
says what the case file still lacks for it (rules/document_set.missing_facts) until it may be issued; an issued one
is a row per version, so a correction shows its superseded predecessor and a voided number stays in view.

Use cases (services.front_door): `read_case_documents` (the tab's rows) and `document_subjects` (the records a
per-record document can be about) read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from fireinvest.clock import format_local
from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import FireCase
from fireinvest.rules.document_set import (
    DocumentKind,
    RecordKind,
    act_date,
    documents_the_case_may_have,
    missing_facts,
)
from fireinvest.services import cases, records
from fireinvest.services.documents.kinds import document_kind, document_kinds
from fireinvest.services.documents.register import (
    DocumentNumberRecord,
    IssuedDocumentRecord,
    case_documents,
    case_for_documents,
    document_numbers_of,
)
from fireinvest.services.front_door import reads
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class DocumentSlot:
    """One document the case can have: a kind, and for a per-record kind the record it is about."""

    kind: DocumentKind
    subject_id: int  # 0: a document of the whole case
    subject: str  # the record in words ("王某某 2026-03-01 17:00"); "" for the whole case
    missing: str = ""  # what the case file lacks before it may be issued; "" when nothing
    act_day: dt.date | None = None  # the day of the act it records (rules/document_set.act_date)

    @property
    def title(self) -> str:
        return f"{self.kind.title}（{self.subject}）" if self.subject else self.kind.title


@dataclass(frozen=True)
class DocumentRow:
    """One row of the tab: a version of an issued document, or a document not issued yet (`issued` None)."""

    row_id: int  # the issued document's id; a negative number for a document not issued yet
    slot: DocumentSlot
    issued: IssuedDocumentRecord | None
    latest: bool  # the newest version of its document (or the row of a document not issued)
    voided_number: DocumentNumberRecord | None  # the number's register entry when it was voided

    @property
    def current(self) -> bool:
        """An issued version in force: the newest, its number not voided."""
        return self.issued is not None and self.latest and not self.issued.voided

    @property
    def can_issue(self) -> bool:
        """Not issued yet, or its number was voided, or a later act awaits its own document (a redetermination), and
        the facts behind it are on file: it may be issued (anew, under a new number)."""
        if self.slot.missing:
            return False
        if self.issued is None:
            return True
        later_act = self.issued.dated is not None and self.slot.act_day is not None and (
            self.slot.act_day > self.issued.dated)  # fmt: skip
        return self.latest and (self.issued.voided or later_act)


@dataclass(frozen=True)
class CaseDocuments:
    case_number: str
    rows: tuple[DocumentRow, ...]

    def row(self, row_id: int | None) -> DocumentRow | None:
        return next((r for r in self.rows if r.row_id == row_id), None)

    def latest_row(self, kind: str, subject_id: int = 0) -> DocumentRow | None:
        """The row standing for a document now: its newest version, or its row when not issued."""
        return next((r for r in self.rows if r.slot.kind.kind == kind and r.slot.subject_id == subject_id
                     and r.latest), None)  # fmt: skip


def _record_subjects(session: Session, case_id: int, zone) -> dict[tuple[RecordKind, int], str]:
    """Each record of the case in words, by kind and id: what a per-record document is about."""

    def when(moment: dt.datetime) -> str:
        return format_local(moment, zone)

    subjects = {(RecordKind.INSPECTION, r.id): f"{when(r.started_at)} {r.place}".strip()
                for r in records.inspections_of(session, case_id)}  # fmt: skip
    subjects.update({(RecordKind.INTERVIEW, r.id): f"{r.interviewee} {when(r.started_at)}".strip()
                     for r in records.interviews_of(session, case_id)})  # fmt: skip
    return subjects


def _slots(session: Session, case_id: int, zone) -> list[DocumentSlot]:
    """The documents the case may have (rules/document_set.py), each with its record in words."""
    case = session.get(FireCase, case_id)
    assert case is not None
    facts = case_for_documents(session, case)
    allowed = documents_the_case_may_have(document_kinds(), facts)
    subjects = _record_subjects(session, case_id, zone) if any(subject for _kind, subject in allowed) else {}
    return [DocumentSlot(kind, subject, subjects.get((kind.per_record, subject), "") if kind.per_record else "",
                         missing_facts(kind, facts) or "", act_date(kind, facts))
            for kind, subject in allowed]  # fmt: skip


@reads
def read_case_documents(uow: UnitOfWork, case_id: int) -> CaseDocuments:
    """The rows of the 文书 tab for one case, in procedural order."""
    session = uow.session
    zone = load_agency_settings(session).zone
    detail = cases.case_detail(session, case_id)
    slots = _slots(session, case_id, zone)
    issued = case_documents(session, case_id, all_versions=True)
    voided = {n.number_text: n for n in document_numbers_of(session, case_id) if n.voided}
    kinds = {k.kind: k for k in document_kinds()}
    known = {(s.kind.kind, s.subject_id) for s in slots}
    for document in issued:  # issued before the procedure changed, or of a kind no longer offered: still listed
        key = (document.kind, document.subject_id)
        if key not in known and document.kind in kinds:
            known.add(key)
            subject = f"内部编号 {document.subject_id}" if document.subject_id else ""
            slots.append(DocumentSlot(kinds[document.kind], document.subject_id, subject))
    position = {(s.kind.kind, s.subject_id): n for n, s in enumerate(slots)}
    slots.sort(key=lambda s: (s.kind.order, s.kind.kind, position[(s.kind.kind, s.subject_id)]))

    by_slot: dict[tuple[str, int], list[IssuedDocumentRecord]] = {}
    for document in issued:
        by_slot.setdefault((document.kind, document.subject_id), []).append(document)
    rows: list[DocumentRow] = []
    for n, slot in enumerate(slots, start=1):
        versions = by_slot.get((slot.kind.kind, slot.subject_id), [])
        if not versions:
            rows.append(DocumentRow(-n, slot, None, True, None))
        for document in versions:
            latest = document is versions[-1]
            rows.append(DocumentRow(document.id, slot, document, latest, voided.get(document.number_text)))
    return CaseDocuments(detail.case_number, tuple(rows))


@reads
def document_subjects(uow: UnitOfWork, case_id: int, kind: str) -> list[tuple[int, str]]:
    """The records of the case a per-record kind of document can be about: (internal id, the record in words)."""
    spec = document_kind(kind)
    if spec.per_record is None:
        raise ValidationFailed([FieldError("subject", f"“{spec.title}”针对整个案件，不需要指定笔录。")])
    zone = load_agency_settings(uow.session).zone
    subjects = _record_subjects(uow.session, case_id, zone)
    return [
        (subject_id, text) for (record_kind, subject_id), text in subjects.items() if record_kind == spec.per_record
    ]


def issued_on(row: DocumentRow, zone) -> str:
    """When the row's version was issued, local time; "" for a document not issued."""
    moment: dt.datetime | None = row.issued.generated_at if row.issued else None
    return format_local(moment, zone)

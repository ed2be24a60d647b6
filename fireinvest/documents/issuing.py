"""Issuing a document: number it (when its kind is numbered), fill its template, store the .docx with its SHA-256
and record it in the register — all in one unit of work, with the case locked first, so a template that fails to
fill leaves no number used and nothing recorded, and two workstations issuing the same document one after the other
see each other's. And previewing one: the same document, unnumbered, recorded nowhere.

Use cases (services.front_door): `issue_document` writes; `preview_document` reads.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from fireinvest.documents.contexts import document_context
from fireinvest.documents.word.render import render_template, template_path
from fireinvest.rules.document_set import DocumentKind
from fireinvest.services.changes import Part
from fireinvest.services.documents.kinds import document_kind
from fireinvest.services.documents.register import (
    UNNUMBERED_PREVIEW,
    IssuedDocumentRecord,
    allocate_document_number,
    check_document_allowed,
    document_date,
    plan_issue,
    record_issued_document,
)
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork


def render_document(
    session: Session, kind: DocumentKind, case_id: int, subject_id: int, number_text: str, dated: dt.date,
    version: int = 1, correction: str = "",
) -> bytes:  # fmt: skip
    """The kind's template filled from the case, dated `dated`, as .docx bytes."""
    context = document_context(session, kind, case_id, subject_id, number_text, dated, version, correction)
    return render_template(template_path(kind.template), context, kind.title)


@reads
def preview_document(uow: UnitOfWork, case_id: int, kind: str, subject_id: int = 0) -> bytes:
    """The document as it would be issued now, with "（未编号）" where its number goes; nothing is recorded. A draft
    may be previewed before the facts behind it are on file (what is missing stays struck through)."""
    spec = document_kind(kind)
    _case, facts = check_document_allowed(uow.session, case_id, spec, subject_id)
    return render_document(uow.session, spec, case_id, subject_id, UNNUMBERED_PREVIEW if spec.numbered else "",
                           document_date(uow.session, spec, facts))  # fmt: skip


@writes
def issue_document(
    uow: UnitOfWork, case_id: int, kind: str, subject_id: int = 0, correction_reason: str = ""
) -> IssuedDocumentRecord:
    """Issue a document of the case; a second issue of the same document must be a correction (reason given),
    which keeps the number and becomes the next version."""
    spec = document_kind(kind)
    uow.lock_case(case_id)
    session = uow.session
    plan = plan_issue(session, case_id, spec, subject_id, correction_reason)
    number = plan.number
    if number is None and plan.kind.numbered:
        number = allocate_document_number(session, uow.actor, case_id, plan.kind, plan.dated.year)
    data = render_document(session, plan.kind, case_id, subject_id, number.number_text if number else "",
                           plan.dated, plan.version, plan.correction_reason)  # fmt: skip
    record = record_issued_document(session, uow.actor, plan, number, data)
    uow.changed(case_id, Part.DOCUMENTS)
    return record

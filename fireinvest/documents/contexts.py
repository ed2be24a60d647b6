"""Which values each kind of document is filled with: the common values of every document plus its kind's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from fireinvest.documents import context_decisions as decisions
from fireinvest.documents import context_records as records
from fireinvest.documents import context_reports as reports
from fireinvest.documents.context_common import CaseFile, common_context, load_case_file
from fireinvest.errors import FireInvestError
from fireinvest.rules.document_set import DocumentKind

Builder = Callable[[Session, CaseFile, DocumentKind, int], dict[str, Any]]

BUILDERS: dict[str, Builder] = {
    "scene_inspection": records.scene_inspection,
    "interview": records.interview,
    "evidence_list": records.evidence_list,
    "loss_declaration": records.loss_declaration,
    "hearing_record": decisions.hearing_record,
    "simple_determination": decisions.simple_determination,
    "determination": decisions.determination,
    "proof_of_service": decisions.proof_of_service,
    "public_notice": decisions.public_notice,
    "review_acceptance": decisions.review,
    "review_refusal": decisions.review,
    "review_file_request": decisions.review,
    "review_conclusion": decisions.review,
    "investigation_report": reports.investigation_report,
    "rectification_notice": reports.rectification_notice,
    "assessment_report": reports.assessment_report,
}


def document_context(
    session: Session, kind: DocumentKind, case_id: int, subject_id: int, number_text: str, issued_on: dt.date,
    version: int = 1, correction: str = "",
) -> dict[str, Any]:  # fmt: skip
    """Everything the kind's template may name, read from the case through the services."""
    builder = BUILDERS.get(kind.kind)
    if builder is None:
        # A kind added to document_kinds.json without code that knows what to fill it with.
        raise FireInvestError(f"文书“{kind.title}”（{kind.kind}）还不能自动生成：程序不知道该填写哪些内容。")
    file = load_case_file(session, case_id)
    context = common_context(file, kind, number_text, issued_on, version, correction)
    context.update(builder(session, file, kind, subject_id))
    return context

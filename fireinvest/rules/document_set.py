"""Which documents a case may have: the document kinds (resources/reference/document_kinds.json, parsed here) and
the rule that decides, from plain facts of the case, whether a kind may be written for it and about which record.

Today's rule: nothing for a voided case; a kind bound to one procedure only for a case of that procedure (the
simple determination for the simple procedure, the hearing record, the determination and the review documents for
the general one); a per-record kind (scene inspection record, interview record) once per record of that kind, and
never for the whole case; any other kind once for the whole case. The document register applies it before it
numbers anything, and the 文书 tab lists what it allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fireinvest.errors import FieldError
from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.identifiers import enforcement_number, official_number

OFFICIAL_SERIES = "official"  # every official document of an agency counts in one series: 某消〔2026〕1号, 2号 …


class DocumentLayout(StrEnum):
    ENFORCEMENT = "enforcement"  # 执法文书
    OFFICIAL = "official"  # 公文, GB/T 9704-2012


class RecordKind(StrEnum):
    INSPECTION = "inspection"
    INTERVIEW = "interview"

    @property
    def label(self) -> str:
        return "现场勘验笔录" if self is RecordKind.INSPECTION else "询问笔录"


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    order: int
    layout: DocumentLayout
    number_word: str | None  # None: the document carries no number
    per_record: RecordKind | None
    procedure: Procedure | None  # None: a document of either procedure
    rows: int | None  # the form's fixed table rows
    template: str

    @property
    def numbered(self) -> bool:
        return self.number_word is not None

    @property
    def series(self) -> str:
        """The counter the numbers come from: its own for an enforcement kind, one shared by official documents
        (their numbers look alike, 某消〔2026〕5号, so two kinds counting apart would print the same number)."""
        return OFFICIAL_SERIES if self.layout == DocumentLayout.OFFICIAL else self.kind

    def number_text(self, abbreviation: str, year: int, sequence: int) -> str:
        """The number as printed on the document."""
        if self.layout == DocumentLayout.OFFICIAL:
            return official_number(abbreviation, year, sequence)
        return enforcement_number(abbreviation, self.number_word or "", year, sequence)


def parse_document_kind(entry: Mapping[str, Any]) -> DocumentKind:
    """One kind from its entry in document_kinds.json; KeyError, TypeError or ValueError when it is malformed."""
    return DocumentKind(
        kind=str(entry["kind"]),
        title=str(entry["title"]),
        order=int(entry["order"]),
        layout=DocumentLayout(entry["layout"]),
        number_word=entry.get("number_word"),
        per_record=RecordKind(entry["per_record"]) if entry.get("per_record") else None,
        procedure=Procedure(entry["procedure"]) if entry.get("procedure") else None,
        rows=int(entry["rows"]) if entry.get("rows") else None,
        template=str(entry["template"]),
    )


@dataclass(frozen=True)
class CaseForDocuments:
    """What decides which documents a case may have."""

    case_number: str
    status: CaseStatus
    procedure: Procedure
    records: Mapping[RecordKind, tuple[int, ...]]  # the ids of the case's records of each kind


def document_refusal(kind: DocumentKind, case: CaseForDocuments, subject_id: int = 0) -> FieldError | None:
    """Why this document cannot be written for the case (about record `subject_id` for a per-record kind), or
    None when it can."""
    if case.status == CaseStatus.VOIDED:
        return FieldError("case", f"案件 {case.case_number} 已作废，不能制作文书。")
    if kind.procedure is not None and case.procedure != kind.procedure:
        return FieldError("kind", f"案件 {case.case_number} 适用{case.procedure.label}，不制作“{kind.title}”。")
    if kind.per_record is None:
        if subject_id:
            return FieldError("subject", f"“{kind.title}”针对整个案件，不需要指定笔录。")
        return None
    if subject_id not in case.records.get(kind.per_record, ()):
        return FieldError(
            "subject", f"案件 {case.case_number} 中没有内部编号为 {subject_id} 的{kind.per_record.label}。"
        )
    return None


def documents_the_case_may_have(
    kinds: Iterable[DocumentKind], case: CaseForDocuments
) -> list[tuple[DocumentKind, int]]:
    """Every document the case may have, as (kind, record id or 0 for the whole case), in the kinds' order."""
    allowed: list[tuple[DocumentKind, int]] = []
    for kind in kinds:
        subjects = (0,) if kind.per_record is None else case.records.get(kind.per_record, ())
        allowed += [(kind, subject) for subject in subjects if document_refusal(kind, case, subject) is None]
    return allowed

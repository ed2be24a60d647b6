"""The document set as data: resources/reference/document_kinds.json, read once per process.

It lives among the services, not in fireinvest/documents, because the document register orders and numbers
documents by it and services sit below the generators that fill the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from fireinvest.errors import FireInvestError, NotFound
from fireinvest.reference_files import load_reference
from fireinvest.rules.case_facts import Procedure
from fireinvest.rules.identifiers import enforcement_number, official_number

OFFICIAL_SERIES = "official"  # every official document of an agency counts in one series: 某消〔2026〕1号, 2号 …


class DocumentLayout(StrEnum):
    ENFORCEMENT = "enforcement"  # 执法文书
    OFFICIAL = "official"  # 公文, GB/T 9704-2012


class RecordKind(StrEnum):
    INSPECTION = "inspection"
    INTERVIEW = "interview"


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


def _parse(entry: dict) -> DocumentKind:
    try:
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
    except (KeyError, TypeError, ValueError) as exc:
        raise FireInvestError(f"文书种类表 document_kinds.json 有误（{entry.get('kind', entry)}）：{exc}") from None


@cache
def document_kinds() -> tuple[DocumentKind, ...]:
    """Every kind of document, in procedural order."""
    kinds = [_parse(entry) for entry in load_reference("document_kinds")["kinds"]]
    return tuple(sorted(kinds, key=lambda k: (k.order, k.kind)))


def document_kind(kind: str) -> DocumentKind:
    """One kind by its code (e.g. "determination"); NotFound lists the codes there are."""
    for found in document_kinds():
        if found.kind == kind.strip():
            return found
    known = "、".join(k.kind for k in document_kinds())
    raise NotFound(f"没有“{kind}”这种文书。可用的文书种类：{known}。")

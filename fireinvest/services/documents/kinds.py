"""The document set as data: resources/reference/document_kinds.json, read once per process. The kinds and the
rule of which documents a case may have are rules/document_set.py."""

from __future__ import annotations

from functools import cache

from fireinvest.errors import FireInvestError, NotFound
from fireinvest.reference_files import load_reference
from fireinvest.rules.document_set import DocumentKind, parse_document_kind


def _parse(entry: dict) -> DocumentKind:
    try:
        return parse_document_kind(entry)
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

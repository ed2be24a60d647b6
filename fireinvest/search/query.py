"""What an investigator types into the search box, read as terms.

    短路 电动自行车          both terms, anywhere in the case (in the same record or in different ones)
    "玄武区 和平路"          a phrase: its words next to each other (“…” and 「…」 quote too)
    电焊 -气割               exclude the cases in which 气割 occurs
    320100-2026-00021       a case, evidence or document number is a term like any other, matched whole

Every term is read with the same analysis as the archived text (search/analysis.py), so full-width, traditional
and mixed forms find the same cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.search.analysis import term_units

MAX_TERMS = 12
MAX_TERM_LENGTH = 200
MAX_QUERY_LENGTH = 1000

_TERM = re.compile(
    r"""(?P<minus>[-－—])?(?:(?P<open>[“「"＂])(?P<phrase>[^”」"＂]*)(?:[”」"＂]|$)|(?P<word>[^\s“「"＂]+))"""
)


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed([FieldError("query", message)])


@dataclass(frozen=True)
class Term:
    """One term as typed and the units it must find next to each other."""

    text: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class SearchQuery:
    """The terms a case must hold (all of them) and those it must not hold (any of them)."""

    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms

    def describe(self) -> str:
        shown = [t.text for t in self.terms] + [f"-{t.text}" for t in self.excluded]
        return " ".join(shown)


def parse_query(text: str) -> SearchQuery:
    """The terms of what was typed; ValidationFailed for a query the search cannot answer as asked."""
    if len(text) > MAX_QUERY_LENGTH:
        raise _refused(f"查询内容过长（{len(text)} 个字符，最多 {MAX_QUERY_LENGTH} 个）。")
    cleaned = "".join(" " if (ord(c) < 32 or ord(c) == 127) else c for c in text)
    terms: list[Term] = []
    excluded: list[Term] = []
    for match in _TERM.finditer(cleaned):
        written = match.group("phrase") if match.group("open") else match.group("word")
        if written is None:
            continue
        if match.group("word") is not None and match.group("minus") and not written.strip("-－—"):
            continue
        written = written.strip()
        if len(written) > MAX_TERM_LENGTH:
            raise _refused(f"查询词“{written[:20]}…”过长（最多 {MAX_TERM_LENGTH} 个字符）。")
        units = term_units(written)
        if not units:
            continue  # punctuation alone finds nothing and excludes nothing
        term = Term(written, units)
        (excluded if match.group("minus") else terms).append(term)
    if len(terms) + len(excluded) > MAX_TERMS:
        raise _refused(f"查询词过多（{len(terms) + len(excluded)} 个，最多 {MAX_TERMS} 个），请精简后再查。")
    if excluded and not terms:
        raise _refused("请至少输入一个要查找的词：以“-”开头的词只用来排除。")
    return SearchQuery(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(excluded)))

"""Where a case matched and what to show of it: the index rows of the cases on a result page are read back, the
terms found in each by their tokens (the same test the engines make), and a snippet cut around the first place
the terms occur, with their places marked for highlighting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fireinvest.search.analysis import FIELD_BREAK, find, term_tokens, units

SNIPPET_WIDTH = 64
_MIN_FRAGMENT = 30
ELLIPSIS = "…"
_FLAT = str.maketrans("\n\r\t", "   ")  # same length, so the marks stay where they are
_MAX_MARKS = 20


@dataclass(frozen=True)
class Snippet:
    """A stretch of a text and the spans (start, end) in it that matched."""

    text: str
    marks: tuple[tuple[int, int], ...]

    def marked(self, opening: str = "【", closing: str = "】") -> str:
        """The snippet with every match between `opening` and `closing` (the command line's JSON)."""
        pieces, at = [], 0
        for start, end in self.marks:
            pieces += [self.text[at:start], opening, self.text[start:end], closing]
            at = end
        pieces.append(self.text[at:])
        return "".join(pieces)


def holds(tokens: str, term: Sequence[str]) -> bool:
    """Whether an index row's tokens hold the term (its phrase of tokens, next to each other)."""
    return f" {' '.join(term_tokens(term))} " in f" {tokens} "


def _spans(body: str, terms: Sequence[Sequence[str]]) -> list[list[tuple[int, int]]]:
    """For each term, where it occurs in `body` (start, end), at most _MAX_MARKS times."""
    found = units(body)
    values = [u.value for u in found]
    spans: list[list[tuple[int, int]]] = []
    for term in terms:
        places: list[tuple[int, int]] = []
        at = find(values, term)
        while at is not None and len(places) < _MAX_MARKS:
            places.append((found[at].start, found[at + len(term) - 1].end))
            at = find(values, term, at + len(term))
        spans.append(places)
    return spans


def _fragment(body: str, span: tuple[int, int], width: int) -> tuple[int, int]:
    """A stretch of about `width` characters around a match, starting at a field's beginning when one is near."""
    start = max(0, span[0] - width // 4)
    field = body.rfind(FIELD_BREAK, start, span[0])
    if field >= 0:
        start = field + len(FIELD_BREAK)
    return start, min(len(body), max(start + width, span[1]))


def snippet(body: str, terms: Sequence[Sequence[str]], width: int = SNIPPET_WIDTH) -> Snippet | None:
    """Stretches of `body` around the first match of each term (one stretch when they are close), joined by "…",
    with every match in them marked."""
    spans = _spans(body, terms)
    firsts = [places[0] for places in spans if places]
    if not firsts:
        return None
    share = max(_MIN_FRAGMENT, width // len(firsts))
    fragments: list[tuple[int, int]] = []
    for first in firsts:
        if any(start <= first[0] and first[1] <= end for start, end in fragments):
            continue
        fragments.append(_fragment(body, first, share))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    text, marks = "", list[tuple[int, int]]()
    every = sorted(span for places in spans for span in places)
    for start, end in merged:
        text += ELLIPSIS if start > 0 or text else ""
        offset = len(text) - start
        text += body[start:end].translate(_FLAT)
        for span_start, span_end in every:
            if start <= span_start and span_end <= end and (not marks or span_start + offset >= marks[-1][1]):
                marks.append((span_start + offset, span_end + offset))
    if merged[-1][1] < len(body):
        text += ELLIPSIS
    return Snippet(text, tuple(marks[: _MAX_MARKS * len(terms)]))

"""How the archive search reads text: one analysis for the index, the queries and the reference scan, on both
backends.

Chinese has no spaces between words and the archive's words are often one or two characters (火, 短路, 电焊), so the
search needs no dictionary: text is cut into *units* and a term matches where its units stand next to each other.

- **Normalisation**, character by character so that a snippet can point back into the original text: Unicode NFKC
  (full-width ＡＢＣ１２ and half-width ABC12 are one; ① is 1), case folding (Latin letters), and traditional
  characters to simplified ones (電→电, 樓→楼) by the one-to-one entries of zhconv's table; characters that map to
  several (著: 着 or 著) are left as written, and a one-to-one entry that names sometimes keep (乾→干) is applied,
  which at worst finds a few more cases. Invisible format characters (a zero-width space or a soft hyphen pasted
  from a web page or Word) are dropped. Search never changes the stored text, only how it is compared.
- **Units**: each Chinese (or other East Asian) character is a unit; a run of other letters and digits is one unit
  (a word: ``2026``, ``wz``, ``a``); punctuation and symbols between them are one *break* unit, however many there are;
  spaces are nothing. So 短路 does not match 短，路, but the case number 320100-2026-00021 is five units and its
  serial 00021 alone finds it.
- **Index tokens**: every pair of neighbouring units is one token, in order, so a term of k ≥ 2 units is the phrase
  of its k − 1 pairs; then every distinct single unit once, for terms of one unit (火, or a word). Tokens are plain
  ASCII words (a Chinese character is its code point in base 36, anything else is a short hash), so SQLite FTS5's
  unicode61 tokenizer and PostgreSQL's 'simple' configuration both read them as they are and index the same words.
- **The reference scan** (`contains`) states the same rule over the units directly; the property test holds the
  engines to it and the snippets use it to show where a case matched.

A long text is indexed in chunks of `CHUNK_UNITS` units that overlap by `CHUNK_OVERLAP`, because PostgreSQL keeps word
positions only up to 16,383; a phrase longer than the overlap may be missed where a chunk ends. A chunk also ends
before a pair of units would occur in it for the 256th time: PostgreSQL keeps only 255 positions of one word in a
tsvector and silently drops the rest, so a phrase standing after them would be found on SQLite but not there.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from zhconv import zhconv

BREAK = "\x00"  # the unit standing for punctuation and symbols between words
FIELD_BREAK = " ｜ "  # joins the fields of a record into one text: a break, so no phrase runs from one into the next
CHUNK_UNITS = 6000
CHUNK_OVERLAP = 64
MAX_PAIR_REPEATS = 255  # positions PostgreSQL keeps of one word (token) in a tsvector
_EAST_ASIAN_FROM = 0x2E80  # CJK radicals onwards: each character is a unit of its own
_WORD_TOKEN_MAX = 20


@lru_cache(maxsize=1)
def _simplified() -> dict[str, str]:
    table = zhconv.getdict("zh-hans")
    return {k: v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


@lru_cache(maxsize=65536)
def _normal_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":
        return ""
    folded = unicodedata.normalize("NFKC", char).casefold()
    simplified = _simplified()
    return "".join(simplified.get(c, c) for c in folded)


def normalise(text: str) -> str:
    """The text as the search compares it (see the module's note)."""
    return "".join(_normal_char(c) for c in text)


@dataclass(frozen=True)
class Unit:
    """One unit of a text and where it stands in the original text (for snippets)."""

    value: str  # a character, a word, or BREAK
    start: int
    end: int


# A word: letters and digits before the East Asian blocks; a character of those blocks alone; a run of punctuation
# and symbols (spaces inside it included) as one break; spaces elsewhere are nothing.
_UNIT = re.compile(r"(?P<w>[^\W_\u2e80-\U0010ffff]+)|(?P<c>[^\W_])|(?P<b>(?:[^\w\s]|_)(?:\s*(?:[^\w\s]|_))*)|\s+")


def _normal_and_origin(text: str) -> tuple[str, list[int] | None]:
    """The normalised text, and for each of its characters the index of the character it came from (None when
    normalising kept every character in its place, the usual case)."""
    pieces = list(map(_normal_char, text))
    normal = "".join(pieces)
    if len(normal) == len(text):
        return normal, None
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    return normal, origin


def units(text: str) -> list[Unit]:
    """The units of `text`, with their places in it."""
    normal, origin = _normal_and_origin(text)
    found = []
    for match in _UNIT.finditer(normal):
        kind = match.lastgroup
        if kind is None:
            continue
        start, end = match.span()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        found.append(Unit(BREAK if kind == "b" else match.group(), start, end))
    return found


def unit_values(text: str) -> list[str]:
    """The units of `text` without their places (what the index needs)."""
    normal = "".join(map(_normal_char, text))
    return [BREAK if m.lastgroup == "b" else m.group() for m in _UNIT.finditer(normal) if m.lastgroup]


def term_units(term: str) -> tuple[str, ...]:
    """The units a query term must find next to each other (breaks at its ends do not count)."""
    values = unit_values(term)
    while values and values[0] == BREAK:
        values.pop(0)
    while values and values[-1] == BREAK:
        values.pop()
    return tuple(values)


# -- tokens ------------------------------------------------------------------------------------------------------

_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int, width: int) -> str:
    digits = []
    while number:
        number, digit = divmod(number, 36)
        digits.append(_DIGITS36[digit])
    return "".join(reversed(digits)).rjust(width, "0")


def _hash(text: str) -> str:
    return _base36(int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big"), 13)


_CODE_LIMIT = 36**3  # characters below U+B640 (all of the common CJK block) are written in three base-36 digits


def _is_character(value: str) -> bool:
    return len(value) == 1 and ord(value) >= _EAST_ASIAN_FROM


def _is_short_character(value: str) -> bool:
    return _is_character(value) and ord(value) < _CODE_LIMIT


@lru_cache(maxsize=65536)
def _code(value: str) -> str:
    """A unit written as an ASCII word (a common character in three letters, so a pair token is seven)."""
    if _is_short_character(value):
        return _base36(ord(value), 3)
    if _is_character(value):
        return "#" + _base36(ord(value), 4)
    if value == BREAK:
        return "."
    if value.isascii() and len(value) <= _WORD_TOKEN_MAX:
        return value
    return "#" + _hash(value)


@lru_cache(maxsize=65536)
def single_token(value: str) -> str:
    """The token of one unit."""
    code = _code(value)
    if _is_short_character(value):
        return "c" + code
    return "v" + code[1:] if code.startswith("#") else "w" + code


@lru_cache(maxsize=262144)
def pair_token(first: str, second: str) -> str:
    """The token of two neighbouring units."""
    if _is_short_character(first) and _is_short_character(second):
        return "p" + _code(first) + _code(second)
    return "q" + _hash(_code(first) + " " + _code(second))


def index_tokens(values: Sequence[str]) -> str:
    """The token text the engines index for a chunk of units: its pairs in order, then each distinct unit once."""
    pairs = [pair_token(a, b) for a, b in zip(values, values[1:])]
    singles = sorted({single_token(v) for v in values if v != BREAK})
    return " ".join(pairs + singles)


def term_tokens(values: Sequence[str]) -> tuple[str, ...]:
    """The phrase of tokens the engines look for to find a term's units (one token for a one-unit term)."""
    if len(values) == 1:
        return (single_token(values[0]),)
    return tuple(pair_token(a, b) for a, b in zip(values, values[1:]))


def chunks(values: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the overlapping chunks a text of these units is indexed in."""
    start = 0
    while True:
        end = _chunk_end(values, start)
        yield start, end
        if end == len(values):
            return
        start = end - CHUNK_OVERLAP


def _chunk_end(values: Sequence[str], start: int) -> int:
    """Where the chunk from `start` ends: after CHUNK_UNITS units, or before a pair would occur in it once more than
    MAX_PAIR_REPEATS times (a chunk is never shorter than MAX_PAIR_REPEATS + 1 units, far more than the overlap)."""
    end = min(start + CHUNK_UNITS, len(values))
    if end - start <= MAX_PAIR_REPEATS + 1:
        return end
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for index in range(start + 1, end):
        pair = (values[index - 1], values[index])
        seen[pair] += 1
        if seen[pair] > MAX_PAIR_REPEATS:
            return index
    return end


def contains(values: Sequence[str], term: Sequence[str]) -> bool:
    """The reference rule: the term's units stand next to each other somewhere among the text's units."""
    return find(values, term) is not None


def find(values: Sequence[str], term: Sequence[str], start: int = 0) -> int | None:
    """Index of the first unit from `start` where the term's units stand next to each other, or None."""
    width = len(term)
    if not width:
        return None
    first = term[0]
    for index in range(start, len(values) - width + 1):
        if values[index] == first and tuple(values[index : index + width]) == tuple(term):
            return index
    return None

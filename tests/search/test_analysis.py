"""How the archive search reads text, without a database: normalisation (full-width, case, traditional characters),
units and breaks, the tokens the engines index, the reference rule, and the chunks a long text is indexed in."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from fireinvest.search.analysis import (
    BREAK,
    CHUNK_OVERLAP,
    CHUNK_UNITS,
    MAX_PAIR_REPEATS,
    chunks,
    contains,
    find,
    index_tokens,
    normalise,
    pair_token,
    single_token,
    term_tokens,
    term_units,
    unit_values,
    units,
)
from fireinvest.search.snippets import holds

B = BREAK


# -- normalisation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "compared"),
    [
        ("１２", "12"),
        ("ＡＢＣ", "abc"),
        ("ABC", "abc"),
        ("電線", "电线"),
        ("樓層燒損", "楼层烧损"),
        ("火災區", "火灾区"),
        ("①", "1"),
        ("Ⅻ", "xii"),
        ("Straße", "strasse"),
        ("３号樓Ａ座", "3号楼a座"),
    ],
)
def test_normalise_folds_width_case_and_traditional_characters(written, compared):
    assert normalise(written) == compared


def test_normalise_leaves_characters_with_several_simplified_forms_as_written():
    assert normalise("著") == "著"  # 著 or 着: the table maps it to several, so it stays
    assert normalise("电线") == "电线"  # simplified text is left alone


# -- units -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("短路", ["短", "路"]),  # each Chinese character a unit
        ("短 路", ["短", "路"]),  # spaces are nothing
        ("短，路", ["短", B, "路"]),  # punctuation is a break
        ("短，，！路", ["短", B, "路"]),  # a run of punctuation is one break
        ("短， ，路", ["短", B, "路"]),  # spaces inside a run of punctuation do not split it
        ("320100-2026-00021", ["320100", B, "2026", B, "00021"]),  # a number: words and breaks
        ("3号楼A座", ["3", "号", "楼", "a", "座"]),  # mixed Chinese, digits and Latin
        ("第３号樓Ａ座", ["第", "3", "号", "楼", "a", "座"]),  # the same, full-width and traditional
        ("ABC123 def", ["abc123", "def"]),  # a run of letters and digits is one word
        ("a_b", ["a", B, "b"]),  # the underscore is punctuation, not part of a word
        ("😀火", [B, "火"]),  # symbols are breaks too
        ("", []),
        ("   ", []),
        ("，。", [B]),
    ],
)
def test_unit_values(text, expected):
    assert unit_values(text) == expected


def test_units_point_back_into_the_original_text():
    text = "現場ＡＢＣ，ﬁre火"
    found = units(text)
    assert [u.value for u in found] == ["现", "场", "abc", B, "fire", "火"]
    assert [text[u.start : u.end] for u in found] == ["現", "場", "ＡＢＣ", "，", "ﬁre", "火"]
    assert [u.value for u in found] == unit_values(text)


def test_term_units_drop_breaks_at_the_ends_only():
    assert term_units("，短路。") == ("短", "路")
    assert term_units("3-2") == ("3", B, "2")
    assert term_units("。，！") == ()
    assert term_units("電線") == ("电", "线")


# -- the reference rule ------------------------------------------------------------------------------------------


def test_contains_needs_the_units_next_to_each_other():
    text = unit_values("厨房冰箱背部起火，短 路引燃可燃物；短，路")
    assert contains(text, term_units("短路"))
    assert contains(text, term_units("火"))
    assert contains(text, term_units("起火，短"))  # a break in the term is a break in the text
    assert not contains(text, term_units("火短"))  # the punctuation stands between them
    assert not contains(text, term_units("冰箱起火"))  # both there, not together
    assert not contains(text, ())


def test_numbers_match_as_whole_words():
    number = unit_values("案件编号 320100-2026-00021")
    assert contains(number, term_units("00021"))
    assert contains(number, term_units("2026-00021"))
    assert not contains(number, term_units("0002"))  # part of a word is no word
    assert not contains(number, term_units("000211"))


def test_find_starts_where_asked():
    text = unit_values("短路甲短路")
    assert find(text, ("短", "路")) == 0
    assert find(text, ("短", "路"), 1) == 3
    assert find(text, ("短", "路"), 4) is None


# -- tokens ------------------------------------------------------------------------------------------------------


def test_tokens_are_plain_ascii_words_either_engine_reads_as_they_are():
    text = unit_values("電線短路！３号楼Ａ座 Straße ﬁre ÉCOLE 00021 " + "x" * 40)
    tokens = index_tokens(text).split(" ")
    assert all(re.fullmatch(r"[a-z][a-z0-9]*", token) for token in tokens), tokens
    assert single_token("火") != single_token("灾") and pair_token("火", "灾") != pair_token("灾", "火")
    assert single_token("x" * 40) != single_token("x" * 41)  # long words are hashed, still apart


def test_a_term_of_several_units_is_the_phrase_of_its_pairs():
    assert term_tokens(("短", "路")) == (pair_token("短", "路"),)
    assert term_tokens(("火",)) == (single_token("火"),)
    assert term_tokens(("电", "线", "短")) == (pair_token("电", "线"), pair_token("线", "短"))


def test_the_tokens_hold_a_term_exactly_when_the_reference_rule_finds_it():
    """The token encoding (pairs in order, then each unit once) answers like `contains`, for every term."""
    rng = random.Random(13)
    alphabet = ["火", "灾", "电", "線", "线", "短", "路", "1", "２", "a", "Ｂ", "，", "。", " ", "-"]
    for _ in range(400):
        text = unit_values("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))))
        term = term_units("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))))
        if term:
            assert holds(index_tokens(text), term) == contains(text, term), (text, term)


# -- chunks ------------------------------------------------------------------------------------------------------


def test_a_short_text_is_one_chunk():
    assert list(chunks(["火"] * 10)) == [(0, 10)]
    assert list(chunks([])) == [(0, 0)]
    varied = [chr(0x4E00 + n) for n in range(CHUNK_UNITS)]
    assert list(chunks(varied)) == [(0, CHUNK_UNITS)]


def test_a_long_text_is_cut_into_chunks_that_overlap():
    varied = [chr(0x4E00 + n) for n in range(CHUNK_UNITS + 100)]
    assert list(chunks(varied)) == [(0, CHUNK_UNITS), (CHUNK_UNITS - CHUNK_OVERLAP, CHUNK_UNITS + 100)]
    assert list(chunks(varied[: CHUNK_UNITS + 1])) == [(0, CHUNK_UNITS), (CHUNK_UNITS - CHUNK_OVERLAP, CHUNK_UNITS + 1)]


def _assert_covering(values, cuts) -> None:
    """The chunks run from the first unit to the last, each within CHUNK_UNITS, and every stretch of
    CHUNK_OVERLAP units lies whole inside one of them (so every phrase that short is found)."""
    assert cuts[0][0] == 0 and cuts[-1][1] == len(values)
    assert all(0 < end - start <= CHUNK_UNITS for start, end in cuts)
    assert all(b[0] == a[1] - CHUNK_OVERLAP for a, b in zip(cuts, cuts[1:]))
    for at in range(0, len(values) - CHUNK_OVERLAP + 1):
        assert any(start <= at and at + CHUNK_OVERLAP <= end for start, end in cuts), at


def test_chunks_of_a_very_long_text_cover_it():
    rng = random.Random(5)
    values = [rng.choice("火灾电线短路楼层起因") for _ in range(3 * CHUNK_UNITS + 17)]
    cuts = list(chunks(values))
    assert len(cuts) >= 4
    _assert_covering(values, cuts)


def test_no_pair_occurs_in_a_chunk_more_often_than_postgresql_keeps_positions():
    """PostgreSQL keeps 255 positions of a word in a tsvector and drops the rest; a phrase after them would be
    missed there and found on SQLite. So a chunk ends before a pair repeats once more."""
    values = unit_values("甲乙丁" * 1000 + "甲乙丙")
    cuts = list(chunks(values))
    assert len(cuts) > 1
    for start, end in cuts:
        pairs = Counter(zip(values[start:end], values[start + 1 : end]))
        assert max(pairs.values()) <= MAX_PAIR_REPEATS
    _assert_covering(values, cuts)
    start, end = cuts[-1]
    assert contains(values[start:end], term_units("甲乙丙"))


def test_a_text_of_one_repeated_character_is_still_cut_into_overlapping_chunks():
    values = ["火"] * 2000
    cuts = list(chunks(values))
    assert all(end - start == MAX_PAIR_REPEATS + 1 for start, end in cuts[:-1])
    _assert_covering(values, cuts)

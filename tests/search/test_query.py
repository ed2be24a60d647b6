"""What an investigator types into the search box, read as terms: words, phrases, exclusions, and the queries the
search refuses to answer as asked."""

from __future__ import annotations

import pytest

from fireinvest.errors import ValidationFailed
from fireinvest.search.analysis import BREAK
from fireinvest.search.query import MAX_QUERY_LENGTH, MAX_TERM_LENGTH, MAX_TERMS, Term, parse_query


def texts(terms: tuple[Term, ...]) -> list[str]:
    return [t.text for t in terms]


def test_words_are_terms_all_of_which_must_be_found():
    query = parse_query("短路  电动自行车")
    assert query.terms == (Term("短路", ("短", "路")), Term("电动自行车", ("电", "动", "自", "行", "车")))
    assert query.excluded == () and not query.empty


@pytest.mark.parametrize("quoted", ['"玄武区 和平路"', "“玄武区 和平路”", "「玄武区 和平路」", "＂玄武区 和平路＂"])
def test_quotes_make_a_phrase_of_several_words(quoted):
    query = parse_query(f"电焊 {quoted}")
    assert texts(query.terms) == ["电焊", "玄武区 和平路"]
    assert query.terms[1].units == ("玄", "武", "区", "和", "平", "路")


def test_an_unclosed_quote_runs_to_the_end():
    assert texts(parse_query('火灾 "楼道 堆放').terms) == ["火灾", "楼道 堆放"]


@pytest.mark.parametrize("minus", ["-", "－", "—"])
def test_a_leading_minus_excludes(minus):
    query = parse_query(f"电焊 {minus}气割 {minus}“违规 动火”")
    assert texts(query.terms) == ["电焊"]
    assert texts(query.excluded) == ["气割", "违规 动火"]
    assert query.describe() == "电焊 -气割 -违规 动火"


def test_a_minus_inside_a_word_is_part_of_it():
    query = parse_query("320100-2026-00021 3-2")
    assert texts(query.terms) == ["320100-2026-00021", "3-2"]
    assert query.terms[0].units == ("320100", BREAK, "2026", BREAK, "00021")
    assert query.excluded == ()


def test_only_exclusions_are_refused_with_a_clear_message():
    with pytest.raises(ValidationFailed) as refused:
        parse_query("-abc -气割")
    assert refused.value.errors[0].field == "query"
    assert "请至少输入一个要查找的词" in refused.value.message


def test_punctuation_alone_is_no_term():
    query = parse_query("短路 ，。！ - “” -，")
    assert texts(query.terms) == ["短路"] and query.excluded == ()
    assert parse_query("，。！").empty
    assert parse_query("").empty and parse_query("   ").empty


def test_control_characters_separate_terms():
    assert texts(parse_query("短路\t火灾\n电焊").terms) == ["短路", "火灾", "电焊"]


def test_a_term_typed_twice_counts_once():
    query = parse_query("短路 火灾 短路 -气割 -气割")
    assert texts(query.terms) == ["短路", "火灾"] and texts(query.excluded) == ["气割"]


def test_full_width_and_traditional_terms_read_like_the_archive():
    query = parse_query("電線 ３号樓Ａ座")
    assert query.terms[0].units == ("电", "线")
    assert query.terms[1].units == ("3", "号", "楼", "a", "座")
    assert query.terms[1].text == "３号樓Ａ座"  # as typed, for the messages


def test_too_many_terms_are_refused():
    words = [f"词{n}" for n in range(MAX_TERMS)]
    assert len(parse_query(" ".join(words)).terms) == MAX_TERMS
    with pytest.raises(ValidationFailed, match="查询词过多"):
        parse_query(" ".join([*words, "-多一个"]))


def test_a_term_too_long_is_refused():
    assert parse_query("火" * MAX_TERM_LENGTH).terms[0].units == ("火",) * MAX_TERM_LENGTH
    with pytest.raises(ValidationFailed, match="过长") as refused:
        parse_query("火" * (MAX_TERM_LENGTH + 1))
    assert refused.value.errors[0].field == "query"


def test_a_query_too_long_is_refused():
    fitting = " ".join(["短路"] * 3).ljust(MAX_QUERY_LENGTH)
    assert texts(parse_query(fitting).terms) == ["短路"]
    with pytest.raises(ValidationFailed, match="查询内容过长"):
        parse_query(fitting + " ")

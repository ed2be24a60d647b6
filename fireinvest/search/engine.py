"""The engines' queries: which cases hold a term, and in which part at best, on SQLite FTS5 and on PostgreSQL's
full-text search, from the same tokens (search/analysis.py), so both find the same cases.

A hit is an index row; its id carries its case and part (models/search.py), so neither engine reads the rows
themselves to answer, only its index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Select, Subquery, and_, case, func, select, text, union_all
from sqlalchemy.sql.elements import ColumnElement

from fireinvest.search.analysis import term_tokens
from fireinvest.search.query import SearchQuery, Term


def _phrase_sqlite(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(tokens) + '"'  # FTS5: a quoted string is a phrase; tokens are [a-z0-9] only


def _phrase_postgresql(tokens: tuple[str, ...]) -> str:
    return " <-> ".join(tokens)


def term_hits(dialect: str, term: Term, name: str = "term_0") -> Subquery:
    """(case_id, slot): the cases holding the term and the best (lowest) part slot it occurs in. `name` names the
    subquery and its parameter, unique within one statement (the same names each time, so statements cache)."""
    tokens = term_tokens(term.units)
    if dialect == "postgresql":
        statement = text(
            "SELECT id >> 16 AS case_id, min((id >> 12) & 15) AS slot FROM search_entries"
            f" WHERE tsv @@ to_tsquery('simple', :{name}) GROUP BY id >> 16"
        ).bindparams(**{name: _phrase_postgresql(tokens)})
    else:
        statement = text(
            "SELECT rowid >> 16 AS case_id, min((rowid >> 12) & 15) AS slot FROM search_index"
            f" WHERE search_index MATCH :{name} GROUP BY rowid >> 16"
        ).bindparams(**{name: _phrase_sqlite(tokens)})
    return statement.columns(case_id=Integer, slot=Integer).subquery(name)


def _weight(slot: ColumnElement) -> ColumnElement:
    """A term found in the case's own facts counts 3, in records, documents or reviews 2, elsewhere 1."""
    return case((slot == 0, 3), (slot <= 3, 2), else_=1)


def matching_cases(dialect: str, query: SearchQuery) -> Subquery:
    """(case_id, score) of the cases holding every term and none of the excluded ones; the score adds up the
    weight of the best part each term was found in.

    Several terms are not joined: each term's cases are put one after the other (UNION ALL) and a case is kept when
    all of them hold it. A join left the plan to the estimates, and PostgreSQL estimates a phrase at a handful of
    rows: it then read one term's cases again for every case of the other (seconds for 短路 电动自行车 in a year)."""
    hits = [term_hits(dialect, term, f"term_{n}") for n, term in enumerate(query.terms)]
    if len(hits) == 1:
        case_id = hits[0].c.case_id
        statement = select(case_id.label("case_id"), _weight(hits[0].c.slot).label("score"))
    else:
        each = union_all(*(select(h.c.case_id.label("case_id"), _weight(h.c.slot).label("weight")) for h in hits))
        terms = each.subquery("each_term")
        case_id = terms.c.case_id
        statement = (
            select(case_id.label("case_id"), func.sum(terms.c.weight).label("score"))
            .group_by(case_id)
            .having(func.count() == len(hits))
        )
    excluded = [term_hits(dialect, term, f"excluded_{n}") for n, term in enumerate(query.excluded)]
    conditions = [case_id.not_in(select(x.c.case_id)) for x in excluded]
    if conditions:
        statement = statement.where(and_(*conditions))
    return statement.subquery("matching_cases")


def _term_case_ids(dialect: str, term: Term, name: str) -> Select:
    """The ids of the cases holding the term, unsorted and possibly repeated (an IN needs no more)."""
    tokens = term_tokens(term.units)
    if dialect == "postgresql":
        statement = text(f"SELECT id >> 16 AS case_id FROM search_entries WHERE tsv @@ to_tsquery('simple', :{name})")
        statement = statement.bindparams(**{name: _phrase_postgresql(tokens)})
    else:
        statement = text(f"SELECT rowid >> 16 AS case_id FROM search_index WHERE search_index MATCH :{name}")
        statement = statement.bindparams(**{name: _phrase_sqlite(tokens)})
    return select(statement.columns(case_id=Integer).subquery(name).c.case_id)


def holds_query(dialect: str, query: SearchQuery, case_id: Any) -> ColumnElement[bool]:
    """A condition on a case id column: the case holds every term and none of the excluded (the case list's quick
    filter, which needs no score: cheaper than `matching_cases` for a term found nearly everywhere)."""
    conditions = [case_id.in_(_term_case_ids(dialect, t, f"term_{n}")) for n, t in enumerate(query.terms)]
    conditions += [case_id.not_in(_term_case_ids(dialect, t, f"excluded_{n}")) for n, t in enumerate(query.excluded)]
    return and_(*conditions)

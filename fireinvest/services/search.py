"""The archive search: find cases by the words in anything they hold, ranked, with where each matched and a
snippet, narrowed by the case list's filters.

Use cases: `search_archive` (a page of hits), `search_choices` (the filters' lists), `rebuild_search_index`
(`fireinvest search reindex`) and `search_index_status`. The index itself is kept in step by the front door
(services/front_door.py).

Ranking ("相关度"): each term counts 3 when found in the case's own facts (summary, cause, address, unit, parties,
investigators), 2 in its records, documents or expert reviews, 1 in evidence, attachments or the closed loop; equal
scores go newest fire first. The same rule on both backends, so SQLite and PostgreSQL list the same hits in the
same order. The total of a term found in almost every case (火) is shown as more than `COUNT_CAP`; the page itself is
exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fireinvest.models import FireCase, SearchEntry
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.grading import FireGrade
from fireinvest.search.engine import matching_cases, term_hits
from fireinvest.search.index import index_out_of_date, index_size, rebuild
from fireinvest.search.query import SearchQuery, parse_query
from fireinvest.search.snippets import Snippet, holds, snippet
from fireinvest.services.case_query import CaseFilter, case_years, filtered
from fireinvest.services.changes import Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.people import list_people
from fireinvest.services.progress import OperationCancelled, ProgressCallback
from fireinvest.services.reference import load_reference_lists
from fireinvest.services.unit_of_work import UnitOfWork

COUNT_CAP = 10_000
PAGE_SIZE = 50


class SearchOrder(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"

    @property
    def label(self) -> str:
        return {"relevance": "按相关度", "newest": "按时间（新→旧）", "oldest": "按时间（旧→新）"}[self.value]


@dataclass(frozen=True)
class MatchPlace:
    """A record of a case in which the terms were found: what the hit opens."""

    part: str  # a services.changes.Part value: the editor's tab
    kind: str  # case, parties, investigators, interview, inspection, document, review, evidence, attachment, …
    source_id: int
    label: str


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    case_number: str
    alarm_time: dt.datetime
    district: str
    address: str
    unit_name: str
    cause_category: str
    fire_grade: FireGrade
    status: CaseStatus
    score: int
    places: tuple[MatchPlace, ...]  # where the terms were found, the case's facts first
    snippet: Snippet | None

    @property
    def where(self) -> str:
        """Where it matched, as the result list says it: 询问笔录 · 张某 · 第2次（另 2 处）."""
        if not self.places:
            return ""
        more = f"（另 {len(self.places) - 1} 处）" if len(self.places) > 1 else ""
        return self.places[0].label + more


@dataclass(frozen=True)
class SearchPage:
    """Hits from `offset` on. `total` counts up to COUNT_CAP (`capped` when there are more); `empty_reason` says
    why nothing was found."""

    query: str
    offset: int
    hits: tuple[SearchHit, ...]
    total: int | None = None
    capped: bool = False
    empty_reason: str = ""


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _count(session: Session, statement, cap: int = COUNT_CAP) -> tuple[int, bool]:
    found = session.scalar(select(func.count()).select_from(statement.limit(cap + 1).subquery())) or 0
    return min(found, cap), found > cap


def _hits_statement(session: Session, query: SearchQuery, case_filter: CaseFilter):
    matching = matching_cases(_dialect(session), query)
    statement = select(FireCase.id, matching.c.score).join(matching, matching.c.case_id == FireCase.id)
    return filtered(statement, replace(case_filter, text=""), session), matching


def _places(session: Session, query: SearchQuery, case_ids: list[int]) -> dict[int, list[SearchEntry]]:
    entries = session.scalars(
        select(SearchEntry).where(SearchEntry.case_id.in_(case_ids)).order_by(SearchEntry.id)
    ).all()
    found: dict[int, list[SearchEntry]] = defaultdict(list)
    for entry in entries:
        if any(holds(entry.tokens, term.units) for term in query.terms):
            found[entry.case_id].append(entry)
    return found


def _hit(row, score: int, entries: list[SearchEntry], query: SearchQuery) -> SearchHit:
    places: list[MatchPlace] = []
    for entry in entries:
        place = MatchPlace(entry.part, entry.source_kind, entry.source_id, entry.label)
        if place not in places:
            places.append(place)
    shown = None
    if entries:
        # The snippet comes from the row holding most of the terms (the first such, i.e. the weightiest part).
        best = max(entries, key=lambda e: sum(holds(e.tokens, t.units) for t in query.terms))
        shown = snippet(best.body, [t.units for t in query.terms])
    return SearchHit(row.id, row.case_number, row.alarm_time, row.district, row.address, row.unit_name,
                     row.cause_category, FireGrade(row.fire_grade), CaseStatus(row.status), score, tuple(places),
                     shown)  # fmt: skip


def _empty_reason(session: Session, query: SearchQuery, case_filter: CaseFilter) -> str:
    """Why nothing was found: a term the archive does not hold, terms that never meet, the exclusions, or the
    filters (named)."""
    dialect = _dialect(session)
    for term in query.terms:
        if session.scalar(select(term_hits(dialect, term).c.case_id).limit(1)) is None:
            return f"档案中没有任何案件包含“{term.text}”。请检查用字，或换一个说法。"
    if (
        len(query.terms) > 1
        and session.scalar(select(matching_cases(dialect, SearchQuery(query.terms)).c.case_id).limit(1)) is None
    ):
        return "每个词都能找到，但没有一件案件同时包含全部的词。请减少词语。"
    if query.excluded and session.scalar(select(matching_cases(dialect, query).c.case_id).limit(1)) is None:
        words = "、".join(f"“{t.text}”" for t in query.excluded)
        return f"找到的案件都含有排除的词 {words}。"
    if not case_filter.include_voided and _finds(session, query, replace(case_filter, include_voided=True)):
        return "有案件包含这些词，但都已作废：勾选“含已作废”可以看到。"
    shown = case_filter.described()
    blamed = [text for field, text in shown.items() if _finds(session, query, _without(case_filter, field))]
    if blamed:
        return f"有案件包含这些词，但不符合筛选条件“{'”或“'.join(blamed)}”；去掉它即可找到。"
    return "有案件包含这些词，但都不符合筛选条件：" + "，".join(shown.values()) + "。请放宽筛选条件。"


def _without(case_filter: CaseFilter, field: str) -> CaseFilter:
    relaxed: dict[str, Any] = {field: None}
    return replace(case_filter, **relaxed)


def _finds(session: Session, query: SearchQuery, case_filter: CaseFilter) -> bool:
    statement, _matching = _hits_statement(session, query, case_filter)
    return session.scalar(statement.limit(1)) is not None


def run_search(
    session: Session, text: str, case_filter: CaseFilter, order: SearchOrder, offset: int, limit: int,
    with_total: bool,
) -> SearchPage:  # fmt: skip
    query = parse_query(text)
    if query.empty:
        return SearchPage(text, offset, (), 0 if with_total else None, False, "请输入要查找的词。")
    statement, matching = _hits_statement(session, query, case_filter)
    ordering = {
        SearchOrder.RELEVANCE: [matching.c.score.desc(), FireCase.alarm_time.desc(), FireCase.id.desc()],
        SearchOrder.NEWEST: [FireCase.alarm_time.desc(), FireCase.id.desc()],
        SearchOrder.OLDEST: [FireCase.alarm_time.asc(), FireCase.id.asc()],
    }[order]
    # One statement ranks the page and counts the hits (a window count), so the engine looks the terms up once; it
    # sorts only ids and sort keys, and the page's rows are read afterwards by their ids.
    found = [func.count().over().label("found")] if with_total else []
    page = statement.with_only_columns(FireCase.id, matching.c.score, *found).order_by(*ordering)
    ranked = session.execute(page.offset(offset).limit(limit)).all()
    total, capped = None, False
    if with_total:
        if ranked:
            total, capped = min(ranked[0].found, COUNT_CAP), ranked[0].found > COUNT_CAP
        else:
            total, capped = _count(session, statement) if offset else (0, False)
    if total == 0:
        return SearchPage(text, offset, (), 0, False, _empty_reason(session, query, case_filter))
    ids = [r.id for r in ranked]
    rows = {r.id: r for r in session.execute(select(
        FireCase.id, FireCase.case_number, FireCase.alarm_time, FireCase.district, FireCase.address,
        FireCase.unit_name, FireCase.cause_category, FireCase.fire_grade, FireCase.status,
    ).where(FireCase.id.in_(ids)))}  # fmt: skip
    places = _places(session, query, ids)
    hits = tuple(_hit(rows[r.id], int(r.score), places.get(r.id, []), query) for r in ranked)
    return SearchPage(text, offset, hits, total, capped)


@reads
def search_archive(
    uow: UnitOfWork, text: str, case_filter: CaseFilter = CaseFilter(), order: SearchOrder = SearchOrder.RELEVANCE,
    offset: int = 0, limit: int = PAGE_SIZE, *, with_total: bool = True,
) -> SearchPage:  # fmt: skip
    """A page of the cases holding every word of `text` (search/query.py) that the filter selects."""
    return run_search(uow.session, text, case_filter, order, offset, limit, with_total)


@dataclass(frozen=True)
class SearchChoices:
    """What the search screen's filters offer."""

    years: tuple[int, ...]
    districts: tuple[str, ...]
    causes: tuple[str, ...]
    cause_details: dict[str, tuple[str, ...]]  # cause -> its sub-causes
    place_types: tuple[str, ...]
    investigators: tuple[str, ...]


@reads
def search_choices(uow: UnitOfWork) -> SearchChoices:
    """The years with cases, the code lists and the investigators' names, for the filters."""
    lists = load_reference_lists(uow.session)
    people = list_people(uow.session, investigators_only=True, include_inactive=True)
    return SearchChoices(tuple(case_years(uow.session)), lists.districts, tuple(lists.cause_names),
                         dict(lists.cause_details), tuple(lists.place_type_names),
                         tuple(dict.fromkeys(p.name for p in people)))  # fmt: skip


@dataclass(frozen=True)
class SearchIndexStatus:
    entries: int
    cases: int
    archive_cases: int
    out_of_date: bool


@reads
def search_index_status(uow: UnitOfWork) -> SearchIndexStatus:
    """How many index rows and cases the index holds, against the archive's cases."""
    entries, cases = index_size(uow.session)
    archive = uow.session.scalar(select(func.count(FireCase.id))) or 0
    return SearchIndexStatus(entries, cases, archive, index_out_of_date(uow.session))


@writes
def rebuild_search_index(uow: UnitOfWork, progress: ProgressCallback | None = None) -> int:
    """Index every case again (after a restore, or to be sure); returns the number of cases indexed."""

    def report(done: int, total: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise OperationCancelled("已取消重建检索索引；索引保持原样。")

    done = rebuild(uow.session, report)
    uow.changed_register(Register.CASES)
    return done

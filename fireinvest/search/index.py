"""Keeping the archive search's index in step: the parts of the cases a use case changed are read again and their
index rows replaced, in the use case's own transaction (the front door calls `reindex` before it commits), so a
search never finds what was undone and never misses what was saved.

The whole index can be built again (`rebuild`, for `fireinvest search reindex` and after a new analysis): it goes
case batch by case batch, so memory stays flat and progress can be shown and cancelled.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from fireinvest.models import FireCase, SearchEntry, Setting
from fireinvest.search.analysis import Unit, chunks, index_tokens, unit_values, units
from fireinvest.search.sources import PART_SLOTS, Source, case_sources

# Raised when the analysis changes in a way that makes existing tokens wrong: opening the database then rebuilds.
ANALYSIS_VERSION = 2
ANALYSIS_SETTING = "search_index_analysis"
BATCH_CASES = 500
_MAX_SEQUENCE = 1 << 12  # entries of one part of one case (models/search.py)
INDEXED_PARTS = frozenset(PART_SLOTS)


def entry_id(case_id: int, part: str, sequence: int) -> int:
    return (case_id << 16) | (PART_SLOTS[part] << 12) | sequence


def _rows(case_id: int, sources: Iterable[Source]) -> Iterator[dict]:
    sequence: dict[str, int] = defaultdict(int)
    for source in sources:
        values = unit_values(source.body)
        found: list[Unit] | None = None
        for start, end in chunks(values):
            number = sequence[source.part]
            if number >= _MAX_SEQUENCE:
                break  # thousands of chunks of one part of one case: the rest is beyond any real case file
            sequence[source.part] += 1
            body = source.body
            if (start, end) != (0, len(values)):  # a chunk of a long text: its own stretch of the text
                found = found or units(source.body)
                body = source.body[found[start].start : found[end - 1].end]
            yield {
                "id": entry_id(case_id, source.part, number), "case_id": case_id, "part": source.part,
                "source_kind": source.kind, "source_id": source.source_id, "label": source.label[:300],
                "body": body, "tokens": index_tokens(values[start:end]),
            }  # fmt: skip


def _known_documents(session: Session, case_ids: Sequence[int]) -> Callable[[str, int], str | None]:
    """Texts of issued documents already in the index (kept whole: only single-chunk ones can be reused)."""
    rows = session.execute(
        select(SearchEntry.source_id, SearchEntry.body).where(
            SearchEntry.case_id.in_(case_ids), SearchEntry.source_kind == "document"
        )
    )
    texts: dict[int, str] = {}
    multiple: set[int] = set()
    for source_id, body in rows:
        if source_id in texts:
            multiple.add(source_id)
        texts[source_id] = body
    return lambda kind, source_id: texts.get(source_id) if source_id not in multiple else None


def _replace(session: Session, case_ids: Sequence[int], parts: frozenset[str]) -> None:
    # Another transaction may be re-indexing one of these cases (a person renamed while their case is saved): the
    # cases are locked first, in id order, so the two take turns and the second reads what the first committed
    # (on PostgreSQL; SQLite lets one writer in anyway). Use cases that locked the case already just hold it again.
    if session.get_bind().dialect.name == "postgresql":
        locking = select(FireCase.id).where(FireCase.id.in_(case_ids)).order_by(FireCase.id)
        session.execute(locking.with_for_update(key_share=True))
    known = _known_documents(session, case_ids) if "documents" in parts else (lambda kind, source_id: None)
    sources = case_sources(session, case_ids, parts, known)
    session.execute(delete(SearchEntry).where(SearchEntry.case_id.in_(case_ids), SearchEntry.part.in_(parts)))
    rows = [row for case_id in case_ids for row in _rows(case_id, sources.get(case_id, ()))]
    if rows:
        session.execute(insert(SearchEntry), rows)


def reindex(session: Session, parts_by_case: Mapping[int, Iterable[str]]) -> None:
    """Replace the index rows of these parts of these cases (parts the index does not hold are ignored)."""
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for case_id, parts in parts_by_case.items():
        indexed = frozenset(parts) & INDEXED_PARTS
        if indexed:
            groups[indexed].append(case_id)
    for parts, case_ids in groups.items():
        for start in range(0, len(case_ids), BATCH_CASES):
            _replace(session, case_ids[start : start + BATCH_CASES], parts)


# SQLite keeps its FTS5 table in step with search_entries by these triggers (made by migration 0011; the same
# statements, so a rebuild can lift them and put them back).
SQLITE_TRIGGERS = {
    "search_entries_ai": "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN"
    " INSERT INTO search_index(rowid, tokens) VALUES (new.id, new.tokens); END",
    "search_entries_ad": "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
    " INSERT INTO search_index(search_index, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "search_entries_au": "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
    " INSERT INTO search_index(search_index, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " INSERT INTO search_index(rowid, tokens) VALUES (new.id, new.tokens); END",
}


def rebuild(session: Session, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every case again, batch by batch, telling `progress(done, total)` after each (which may raise to
    stop: the caller's transaction then undoes it all). Returns the number of cases indexed.

    Everything is written afresh: on SQLite the triggers are lifted for the rebuild (deleting row by row through
    FTS5 costs more than indexing), the rows written plainly and FTS5 builds its index from them in one pass; all
    inside the caller's transaction, so an interrupted rebuild leaves the old index as it was."""
    ids = list(session.scalars(select(FireCase.id).order_by(FireCase.id)))
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in SQLITE_TRIGGERS:
            session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        session.execute(text("INSERT INTO search_index(search_index) VALUES ('delete-all')"))
    session.execute(delete(SearchEntry))
    for start in range(0, len(ids), BATCH_CASES):
        batch = ids[start : start + BATCH_CASES]
        sources = case_sources(session, batch, INDEXED_PARTS, lambda kind, source_id: None)
        rows = [row for case_id in batch for row in _rows(case_id, sources.get(case_id, ()))]
        if rows:
            session.execute(insert(SearchEntry), rows)
        if progress is not None:
            progress(start + len(batch), len(ids))
    if sqlite:
        session.execute(text("INSERT INTO search_index(search_index) VALUES ('rebuild')"))
        for statement in SQLITE_TRIGGERS.values():
            session.execute(text(statement))
    _mark_built(session)
    return len(ids)


def _mark_built(session: Session) -> None:
    row = session.get(Setting, ANALYSIS_SETTING)
    if row is None:
        session.add(Setting(key=ANALYSIS_SETTING, value_json=json.dumps(ANALYSIS_VERSION)))
    else:
        row.value_json = json.dumps(ANALYSIS_VERSION)
    session.flush()


def index_out_of_date(session: Session) -> bool:
    """True when the index was built with another analysis than this program's (or never)."""
    stored = session.scalar(select(Setting.value_json).where(Setting.key == ANALYSIS_SETTING))
    return stored is None or json.loads(stored) != ANALYSIS_VERSION


def index_size(session: Session) -> tuple[int, int]:
    """(entries, cases) in the index."""
    row = session.execute(select(func.count(SearchEntry.id), func.count(func.distinct(SearchEntry.case_id)))).one()
    return int(row[0]), int(row[1])

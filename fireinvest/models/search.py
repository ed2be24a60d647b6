"""The archive search's index: the searchable text of every part of every case, one row per source (the case's
facts, one interview, one issued document, …) and chunk, with the tokens the engines index (search/analysis.py).

The engines' own structures are made by the migration, not here, because they differ: on SQLite an FTS5 table
`search_index` over `tokens` that triggers keep in step with this table; on PostgreSQL a generated `tsv` column
(to_tsvector('simple', tokens)) with a GIN index.

The id is not a counter: it is (case id << 16) | (part slot << 12) | sequence, so an engine's hit names its case and
part without reading the row (search/engine.py) and a part's rows can be replaced without touching the others.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base
from fireinvest.rules import text_limits as text

# SQLite makes only "INTEGER PRIMARY KEY" the rowid (64 bits there), which FTS5 needs as its content rowid.
ENTRY_ID = BigInteger().with_variant(Integer, "sqlite")


class SearchEntry(Base):
    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(ENTRY_ID, primary_key=True, autoincrement=False)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(text.SEARCH_ENTRIES["part"]))
    source_kind: Mapped[str] = mapped_column(String(text.SEARCH_ENTRIES["source_kind"]))  # interview, evidence, …
    source_id: Mapped[int] = mapped_column(Integer, default=0)  # the record's id; 0 for the case itself
    label: Mapped[str] = mapped_column(String(text.SEARCH_ENTRIES["label"]))  # 询问笔录 · 张某 · 第2次
    body: Mapped[str] = mapped_column(Text)  # the text as written, for snippets
    tokens: Mapped[str] = mapped_column(Text)

"""the archive search's index: searchable text per case part, with SQLite FTS5 or a PostgreSQL GIN index over it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

The index starts empty; opening the database builds it (services/startup.py sees that it was never built). The
trigger statements are the ones search/index.py lifts and restores around a full rebuild; this revision keeps its
own copy, as every revision is a snapshot.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SQLITE = (
    # detail=full keeps positions (phrases); columnsize=0 drops per-row sizes, which only ranking by bm25 needs.
    "CREATE VIRTUAL TABLE search_index USING fts5(tokens, content='search_entries', content_rowid='id',"
    " tokenize='unicode61', columnsize=0)",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN"
    " INSERT INTO search_index(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
    " INSERT INTO search_index(search_index, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
    " INSERT INTO search_index(search_index, rowid, tokens) VALUES ('delete', old.id, old.tokens);"
    " INSERT INTO search_index(rowid, tokens) VALUES (new.id, new.tokens); END",
)
_POSTGRESQL = (
    "ALTER TABLE search_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)",
)


def upgrade() -> None:
    op.create_table(
        "search_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=20), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_search_entries_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
    )
    op.create_index(op.f("ix_search_entries_case_id"), "search_entries", ["case_id"], unique=False)
    statements = _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_index(op.f("ix_search_entries_case_id"), table_name="search_entries")
    op.drop_table("search_entries")

"""issued documents and the document number register

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_counters",
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency_code", "kind", "year", name=op.f("pk_document_counters")),
    )
    op.create_table(
        "document_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number_text", sa.String(length=80), nullable=False),
        sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("allocated_by", sa.String(length=50), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=50), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_document_numbers_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_numbers")),
        sa.UniqueConstraint("agency_code", "kind", "year", "sequence", name="uq_document_numbers_agency_kind_year_seq"),
    )
    with op.batch_alter_table("document_numbers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_numbers_case_id"), ["case_id"], unique=False)
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("number_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("generated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_issued_documents_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["number_id"], ["document_numbers.id"], name=op.f("fk_issued_documents_number_id_document_numbers")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["attachment_contents.sha256"], name=op.f("fk_issued_documents_sha256_attachment_contents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("case_id", "kind", "subject_id", "version", name="uq_issued_documents_version"),
    )
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issued_documents_number_id"), ["number_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_documents_number_id"))
        batch_op.drop_index(batch_op.f("ix_issued_documents_case_id"))
    op.drop_table("issued_documents")
    with op.batch_alter_table("document_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_numbers_case_id"))
    op.drop_table("document_numbers")
    op.drop_table("document_counters")

"""evidence, custody, attachments, inspection and interview records

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_contents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_contents")),
    )
    op.create_table(
        "evidence_counters",
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency_code", "year", name=op.f("pk_evidence_counters")),
    )
    op.create_table(
        "attachment_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment_contents.sha256"],
            name=op.f("fk_attachment_chunks_sha256_attachment_contents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sha256", "sequence", name=op.f("pk_attachment_chunks")),
    )
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("evidence_number", sa.String(length=40), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("found_position", sa.String(length=200), nullable=False),
        sa.Column("measurements", sa.String(length=200), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collector", sa.String(length=50), nullable=False),
        sa.Column("witness", sa.String(length=50), nullable=False),
        sa.Column("seal_number", sa.String(length=50), nullable=False),
        sa.Column("photo_refs", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_evidence_items_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
        sa.UniqueConstraint("agency_code", "year", "sequence", name="uq_evidence_items_agency_year_sequence"),
        sa.UniqueConstraint("evidence_number", name=op.f("uq_evidence_items_evidence_number")),
    )
    with op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_items_case_id"), ["case_id"], unique=False)

    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("interviewee", sa.String(length=100), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("interviewers_json", sa.Text(), nullable=False),
        sa.Column("questions_json", sa.Text(), nullable=False),
        sa.Column("refused_to_sign", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_interviews_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interviews_case_id"), ["case_id"], unique=False)

    op.create_table(
        "scene_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("inspectors_json", sa.Text(), nullable=False),
        sa.Column("witness", sa.String(length=100), nullable=False),
        sa.Column("weather_sky", sa.String(length=30), nullable=False),
        sa.Column("wind", sa.String(length=30), nullable=False),
        sa.Column("temperature", sa.String(length=30), nullable=False),
        sa.Column("lighting", sa.String(length=100), nullable=False),
        sa.Column("surroundings", sa.Text(), nullable=False),
        sa.Column("preliminary", sa.Text(), nullable=False),
        sa.Column("detailed", sa.Text(), nullable=False),
        sa.Column("special", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_scene_inspections_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scene_inspections")),
    )
    with op.batch_alter_table("scene_inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scene_inspections_case_id"), ["case_id"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("evidence_item_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_attachments_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["evidence_item_id"], ["evidence_items.id"], name=op.f("fk_attachments_evidence_item_id_evidence_items")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["attachment_contents.sha256"], name=op.f("fk_attachments_sha256_attachment_contents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_evidence_item_id"), ["evidence_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "custody_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_holder", sa.String(length=100), nullable=False),
        sa.Column("to_holder", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("signed_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("corrects_event_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_event_id"],
            ["custody_events.id"],
            name=op.f("fk_custody_events_corrects_event_id_custody_events"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["evidence_items.id"],
            name=op.f("fk_custody_events_item_id_evidence_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_events")),
    )
    with op.batch_alter_table("custody_events", schema=None) as batch_op:
        batch_op.create_index("ix_custody_events_item_time", ["item_id", "occurred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("custody_events", schema=None) as batch_op:
        batch_op.drop_index("ix_custody_events_item_time")

    op.drop_table("custody_events")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_evidence_item_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_case_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("scene_inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scene_inspections_case_id"))

    op.drop_table("scene_inspections")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_case_id"))

    op.drop_table("interviews")
    with op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_items_case_id"))

    op.drop_table("evidence_items")
    op.drop_table("attachment_chunks")
    op.drop_table("evidence_counters")
    op.drop_table("attachment_contents")

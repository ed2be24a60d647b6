"""timeline, deadlines, calendar entries, login names

The case timeline (append-only events), the deadlines computed from it, administrator-entered holidays, and
the workstation login of each person (for "my cases").

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_entries",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working_day", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_entries")),
    )
    op.create_table(
        "case_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("responsible", sa.String(length=10), nullable=False),
        sa.Column("estimated_calendar", sa.Boolean(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_case_deadlines_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_deadlines")),
    )
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.create_index("ix_case_deadlines_pending_due", ["met_on", "responsible", "due"], unique=False)
        batch_op.create_index(
            "ix_case_deadlines_case_pending", ["case_id", "met_on", "responsible", "due"], unique=False
        )

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("performed_by", sa.String(length=100), nullable=False),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_case_events_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_case_time", ["case_id", "occurred_at"], unique=False)

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login_name", sa.String(length=50), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_people_login_name"), ["login_name"], unique=False)

    # Cases registered before the timeline existed get their registration as the first event; their deadlines
    # are computed by the program when it next opens the database (services/deadlines.py).
    op.execute(
        "INSERT INTO case_events (case_id, type, occurred_at, performed_by, details_json, recorded_at, recorded_by) "
        "SELECT id, 'registered', created_at, created_by, '{}', created_at, created_by FROM fire_cases"
    )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_login_name"))
        batch_op.drop_column("login_name")

    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_case_time")

    op.drop_table("case_events")
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_case_deadlines_case_pending")
        batch_op.drop_index("ix_case_deadlines_pending_due")

    op.drop_table("case_deadlines")
    op.drop_table("calendar_entries")

"""expert reviews and the closed loop

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("specialty", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=50), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experts")),
    )
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experts_name"), ["name"], unique=False)
    op.create_table(
        "expert_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("concluded_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_expert_reviews_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["expert_reviews.id"], name=op.f("fk_expert_reviews_supersedes_id_expert_reviews")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_reviews")),
    )
    with op.batch_alter_table("expert_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expert_reviews_case_id"), ["case_id"], unique=False)
    op.create_table(
        "prevention_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("lesson", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("addressee", sa.String(length=100), nullable=False),
        sa.Column("addressee_kind", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["fire_cases.id"],
            name=op.f("fk_prevention_recommendations_case_id_fire_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevention_recommendations")),
    )
    with op.batch_alter_table("prevention_recommendations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prevention_recommendations_case_id"), ["case_id"], unique=False)
    op.create_table(
        "rectification_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("report_number", sa.String(length=60), nullable=False),
        sa.Column("report_filed_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["fire_cases.id"],
            name=op.f("fk_rectification_assessments_case_id_fire_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_assessments")),
        sa.UniqueConstraint("case_id", name=op.f("uq_rectification_assessments_case_id")),
    )
    op.create_table(
        "corrective_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completion_note", sa.Text(), nullable=False),
        sa.Column("verified_by", sa.String(length=50), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("verdict_note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_corrective_measures_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["prevention_recommendations.id"],
            name=op.f("fk_corrective_measures_recommendation_id_prevention_recommendations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_measures")),
    )
    with op.batch_alter_table("corrective_measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrective_measures_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_corrective_measures_open_deadline", ["verdict", "deadline"], unique=False)
        batch_op.create_index("ix_corrective_measures_owner", ["owner"], unique=False)
    op.create_table(
        "review_opinions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("dissents", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["expert_id"], ["experts.id"], name=op.f("fk_review_opinions_expert_id_experts")),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["expert_reviews.id"],
            name=op.f("fk_review_opinions_review_id_expert_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_opinions")),
    )
    with op.batch_alter_table("review_opinions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_opinions_expert_id"), ["expert_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_opinions_review_id"), ["review_id"], unique=False)
    op.create_table(
        "accountability_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=100), nullable=False),
        sa.Column("party_kind", sa.String(length=20), nullable=False),
        sa.Column("breach", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("measure", sa.String(length=30), nullable=False),
        sa.Column("deciding_body", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("referred_measure_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["fire_cases.id"],
            name=op.f("fk_accountability_entries_case_id_fire_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referred_measure_id"],
            ["corrective_measures.id"],
            name=op.f("fk_accountability_entries_referred_measure_id_corrective_measures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_entries")),
    )
    with op.batch_alter_table("accountability_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_entries_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expert_review_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("corrective_measure_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assessment_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attachments_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachments_corrective_measure_id"), ["corrective_measure_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachments_expert_review_id"), ["expert_review_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_expert_review_id_expert_reviews"), "expert_reviews", ["expert_review_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_corrective_measure_id_corrective_measures"),
            "corrective_measures",
            ["corrective_measure_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_assessment_id_rectification_assessments"),
            "rectification_assessments",
            ["assessment_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_attachments_assessment_id_rectification_assessments"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_attachments_corrective_measure_id_corrective_measures"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_attachments_expert_review_id_expert_reviews"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attachments_expert_review_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_corrective_measure_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_assessment_id"))
        batch_op.drop_column("assessment_id")
        batch_op.drop_column("corrective_measure_id")
        batch_op.drop_column("expert_review_id")
    with op.batch_alter_table("accountability_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_entries_case_id"))
    op.drop_table("accountability_entries")
    with op.batch_alter_table("review_opinions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_opinions_review_id"))
        batch_op.drop_index(batch_op.f("ix_review_opinions_expert_id"))
    op.drop_table("review_opinions")
    with op.batch_alter_table("corrective_measures", schema=None) as batch_op:
        batch_op.drop_index("ix_corrective_measures_owner")
        batch_op.drop_index("ix_corrective_measures_open_deadline")
        batch_op.drop_index(batch_op.f("ix_corrective_measures_case_id"))
    op.drop_table("corrective_measures")
    op.drop_table("rectification_assessments")
    with op.batch_alter_table("prevention_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prevention_recommendations_case_id"))
    op.drop_table("prevention_recommendations")
    with op.batch_alter_table("expert_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expert_reviews_case_id"))
    op.drop_table("expert_reviews")
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experts_name"))
    op.drop_table("experts")

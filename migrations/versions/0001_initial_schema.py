"""initial schema: cases, parties, investigators, people, reference data, settings

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Money and areas are integer hundredths (fen, 0.01 m²); times are UTC.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_number_counters",
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency_code", "year", name=op.f("pk_case_number_counters")),
    )
    op.create_table(
        "fire_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=40), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("alarm_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extinguished_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=50), nullable=False),
        sa.Column("place_type", sa.String(length=50), nullable=False),
        sa.Column("is_key_unit", sa.Boolean(), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("procedure", sa.String(length=10), nullable=False),
        sa.Column("facts_disputed", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("ignition_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ignition_area", sa.String(length=200), nullable=False),
        sa.Column("ignition_point", sa.String(length=200), nullable=False),
        sa.Column("cause_category", sa.String(length=50), nullable=False),
        sa.Column("cause_detail", sa.String(length=100), nullable=False),
        sa.Column("burned_area_m2", sa.BigInteger(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("serious_injuries", sa.Integer(), nullable=False),
        sa.Column("minor_injuries", sa.Integer(), nullable=False),
        sa.Column("affected_households", sa.Integer(), nullable=False),
        sa.Column("direct_property_loss", sa.BigInteger(), nullable=False),
        sa.Column("direct_economic_loss", sa.BigInteger(), nullable=False),
        sa.Column("fire_grade", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fire_cases")),
        sa.UniqueConstraint("agency_code", "year", "sequence", name="uq_fire_cases_agency_year_sequence"),
        sa.UniqueConstraint("case_number", name=op.f("uq_fire_cases_case_number")),
    )
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fire_cases_alarm_time"), ["alarm_time"], unique=False)
        batch_op.create_index("ix_fire_cases_cause_alarm", ["cause_category", "alarm_time"], unique=False)
        batch_op.create_index("ix_fire_cases_district_alarm", ["district", "alarm_time"], unique=False)
        batch_op.create_index("ix_fire_cases_grade_alarm", ["fire_grade", "alarm_time"], unique=False)
        batch_op.create_index("ix_fire_cases_status_alarm", ["status", "alarm_time"], unique=False)
        batch_op.create_index("ix_fire_cases_year_alarm", ["year", "alarm_time"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=50), nullable=False),
        sa.Column("badge_number", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("is_investigator", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)

    op.create_table(
        "reference_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_items")),
        sa.UniqueConstraint("kind", "parent", "name", name="uq_reference_items_kind_parent_name"),
    )
    with op.batch_alter_table("reference_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_items_kind"), ["kind"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "case_investigators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_case_investigators_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_case_investigators_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_investigators")),
        sa.UniqueConstraint("case_id", "person_id", name="uq_case_investigators_case_person"),
    )
    with op.batch_alter_table("case_investigators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_investigators_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_investigators_person_id"), ["person_id"], unique=False)

    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["fire_cases.id"], name=op.f("fk_parties_case_id_fire_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
    )
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parties_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parties_case_id"))

    op.drop_table("parties")
    with op.batch_alter_table("case_investigators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_investigators_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_investigators_case_id"))

    op.drop_table("case_investigators")
    op.drop_table("settings")
    with op.batch_alter_table("reference_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_items_kind"))

    op.drop_table("reference_items")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_name"))

    op.drop_table("people")
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_fire_cases_year_alarm")
        batch_op.drop_index("ix_fire_cases_status_alarm")
        batch_op.drop_index("ix_fire_cases_grade_alarm")
        batch_op.drop_index("ix_fire_cases_district_alarm")
        batch_op.drop_index("ix_fire_cases_cause_alarm")
        batch_op.drop_index(batch_op.f("ix_fire_cases_alarm_time"))

    op.drop_table("fire_cases")
    op.drop_table("case_number_counters")

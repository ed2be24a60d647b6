"""the determination's facts 出动力量 and 灾害成因 on the case; experts unique by name and unit

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        # Existing cases get an empty text; the server default exists only to fill them.
        batch_op.add_column(sa.Column("dispatched_units", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("disaster_causes", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.alter_column("dispatched_units", server_default=None)
        batch_op.alter_column("disaster_causes", server_default=None)
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_experts_name_unit", ["name", "unit"])


def downgrade() -> None:
    with op.batch_alter_table("experts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_experts_name_unit", type_="unique")
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.drop_column("disaster_causes")
        batch_op.drop_column("dispatched_units")

"""the cause as the determination states it (起火原因认定), in prose, beside its statistics category

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cause_finding", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.alter_column("cause_finding", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.drop_column("cause_finding")

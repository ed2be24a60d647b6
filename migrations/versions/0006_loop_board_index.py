"""index on deaths for the loop board and the to-do list

The cases that need a closed loop are found as a union of small indexed sets (grade, deaths, cases with loop
items); without this index the deaths part would read every case of the archive each time the board or the to-do
list opens.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.create_index("ix_fire_cases_deaths", ["deaths"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fire_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_fire_cases_deaths")

"""a print-size copy of each photo, made at intake, so a dossier does not decode camera originals every time

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachment_contents", schema=None) as batch_op:
        # None for photos stored before, for small photos (printed as they are) and for other files.
        batch_op.add_column(sa.Column("print_copy", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachment_contents", schema=None) as batch_op:
        batch_op.drop_column("print_copy")

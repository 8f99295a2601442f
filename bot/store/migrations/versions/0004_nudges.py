"""manager nudges: when a manager link began, and the manager's nudge opt-out

Revision ID: 0003_nudges
Revises: 0003_space
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_nudges"
down_revision = "0003_space"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manager_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column(
                "manager_nudges_enabled", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("manager_nudges_enabled")
        batch_op.drop_column("manager_since")

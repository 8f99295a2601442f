"""scale: the workspace directory, each workspace's Grid org, deliveries Slack may have got

Revision ID: 0007_scale
Revises: 0006_voice
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_scale"
down_revision = "0006_voice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enterprise_id", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("directory_synced_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("maybe_posted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "directory",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("away", sa.Boolean(), nullable=False),
        sa.Column("away_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("is_bot", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_directory_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_directory")),
    )


def downgrade() -> None:
    op.drop_table("directory")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("maybe_posted")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("directory_synced_at")
        batch_op.drop_column("enterprise_id")

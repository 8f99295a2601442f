"""voice: "me too" on anonymous posts, and each member's private "what matters most this week"

Revision ID: 0006_voice
Revises: 0005_trust
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_voice"
down_revision = "0005_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "post_me_too",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("person_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["anonymous_posts.id"],
            name=op.f("fk_post_me_too_post_id_anonymous_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_me_too")),
        sa.UniqueConstraint("post_id", "person_hash", name="uq_post_me_too_once"),
    )
    op.create_table(
        "weekly_focus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_weekly_focus_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_focus")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_weekly_focus_member"),
    )


def downgrade() -> None:
    op.drop_table("weekly_focus")
    op.drop_table("post_me_too")

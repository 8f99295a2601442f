"""The anonymous processing space: hash scopes, reply flags, pseudonyms, reviews, allowances

Revision ID: 0003_space
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_space"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("anonymous_posts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hash_scope", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("flags_cleared", sa.Integer(), nullable=False, server_default="0")
        )

    with op.batch_alter_table("anonymous_replies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="visible")
        )
        batch_op.add_column(
            sa.Column("flags_cleared", sa.Integer(), nullable=False, server_default="0")
        )

    with op.batch_alter_table("post_flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_post_flags_reply_id_anonymous_replies"),
            "anonymous_replies",
            ["reply_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_post_flags_reply_id"), ["reply_id"], unique=False)

    op.create_table(
        "anonymous_pseudonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("person_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["anonymous_posts.id"],
            name=op.f("fk_anonymous_pseudonyms_post_id_anonymous_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymous_pseudonyms")),
        sa.UniqueConstraint("post_id", "name", name="uq_anonymous_pseudonyms_name"),
        sa.UniqueConstraint("post_id", "person_hash", name="uq_anonymous_pseudonyms_person"),
    )

    op.create_table(
        "space_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["anonymous_posts.id"],
            name=op.f("fk_space_reviews_post_id_anonymous_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["anonymous_replies.id"],
            name=op.f("fk_space_reviews_reply_id_anonymous_replies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space_reviews")),
    )
    with op.batch_alter_table("space_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_reviews_post_id"), ["post_id"], unique=False)

    op.create_table(
        "space_allowances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("person_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_space_allowances_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space_allowances")),
        sa.UniqueConstraint(
            "team_id", "day", "person_hash", "kind", name="uq_space_allowances_key"
        ),
    )
    with op.batch_alter_table("space_allowances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_allowances_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("space_allowances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_allowances_day"))
    op.drop_table("space_allowances")
    with op.batch_alter_table("space_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_reviews_post_id"))
    op.drop_table("space_reviews")
    op.drop_table("anonymous_pseudonyms")

    with op.batch_alter_table("post_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_flags_reply_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_post_flags_reply_id_anonymous_replies"), type_="foreignkey"
        )
        batch_op.drop_column("reply_id")

    with op.batch_alter_table("anonymous_replies", schema=None) as batch_op:
        batch_op.drop_column("flags_cleared")
        batch_op.drop_column("status")

    with op.batch_alter_table("anonymous_posts", schema=None) as batch_op:
        batch_op.drop_column("flags_cleared")
        batch_op.drop_column("hash_scope")

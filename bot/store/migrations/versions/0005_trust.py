"""manager trust: whom a check-in was shared with, released pulses, team requests, moves

Revision ID: 0005_trust
Revises: 0003_nudges
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_trust"
down_revision = "0003_nudges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("previous_manager_user_id", sa.String(length=32), nullable=True)
        )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_with", sa.String(length=32), nullable=True))
    # Check-ins shared before this column existed went to the manager of the time; the best
    # record of that is the current link, when the check-in is newer than it.
    op.execute(
        """
        UPDATE checkins SET shared_with = (
            SELECT m.manager_user_id FROM members m
            WHERE m.team_id = checkins.team_id AND m.user_id = checkins.user_id
              AND (m.manager_since IS NULL OR m.manager_since <= checkins.created_at)
        )
        WHERE shared_with_manager
        """
    )
    op.create_table(
        "pulse_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("manager_user_id", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_size", sa.Integer(), nullable=False),
        sa.Column("cohort", sa.String(length=64), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=True),
        sa.Column("average_tenths", sa.Integer(), nullable=True),
        sa.Column("distribution", sa.String(length=32), nullable=True),
        sa.Column("change_tenths", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_pulse_releases_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_releases")),
        sa.UniqueConstraint("team_id", "manager_user_id", "period", name="uq_pulse_releases_key"),
    )
    op.create_table(
        "team_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("manager_user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspaces.team_id"],
            name=op.f("fk_team_requests_team_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_requests")),
        sa.UniqueConstraint("team_id", "user_id", "manager_user_id", name="uq_team_requests_key"),
    )
    op.create_index(op.f("ix_team_requests_user_id"), "team_requests", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_team_requests_user_id"), table_name="team_requests")
    op.drop_table("team_requests")
    op.drop_table("pulse_releases")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_column("shared_with")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("previous_manager_user_id")

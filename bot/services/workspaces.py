"""Workspaces: the row every per-team table hangs from, and per-workspace settings."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import Workspace


async def ensure_workspaces(session: AsyncSession, team_ids: Iterable[str]) -> None:
    """Insert the `workspaces` rows for `team_ids` that do not exist yet (safe when racing)."""
    wanted = sorted(set(team_ids))
    if not wanted:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [{"team_id": team_id} for team_id in wanted]
    await session.execute(insert(Workspace).values(rows).on_conflict_do_nothing())


async def processing_channel(
    session: AsyncSession, team_id: str, default: str | None
) -> str | None:
    """The processing-space channel: the workspace's own choice, else `default` (the env)."""
    chosen = await session.scalar(
        select(Workspace.processing_channel).where(Workspace.team_id == team_id)
    )
    return chosen or default


async def set_processing_channel(session: AsyncSession, team_id: str, channel: str) -> None:
    """Make `channel` this workspace's processing space."""
    await ensure_workspaces(session, [team_id])
    await session.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(processing_channel=channel)
    )

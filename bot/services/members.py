"""Members: who someone is in a workspace, their time zone, manager and preferences."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.workspaces import ensure_workspaces
from bot.store.models import Member

# How long a time zone read from Slack is trusted before it is read again.
PROFILE_MAX_AGE = timedelta(days=7)


async def get_member(session: AsyncSession, team_id: str, user_id: str) -> Member | None:
    """The member row, if Kindred has one."""
    return await session.scalar(
        select(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )


async def ensure_member(session: AsyncSession, team_id: str, user_id: str) -> Member:
    """The member row, created with defaults (and its workspace row) the first time."""
    member = await get_member(session, team_id, user_id)
    if member is None:
        await ensure_workspaces(session, [team_id])
        member = Member(team_id=team_id, user_id=user_id)
        session.add(member)
        await session.flush()
    return member


def record_time_zone(member: Member, tz: str | None, now: datetime) -> None:
    """Remember the time zone Slack reported (keeping the old one if Slack gave none)."""
    if tz:
        member.tz = tz
    member.tz_checked_at = now

"""What matters most this week: one private line a member may keep for themselves.

Asked weekly (a button on the reminder, and on Home): "What's the one thing that matters most
this week, and what can wait?" It is shown only on the member's own Home, for that week, and a
new week's answer replaces the last: Kindred keeps at most one per member. Nobody else, managers
included, can read it; `/checkin export` includes it and `/checkin forget` deletes it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.checkins import CheckinInputError, clean_note
from bot.services.members import ensure_member
from bot.store.models import WeeklyFocus

LIMIT = 500
FOCUS_MISSING = "focus_missing"
FOCUS_TOO_LONG = "focus_too_long"


def clean(text: str | None) -> str:
    """The answer as kept: trimmed; CheckinInputError when empty, too long or unreadable."""
    cleaned = clean_note(text)
    if cleaned is None:
        raise CheckinInputError(FOCUS_MISSING)
    if len(cleaned) > LIMIT:
        raise CheckinInputError(FOCUS_TOO_LONG)
    return cleaned


async def save(session: AsyncSession, team_id: str, user_id: str, text: str, week: date) -> None:
    """Keep this week's answer for the member, replacing any earlier one."""
    await ensure_member(session, team_id, user_id)
    row = await session.scalar(
        select(WeeklyFocus).where(WeeklyFocus.team_id == team_id, WeeklyFocus.user_id == user_id)
    )
    if row is None:
        session.add(WeeklyFocus(team_id=team_id, user_id=user_id, week=week, text=text))
    else:
        row.week, row.text = week, text
    await session.flush()


async def this_week(session: AsyncSession, team_id: str, user_id: str, week: date) -> str | None:
    """The member's own answer for the week starting `week`, if they gave one."""
    return await session.scalar(
        select(WeeklyFocus.text).where(
            WeeklyFocus.team_id == team_id,
            WeeklyFocus.user_id == user_id,
            WeeklyFocus.week == week,
        )
    )

"""The weekly check-in reminder: who is due, and whether a queued reminder is still wanted.

One reminder a week at most, at the member's chosen weekday and local time (default Friday
15:00), never at weekends, and not for anyone who already checked in that week, is paused or
turned reminders off. Whether Slack says they are away is checked when the message is composed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.checkins import checked_in_between, is_paused, period_monday, week_bounds
from bot.services.outbox import Due
from bot.services.schedule import weekly_slot_period
from bot.store.models import CheckIn, Delivery, Member

KIND = "checkin_reminder"

# Why a queued reminder is not sent (recorded on the outbox row).
FORGOTTEN = "member forgotten"
OPTED_OUT = "reminders turned off"
PAUSED = "paused"
CHECKED_IN = "already checked in this week"


async def find_due(session: AsyncSession, as_of: datetime) -> list[Due]:
    """Members whose reminder slot is open at `as_of` and who still want this week's reminder."""
    # Time zones are within a day of UTC, so only three weekdays can be anyone's "today".
    utc_weekday = as_of.astimezone(UTC).weekday()
    nearby = {(utc_weekday + shift) % 7 for shift in (-1, 0, 1)}
    members = await session.scalars(
        select(Member)
        .where(Member.reminders_enabled.is_(True), Member.reminder_weekday.in_(nearby))
        .order_by(Member.id)
    )
    candidates: list[tuple[Member, str]] = []
    for member in members:
        period = weekly_slot_period(as_of, member.tz, member.reminder_weekday, member.reminder_time)
        if period is not None and not is_paused(member, as_of):
            candidates.append((member, period))
    if not candidates:
        return []

    # Rows already in the outbox need no second look (enqueueing them again is a no-op anyway).
    queued = set(
        (
            await session.execute(
                select(Delivery.team_id, Delivery.recipient, Delivery.period).where(
                    Delivery.kind == KIND,
                    Delivery.period.in_({period for _, period in candidates}),
                )
            )
        ).all()
    )
    fresh = [(m, p) for m, p in candidates if (m.team_id, m.user_id, p) not in queued]
    if not fresh:
        return []

    # One query for everyone's check-ins this week, rather than one per member.
    bounds = {m.id: week_bounds(period_monday(p), m.tz) for m, p in fresh}
    earliest = min(start for start, _ in bounds.values())
    recent: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    rows = await session.execute(
        select(CheckIn.team_id, CheckIn.user_id, CheckIn.created_at).where(
            CheckIn.created_at >= earliest,
            CheckIn.user_id.in_({m.user_id for m, _ in fresh}),
        )
    )
    for team_id, user_id, created_at in rows:
        recent[(team_id, user_id)].append(created_at)

    due = []
    for member, period in fresh:
        start, end = bounds[member.id]
        if any(start <= t < end for t in recent[(member.team_id, member.user_id)]):
            continue
        due.append(Due(member.team_id, member.user_id, KIND, period))
    return due


async def skip_reason(
    session: AsyncSession, member: Member | None, period: str, now: datetime
) -> str | None:
    """Why the reminder for `period` should not go out now, or None when it should."""
    if member is None:
        return FORGOTTEN
    if not member.reminders_enabled:
        return OPTED_OUT
    if is_paused(member, now):
        return PAUSED
    start, end = week_bounds(period_monday(period), member.tz)
    if await checked_in_between(session, member.team_id, member.user_id, start, end):
        return CHECKED_IN
    return None

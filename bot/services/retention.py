"""Retention: what Kindred deletes on its own, once a day, after KINDRED_RETENTION_DAYS.

Check-ins, the outbox's records of messages sent (or skipped, or failed) and anonymous posts
with everything stored about them go once they are older than the retention; earlier days'
anonymous-space allowance rows go every day whatever the retention. Messages already in Slack
stay there (the workspace's own Slack retention applies to them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox, space
from bot.store.models import CheckIn, Delivery


@dataclass(frozen=True)
class Purged:
    """How many rows one clean-up deleted, per kind."""

    checkins: int = 0
    deliveries: int = 0
    posts: int = 0
    allowances: int = 0

    @property
    def tables(self) -> set[str]:
        """The tables rows were deleted from (for the disk clean-up after it)."""
        tables: set[str] = set()
        if self.checkins:
            tables.add("checkins")
        if self.deliveries:
            tables.add("deliveries")
        if self.posts:
            tables |= space.POST_TABLES
        if self.allowances:
            tables.add("space_allowances")
        return tables


async def purge(session: AsyncSession, now: datetime, retention_days: int) -> Purged:
    """Delete what is older than `retention_days` (0 keeps it) and earlier days' allowances."""
    allowances = await space.forget_earlier_days(session, now.date())
    if not retention_days:
        return Purged(allowances=allowances)
    cutoff = now - timedelta(days=retention_days)
    checkins = await session.execute(delete(CheckIn).where(CheckIn.created_at < cutoff))
    # Rows still waiting to go out are not records yet: they stay until sent or failed.
    deliveries = await session.execute(
        delete(Delivery).where(
            Delivery.created_at < cutoff, Delivery.status.not_in((outbox.PENDING, outbox.SENDING))
        )
    )
    return Purged(
        checkins=checkins.rowcount or 0,  # type: ignore[attr-defined]
        deliveries=deliveries.rowcount or 0,  # type: ignore[attr-defined]
        posts=await space.delete_posts_before(session, cutoff),
        allowances=allowances,
    )

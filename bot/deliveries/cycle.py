"""One scheduling cycle: enqueue what is due, then drain the outbox."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.errors import SlackApiError

from bot.deliveries import DeliveryKind
from bot.runtime import Runtime
from bot.services import outbox, retention
from bot.services.members import members_with_stale_profiles, record_time_zone
from bot.services.schedule import utcnow
from bot.slack.profiles import fetch_profile
from bot.slack.sender import DrainReport, Sender
from bot.store.models import Member

logger = logging.getLogger(__name__)

# users.info is Tier 4 (100+ a minute); a cycle a minute stays far below it.
PROFILE_REFRESHES_PER_CYCLE = 50


@dataclass(frozen=True)
class CycleReport:
    """How many rows a cycle enqueued, and what the drain did."""

    enqueued: int
    drained: DrainReport


async def refresh_profiles(runtime: Runtime, limit: int = PROFILE_REFRESHES_PER_CYCLE) -> int:
    """Re-read time zones Kindred has not checked lately (a bounded number per cycle).

    Slack is asked outside any database transaction; a person Slack cannot tell us about keeps
    the time zone we had, and is asked again after PROFILE_MAX_AGE rather than every cycle.
    """
    async with runtime.db.session() as session:
        stale = [
            (m.id, m.team_id, m.user_id)
            for m in await members_with_stale_profiles(session, utcnow(), limit)
        ]
    zones: dict[int, str | None] = {}
    for member_id, team_id, user_id in stale:
        try:
            client = await runtime.clients.for_team(team_id)
            zones[member_id] = (await fetch_profile(client, user_id)).tz
        except (SlackApiError, LookupError) as exc:
            logger.warning("could not read the profile of member %s: %s", member_id, exc)
            zones[member_id] = None
    async with runtime.db.session() as session:
        for member_id, tz in zones.items():
            member = await session.get(Member, member_id)
            if member is not None:
                record_time_zone(member, tz, utcnow())
    return len(zones)


async def enqueue_due(runtime: Runtime, kinds: Sequence[DeliveryKind], as_of: datetime) -> int:
    """Enqueue every message due at `as_of` (idempotent); returns how many rows were new."""
    async with runtime.db.session() as session:
        due = [d for kind in kinds for d in await kind.find_due(session, runtime, as_of)]
        return await outbox.enqueue(session, due, utcnow())


async def run_cycle(
    runtime: Runtime, kinds: Sequence[DeliveryKind], sender: Sender, as_of: datetime
) -> CycleReport:
    """Enqueue what is due at `as_of`, then deliver everything claimable now."""
    await refresh_profiles(runtime)
    enqueued = await enqueue_due(runtime, kinds, as_of)
    drained = await sender.drain()
    if enqueued or drained.outcomes:
        logger.info("cycle at %s: enqueued %d, %s", as_of.isoformat(), enqueued,
                    dict(drained.outcomes))  # fmt: skip
    return CycleReport(enqueued=enqueued, drained=drained)


async def housekeeping(runtime: Runtime, now: datetime) -> retention.Purged:
    """Delete what the retention no longer keeps (and earlier days' allowances), then make sure
    the deleted rows are gone from the disk too."""
    async with runtime.db.session() as session:
        purged = await retention.purge(session, now, runtime.settings.KINDRED_RETENTION_DAYS)
    await runtime.db.erase(purged.tables)
    if purged.tables:
        logger.info("retention: deleted %s", purged)
    return purged


def create_scheduler(
    runtime: Runtime, kinds: Sequence[DeliveryKind], interval_seconds: int
) -> AsyncIOScheduler:
    """An APScheduler that runs a cycle every `interval_seconds` (it only keeps time)."""
    sender = Sender(runtime, kinds)

    async def tick() -> None:
        await run_cycle(runtime, kinds, sender, utcnow())

    async def daily() -> None:
        await housekeeping(runtime, utcnow())

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=interval_seconds),
        id="kindred-cycle",
        max_instances=1,
        coalesce=True,
        next_run_time=utcnow(),
    )
    scheduler.add_job(
        daily,
        IntervalTrigger(days=1),
        id="kindred-housekeeping",
        max_instances=1,
        coalesce=True,
        # After the first cycle, so starting up sends what is due without waiting for it.
        next_run_time=utcnow() + timedelta(seconds=interval_seconds),
    )
    return scheduler

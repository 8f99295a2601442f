"""One scheduling cycle: enqueue what is due, then drain the outbox."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.deliveries import DeliveryKind
from bot.runtime import Runtime
from bot.services import directory, outbox, retention, space
from bot.services.schedule import utcnow
from bot.slack.directory import READ_FAILURES, refresh_directories
from bot.slack.sender import DrainReport, Sender
from bot.slack.space import SpaceUI, finish_deleting

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CycleReport:
    """How many rows a cycle enqueued, and what the drain did."""

    enqueued: int
    drained: DrainReport


async def teams_due_soon(
    runtime: Runtime, kinds: Sequence[DeliveryKind], as_of: datetime
) -> set[str]:
    """Workspaces where someone's message is due within SLOT_LEAD of `as_of`."""
    async with runtime.db.session() as session:
        ahead = as_of + directory.SLOT_LEAD
        return {d.team_id for kind in kinds for d in await kind.find_due(session, runtime, ahead)}


async def resume_deletions(runtime: Runtime) -> int:
    """Finish deleting anonymous posts whose deletion stopped half-way; returns how many."""
    async with runtime.db.session() as session:
        pending = [(p.id, p.team_id) for p in await space.posts_being_deleted(session)]
    ui = SpaceUI(runtime)
    for post_id, team_id in pending:
        try:
            await finish_deleting(ui, await runtime.clients.for_team(team_id), post_id)
        except READ_FAILURES as exc:
            logger.warning("could not finish deleting a post yet: %s", type(exc).__name__)
    return len(pending)


async def enqueue_due(runtime: Runtime, kinds: Sequence[DeliveryKind], as_of: datetime) -> int:
    """Enqueue every message due at `as_of` (idempotent); returns how many rows were new."""
    async with runtime.db.session() as session:
        due = [d for kind in kinds for d in await kind.find_due(session, runtime, as_of)]
        return await outbox.enqueue(session, due, utcnow())


async def run_cycle(
    runtime: Runtime, kinds: Sequence[DeliveryKind], sender: Sender, as_of: datetime
) -> CycleReport:
    """Read stale directories, enqueue what is due at `as_of`, then deliver what is claimable.

    Directories are read a little ahead of each slot (see bot/services/directory.py), so the
    messages at the slot need no Slack call but their own.
    """
    await refresh_directories(runtime, utcnow(), lambda: teams_due_soon(runtime, kinds, as_of))
    await resume_deletions(runtime)
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

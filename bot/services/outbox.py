"""The deliveries outbox: idempotent enqueueing and claims that several replicas can share.

Every message Kindred sends on a schedule is first a row here, unique per (workspace,
recipient, kind, period). Enqueueing the same row twice is a no-op; senders claim rows before
sending, so two replicas never send the same row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.workspaces import ensure_workspaces
from bot.store.models import Delivery

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
SKIPPED = "skipped"
FAILED = "failed"
STATUSES = (PENDING, SENDING, SENT, SKIPPED, FAILED)

# A claim older than this belongs to a sender that died; its rows may be claimed again.
CLAIM_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Due:
    """One message due to one person for one period (e.g. the ISO week `2026-W48`)."""

    team_id: str
    recipient: str
    kind: str
    period: str


async def enqueue(
    session: AsyncSession, due: Sequence[Due], now: datetime, not_before: datetime | None = None
) -> int:
    """Insert the rows that do not exist yet (due at `not_before`, else now); returns how many
    were new."""
    if not due:
        return 0
    await ensure_workspaces(session, {d.team_id for d in due})
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    rows = [
        {
            "team_id": d.team_id,
            "recipient": d.recipient,
            "kind": d.kind,
            "period": d.period,
            "status": PENDING,
            "attempts": 0,
            "not_before": not_before or now,
            "created_at": now,
        }
        for d in due
    ]
    statement = insert(Delivery).on_conflict_do_nothing(
        index_elements=["team_id", "recipient", "kind", "period"]
    )
    result = await session.execute(statement.returning(Delivery.id), rows)
    return len(result.all())


async def claim(
    session: AsyncSession,
    worker: str,
    now: datetime,
    limit: int,
    lease: timedelta = CLAIM_LEASE,
) -> list[Delivery]:
    """Claim up to `limit` rows that are due: pending ones, and ones whose claim (older than
    `lease`) belongs to a sender that died.

    On PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, so concurrent senders
    each get different rows; SQLite serialises writers, which gives the same guarantee.
    """
    claimable = or_(
        and_(Delivery.status == PENDING, Delivery.not_before <= now),
        and_(Delivery.status == SENDING, Delivery.claimed_at < now - lease),
    )
    candidates = (
        select(Delivery.id).where(claimable).order_by(Delivery.not_before, Delivery.id).limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    while True:
        ids = list(await session.scalars(candidates))
        if not ids:
            return []
        claimed = list(
            await session.scalars(
                # Checking `claimable` again makes a second sender that read the same candidates
                # (possible on SQLite, which has no SKIP LOCKED) claim nothing instead of a
                # duplicate.
                update(Delivery)
                .where(Delivery.id.in_(ids), claimable)
                .values(
                    status=SENDING,
                    claimed_by=worker,
                    claimed_at=now,
                    attempts=Delivery.attempts + 1,
                )
                .returning(Delivery),
                execution_options={"synchronize_session": False},
            )
        )
        if claimed:
            return sorted(claimed, key=lambda row: row.id)
        # Another sender took every candidate first: look again rather than report "nothing
        # left", or this sender would stop while rows are still waiting. Each lost round means
        # the other sender claimed rows, so this ends.


async def mark_sent(
    session: AsyncSession, delivery_id: int, channel: str, ts: str, now: datetime
) -> None:
    """Record that Slack accepted the message."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(status=SENT, channel=channel, message_ts=ts, sent_at=now, last_error=None)
    )


async def mark_skipped(session: AsyncSession, delivery_id: int, reason: str) -> None:
    """Record that the message was no longer wanted (already checked in, away, paused…)."""
    await session.execute(
        update(Delivery).where(Delivery.id == delivery_id).values(status=SKIPPED, last_error=reason)
    )


async def mark_retry_or_failed(
    session: AsyncSession, delivery: Delivery, reason: str, retry_at: datetime | None
) -> str:
    """Put the row back for a later try, or mark it failed when it is out of tries."""
    if retry_at is None or delivery.attempts >= MAX_ATTEMPTS:
        status, not_before = FAILED, delivery.not_before
    else:
        status, not_before = PENDING, retry_at
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id)
        .values(status=status, not_before=not_before, last_error=reason[:500], claimed_by=None)
    )
    return status


async def status_counts(session: AsyncSession) -> dict[tuple[str, str], int]:
    """How many deliveries there are per (kind, status)."""
    rows = await session.execute(
        select(Delivery.kind, Delivery.status, func.count()).group_by(
            Delivery.kind, Delivery.status
        )
    )
    return {(kind, status): count for kind, status, count in rows}


async def failures(session: AsyncSession, limit: int = 50) -> list[Delivery]:
    """The most recent failed deliveries, with their reasons."""
    rows = await session.scalars(
        select(Delivery).where(Delivery.status == FAILED).order_by(Delivery.id.desc()).limit(limit)
    )
    return list(rows)

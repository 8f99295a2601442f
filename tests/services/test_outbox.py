"""The outbox on SQLite and PostgreSQL: idempotent enqueueing and exclusive claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, event, select, update

from bot.runtime import Runtime
from bot.services import outbox
from bot.services.outbox import Due
from bot.store.db import Database, sync_database_url
from bot.store.models import Delivery

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def due_for(*recipients: str, period: str = "2026-W48") -> list[Due]:
    return [Due("T0KINDRED", r, "test_hello", period) for r in recipients]


async def all_rows(db: Database) -> list[Delivery]:
    async with db.session() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def test_enqueue_is_idempotent_per_recipient_kind_and_period(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        assert await outbox.enqueue(session, due_for("U1", "U2"), NOW) == 2
    async with runtime.db.session() as session:
        assert await outbox.enqueue(session, due_for("U1", "U2", "U3"), NOW) == 1
        assert await outbox.enqueue(session, due_for("U1", period="2026-W49"), NOW) == 1
    rows = await all_rows(runtime.db)
    assert [(r.recipient, r.period, r.status) for r in rows] == [
        ("U1", "2026-W48", "pending"),
        ("U2", "2026-W48", "pending"),
        ("U3", "2026-W48", "pending"),
        ("U1", "2026-W49", "pending"),
    ]


async def test_claim_takes_due_rows_once(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for("U1", "U2", "U3"), NOW)
    async with runtime.db.session() as session:
        first = await outbox.claim(session, "worker-a", NOW, limit=2)
    async with runtime.db.session() as session:
        second = await outbox.claim(session, "worker-b", NOW, limit=10)
    async with runtime.db.session() as session:
        third = await outbox.claim(session, "worker-c", NOW, limit=10)
    assert [r.recipient for r in first] == ["U1", "U2"]
    assert [r.recipient for r in second] == ["U3"]
    assert third == []
    assert {r.claimed_by for r in first} == {"worker-a"}
    assert all(r.status == "sending" and r.attempts == 1 for r in first + second)


async def test_rows_wait_for_not_before(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for("U1"), NOW + timedelta(minutes=5))
    async with runtime.db.session() as session:
        assert await outbox.claim(session, "w", NOW, limit=10) == []
    async with runtime.db.session() as session:
        later = await outbox.claim(session, "w", NOW + timedelta(minutes=5), limit=10)
    assert [r.recipient for r in later] == ["U1"]


async def test_an_expired_claim_can_be_taken_over(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for("U1"), NOW)
    async with runtime.db.session() as session:
        await outbox.claim(session, "dead-worker", NOW, limit=10)
    async with runtime.db.session() as session:
        assert await outbox.claim(session, "w", NOW + timedelta(minutes=1), limit=10) == []
    async with runtime.db.session() as session:
        taken = await outbox.claim(session, "w", NOW + outbox.CLAIM_LEASE * 2, limit=10)
    assert [(r.recipient, r.claimed_by, r.attempts) for r in taken] == [("U1", "w", 2)]


async def test_retry_until_out_of_attempts_then_failed(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for("U1"), NOW)
    moment = NOW
    statuses = []
    for _ in range(outbox.MAX_ATTEMPTS):
        async with runtime.db.session() as session:
            (row,) = await outbox.claim(session, "w", moment, limit=1)
        async with runtime.db.session() as session:
            retry_at = moment + timedelta(seconds=30)
            statuses.append(await outbox.mark_retry_or_failed(session, row, "slack 503", retry_at))
        moment = retry_at
    assert statuses == ["pending"] * (outbox.MAX_ATTEMPTS - 1) + ["failed"]
    (row,) = await all_rows(runtime.db)
    assert (row.status, row.last_error, row.attempts) == ("failed", "slack 503", 5)
    async with runtime.db.session() as session:
        assert [r.id for r in await outbox.failures(session)] == [row.id]
        assert await outbox.status_counts(session) == {("test_hello", "failed"): 1}


async def test_concurrent_claims_on_postgres_skip_locked_rows(
    runtime: Runtime, db_url: str
) -> None:
    if not runtime.db.is_postgres:
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for(*(f"U{i}" for i in range(10))), NOW)
    replica = Database(db_url)
    try:
        async with runtime.db.session() as first:
            mine = await outbox.claim(first, "replica-a", NOW, limit=4)
            # replica-a has not committed yet: its rows are locked, so replica-b skips them.
            async with replica.session() as second:
                theirs = await outbox.claim(second, "replica-b", NOW, limit=10)
    finally:
        await replica.dispose()
    assert len(mine) == 4 and len(theirs) == 6
    assert not {r.id for r in mine} & {r.id for r in theirs}


async def test_rows_already_claimed_elsewhere_are_not_claimed_again(runtime: Runtime) -> None:
    # What a second sender sees if it read the candidates just before the first one claimed them.
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for("U1"), NOW)
    async with runtime.db.session() as session:
        await session.execute(
            update(Delivery).values(status="sending", claimed_by="other", claimed_at=NOW)
        )
    async with runtime.db.session() as session:
        assert await outbox.claim(session, "me", NOW, limit=10) == []


async def test_a_sender_that_loses_its_candidates_claims_the_next_ones(
    runtime: Runtime, db_url: str
) -> None:
    if runtime.db.is_postgres:
        pytest.skip("on PostgreSQL the candidates are locked (SKIP LOCKED): they cannot be lost")
    async with runtime.db.session() as session:
        await outbox.enqueue(session, due_for("U1", "U2", "U3", "U4"), NOW)
    other_sender = create_engine(sync_database_url(db_url))
    raced: list[str] = []

    engine = runtime.db.engine.sync_engine
    hook = "before_cursor_execute"

    def before_update(conn: object, cursor: object, statement: str, *rest: object) -> None:
        # Between this sender reading U1 and U2 as candidates and claiming them, another
        # sender claims them.
        if raced or not statement.lstrip().upper().startswith("UPDATE DELIVERIES"):
            return
        raced.append("other")
        with other_sender.begin() as connection:
            connection.execute(
                update(Delivery)
                .where(Delivery.recipient.in_(["U1", "U2"]))
                .values(status="sending", claimed_by="other", claimed_at=NOW)
            )

    event.listen(engine, hook, before_update)
    try:
        async with runtime.db.session() as session:
            mine = await outbox.claim(session, "me", NOW, limit=2)
    finally:
        event.remove(engine, hook, before_update)
        other_sender.dispose()
    assert raced == ["other"]
    assert [r.recipient for r in mine] == ["U3", "U4"]
    assert {r.claimed_by for r in await all_rows(runtime.db)} == {"other", "me"}

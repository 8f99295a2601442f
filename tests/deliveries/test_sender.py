"""The scheduling cycle and sender against the Slack stand-in, on SQLite and PostgreSQL.

A small delivery kind made for these tests drives the real outbox, sender and Web API client.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.deliveries.cycle import run_cycle
from bot.runtime import Runtime, build_runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import outbox
from bot.services.outbox import Due
from bot.services.schedule import week_period
from bot.slack.blocks import section
from bot.slack.sender import METADATA_EVENT_TYPE, Sender
from bot.store.db import Database
from bot.store.models import Delivery
from tests.support.blockkit import assert_valid_call

AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KIND = "test_hello"


def hello_kind(recipients: list[str], away: frozenset[str] = frozenset()) -> DeliveryKind:
    async def find_due(session: AsyncSession, runtime: Runtime, as_of: datetime) -> list[Due]:
        return [Due("T0KINDRED", r, KIND, week_period(as_of)) for r in recipients]

    async def compose(
        runtime: Runtime, client: AsyncWebClient, delivery: Delivery
    ) -> OutgoingMessage | Skip:
        if delivery.recipient in away:
            return Skip("away")
        return OutgoingMessage(text="Hello!", blocks=[section(f"Hello <@{delivery.recipient}>")])

    return DeliveryKind(KIND, find_due, compose)


async def cycle(runtime: Runtime, kind: DeliveryKind, worker: str = "w1"):
    return await run_cycle(runtime, [kind], Sender(runtime, [kind], worker=worker), AS_OF)


async def rows(runtime: Runtime) -> list[Delivery]:
    async with runtime.db.session() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


def delivered_to(standin: SlackStandIn) -> list[str]:
    return sorted(c.params["channel"] for c in standin.calls("chat.postMessage") if c.status == 200)


async def test_a_cycle_sends_each_due_message_once(runtime: Runtime, standin: SlackStandIn) -> None:
    kind = hello_kind(["U1", "U2", "U3"])
    first = await cycle(runtime, kind)
    second = await cycle(runtime, kind)
    assert (first.enqueued, first.drained.sent) == (3, 3)
    assert (second.enqueued, second.drained.sent) == (0, 0)
    assert delivered_to(standin) == ["U1", "U2", "U3"]
    calls = standin.calls("chat.postMessage")
    by_id = {c.params["metadata"]["event_payload"]["delivery_id"]: c for c in calls}
    for row in await rows(runtime):
        call = by_id[row.id]  # the sender posts concurrently, so calls arrive in any order
        assert_valid_call(call.method, call.params)
        assert call.params["channel"] == row.recipient
        assert call.params["metadata"] == {
            "event_type": METADATA_EVENT_TYPE,
            "event_payload": {"delivery_id": row.id, "kind": KIND},
        }
        assert (row.status, row.message_ts) == ("sent", call.response["ts"])
        assert row.channel == call.response["channel"]


async def test_skipped_messages_are_recorded_not_sent(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    report = await cycle(runtime, hello_kind(["U1", "U2"], away=frozenset({"U2"})))
    assert report.drained.outcomes == {"sent": 1, "skipped": 1}
    assert delivered_to(standin) == ["U1"]
    assert [(r.recipient, r.status, r.last_error) for r in await rows(runtime)] == [
        ("U1", "sent", None),
        ("U2", "skipped", "away"),
    ]


async def test_rate_limit_waits_for_retry_after_and_sends_once(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.fail_next("chat.postMessage", status=429, retry_after=1)
    report = await cycle(runtime, hello_kind(["U1"]))
    assert report.drained.sent == 1
    statuses = [c.status for c in standin.calls("chat.postMessage")]
    assert statuses == [429, 200]
    assert delivered_to(standin) == ["U1"]


async def test_a_server_error_on_posting_is_looked_up_before_the_retry(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    # Slack may have posted before answering 503: the client does not repeat the post itself.
    standin.fail_next("chat.postMessage", status=503)
    report = await cycle(runtime, hello_kind(["U1"]))
    assert report.drained.outcomes == {"retry": 1}
    assert [c.status for c in standin.calls("chat.postMessage")] == [503]
    (row,) = await rows(runtime)
    assert (row.status, row.maybe_posted) == ("pending", True)
    assert row.last_error.startswith("slack 503")
    assert row.not_before > datetime.now(UTC) + timedelta(seconds=20)
    assert delivered_to(standin) == []

    # Later, Slack is well again: the sender looks for the message first, then sends it once.
    async with runtime.db.session() as session:
        await session.execute(update(Delivery).values(not_before=datetime.now(UTC)))
    retried = await Sender(runtime, [hello_kind(["U1"])]).drain()
    assert retried.sent == 1
    assert len(standin.calls("conversations.history")) == 1
    (row,) = await rows(runtime)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_a_refused_post_is_retried_without_a_history_read(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    # Slack answered, and said no: the message is certainly not there, nothing to look up.
    standin.fail_next("chat.postMessage", status=200, error="fatal_error")
    first = await cycle(runtime, hello_kind(["U1"]))
    assert first.drained.outcomes == {"retry": 1}
    (row,) = await rows(runtime)
    assert row.maybe_posted is False
    async with runtime.db.session() as session:
        await session.execute(update(Delivery).values(not_before=datetime.now(UTC)))
    assert (await Sender(runtime, [hello_kind(["U1"])]).drain()).sent == 1
    assert standin.calls("conversations.history") == []
    assert standin.calls("conversations.open") == []


async def test_a_permanent_refusal_fails_with_its_reason(
    runtime: Runtime, standin: SlackStandIn, tmp_path: Path
) -> None:
    standin.fail_next("chat.postMessage", status=200, error="user_not_found")
    report = await cycle(runtime, hello_kind(["U1", "U2"]))
    assert report.drained.outcomes == {"failed": 1, "sent": 1}
    failed = [r for r in await rows(runtime) if r.status == "failed"]
    assert [r.last_error for r in failed] == ["slack refused: user_not_found"]

    status = subprocess.run(
        [sys.executable, "-m", "bot", "nudges", "status"],
        env={"DATABASE_URL": runtime.settings.DATABASE_URL, "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].split() == ["kind", "pending", "sending", "sent", "skipped", "failed"]
    assert lines[1].split() == [KIND, "0", "0", "1", "0", "1"]
    assert f"failed #{failed[0].id} {KIND} 2026-W48 after 1 attempt(s): slack refused" in lines[2]


async def test_after_a_crash_the_message_already_in_slack_is_not_sent_again(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    kind = hello_kind(["U1"])
    async with runtime.db.session() as session:
        await outbox.enqueue(session, await kind.find_due(session, runtime, AS_OF), AS_OF)
    (row,) = await rows(runtime)
    # The earlier sender posted, then died before recording it: the row is still "sending".
    client = await runtime.clients.for_team("T0KINDRED")
    posted = await client.chat_postMessage(
        channel="U1",
        text="Hello!",
        metadata={"event_type": METADATA_EVENT_TYPE, "event_payload": {"delivery_id": row.id}},
    )
    async with runtime.db.session() as session:
        await session.execute(
            update(Delivery).values(
                status="sending",
                attempts=1,
                claimed_by="dead",
                claimed_at=datetime.now(UTC) - outbox.CLAIM_LEASE * 2,
                maybe_posted=True,  # it had reached chat.postMessage
            )
        )
    standin.clear()
    report = await Sender(runtime, [kind]).drain()
    assert report.sent == 1
    assert standin.calls("chat.postMessage") == []
    (row,) = await rows(runtime)
    assert (row.status, row.message_ts) == ("sent", posted["ts"])


async def test_a_sender_that_died_before_posting_costs_no_history_read(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    kind = hello_kind(["U1", "U2"])
    async with runtime.db.session() as session:
        await outbox.enqueue(session, await kind.find_due(session, runtime, AS_OF), AS_OF)
        # Claimed by a sender that died while composing: it never called chat.postMessage.
        await session.execute(
            update(Delivery).values(
                status="sending",
                attempts=1,
                claimed_by="dead",
                claimed_at=datetime.now(UTC) - outbox.CLAIM_LEASE * 2,
            )
        )
    report = await Sender(runtime, [kind]).drain()
    assert report.sent == 2
    assert delivered_to(standin) == ["U1", "U2"]
    assert standin.calls("conversations.history") == []
    assert standin.calls("conversations.open") == []


async def test_two_replicas_draining_one_outbox_send_each_row_once(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    recipients = [f"U{i:03d}" for i in range(60)]
    kind = hello_kind(recipients)
    async with runtime.db.session() as session:
        await outbox.enqueue(session, await kind.find_due(session, runtime, AS_OF), AS_OF)
    replica = build_runtime(runtime.settings, db=Database(runtime.settings.DATABASE_URL))
    try:
        reports = await asyncio.gather(
            Sender(runtime, [kind], worker="a", batch_size=5).drain(),
            Sender(replica, [kind], worker="b", batch_size=5).drain(),
        )
    finally:
        await replica.db.dispose()
    assert sum(r.sent for r in reports) == 60
    assert delivered_to(standin) == recipients
    assert {r.claimed_by for r in await rows(runtime)} <= {"a", "b"}

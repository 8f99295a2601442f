"""Rate limits are a budget: paced calls, 429s waited out, nothing marked failed for throttling."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import outbox
from bot.services.outbox import Due
from bot.services.schedule import week_period
from bot.slack.client import MAX_THROTTLED_SECONDS, create_web_client, new_limiter
from bot.slack.limits import (
    METHOD_TIERS,
    NON_MARKETPLACE_HISTORY,
    TIER_2,
    RateLimiter,
    Tier,
    method_tiers,
)
from bot.slack.profiles import fetch_profile
from bot.slack.sender import Sender
from bot.store.models import Delivery
from tests.conftest import BOT_TOKEN

AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KIND = "test_throttled"


class FakeTime:
    """A clock that only moves when someone sleeps on it: pacing costs no real time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def throttled_kind(recipients: list[str]) -> DeliveryKind:
    """A kind whose composer reads each person's profile (users.info), as reminders used to."""

    async def find_due(session: AsyncSession, runtime: Runtime, as_of: datetime) -> list[Due]:
        return [Due("T0KINDRED", r, KIND, week_period(as_of)) for r in recipients]

    async def compose(
        runtime: Runtime, client: AsyncWebClient, delivery: Delivery
    ) -> OutgoingMessage | Skip:
        await fetch_profile(client, delivery.recipient)
        return OutgoingMessage(text="Hello!")

    return DeliveryKind(KIND, find_due, compose)


def test_the_limiter_paces_each_method_at_its_tier() -> None:
    fake = FakeTime()
    limiter = RateLimiter({"users.list": TIER_2}, clock=fake.clock, sleep=fake.sleep)

    async def calls(n: int) -> None:
        for _ in range(n):
            await limiter.acquire("users.list")

    asyncio.run(calls(TIER_2.burst + 20))
    # The burst goes at once, then one call every 3 seconds (20 a minute).
    assert fake.now - 1000.0 == pytest.approx(60.0)


def test_a_pause_holds_back_only_that_method() -> None:
    fake = FakeTime()
    limiter = RateLimiter(dict(METHOD_TIERS), clock=fake.clock, sleep=fake.sleep)
    limiter.pause("users.info", 30)
    assert limiter.delay("users.info") == 30
    assert limiter.delay("views.publish") == 0


def test_posts_are_paced_per_channel_as_well_as_per_workspace() -> None:
    fake = FakeTime()
    tiers = method_tiers(6000, distributed=False)
    limiter = RateLimiter(tiers, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):  # the channel's burst
        assert limiter.take("chat.postMessage", "C1") == 0
    assert limiter.delay("chat.postMessage", "C1") > 0.9  # then about one a second
    assert limiter.delay("chat.postMessage", "C2") == 0


def test_distributed_apps_read_history_at_the_non_marketplace_limit() -> None:
    internal = method_tiers(300, distributed=False)
    distributed = method_tiers(300, distributed=True)
    assert internal["conversations.history"] == METHOD_TIERS["conversations.history"]
    assert distributed["conversations.history"] == NON_MARKETPLACE_HISTORY
    assert distributed["conversations.replies"] == NON_MARKETPLACE_HISTORY
    assert distributed["chat.postMessage"] == Tier("workspace post budget", 300, 5)


def _fake_paced(runtime: Runtime) -> FakeTime:
    fake = FakeTime()
    limiter = new_limiter(runtime.settings, clock=fake.clock, sleep=fake.sleep)
    runtime.clients.base = create_web_client(runtime.settings, BOT_TOKEN, limiter=limiter)
    return fake


async def _rows(runtime: Runtime) -> list[Delivery]:
    async with runtime.db.session() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def test_a_429_is_waited_out_and_is_not_an_attempt(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    fake = _fake_paced(runtime)
    standin.add_user("U1")
    standin.fail_next("chat.postMessage", status=429, retry_after=7, times=2)
    kind = throttled_kind(["U1"])
    async with runtime.db.session() as session:
        await outbox.enqueue(session, await kind.find_due(session, runtime, AS_OF), AS_OF)
    report = await Sender(runtime, [kind]).drain()
    assert report.outcomes == {"sent": 1}
    assert 7 in fake.slept
    (row,) = await _rows(runtime)
    assert (row.status, row.attempts, row.maybe_posted) == ("sent", 1, True)
    # Three posts reached the stand-in (two 429s, then the message), but nobody looked it up.
    assert [c.status for c in standin.calls("chat.postMessage")] == [429, 429, 200]
    assert standin.calls("conversations.history") == []


async def test_throttled_methods_never_mark_a_row_failed(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    _fake_paced(runtime)
    recipients = ["U1", "U2", "U3"]
    for user_id in recipients:
        standin.add_user(user_id)
    kind = throttled_kind(recipients)
    async with runtime.db.session() as session:
        await outbox.enqueue(session, await kind.find_due(session, runtime, AS_OF), AS_OF)
    # Far more 429s than a row has tries, each longer than the client waits in one go.
    long_wait = int(MAX_THROTTLED_SECONDS)
    for method in ("users.info", "chat.postMessage"):
        standin.fail_next(method, status=429, retry_after=long_wait, times=10 * outbox.MAX_ATTEMPTS)
    drains = 0
    while {r.status for r in await _rows(runtime)} != {"sent"}:
        drains += 1
        assert drains < 20 * outbox.MAX_ATTEMPTS, [r.last_error for r in await _rows(runtime)]
        for row in await _rows(runtime):
            assert row.status != "failed", row.last_error
            if row.status == "pending":
                assert row.attempts == 0, row.last_error  # postponed, never an attempt
        async with runtime.db.session() as session:  # the wait is over
            await session.execute(update(Delivery).values(not_before=datetime.now(UTC)))
        await Sender(runtime, [kind]).drain()
    assert drains > outbox.MAX_ATTEMPTS  # the row was put back more often than it has tries
    assert (
        sorted(c.params["channel"] for c in standin.calls("chat.postMessage") if c.status == 200)
        == recipients
    )


async def test_scarce_history_reads_postpone_a_look_up_instead_of_holding_the_sender(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    # A non-Marketplace distributed app: one history read a minute.
    fake = FakeTime()
    limiter = RateLimiter(method_tiers(300, distributed=True), clock=fake.clock, sleep=fake.sleep)
    runtime.clients.base = create_web_client(runtime.settings, BOT_TOKEN, limiter=limiter)
    for user_id in ("U1", "U2"):
        standin.add_user(user_id)
    kind = throttled_kind(["U1", "U2"])
    async with runtime.db.session() as session:
        await outbox.enqueue(session, await kind.find_due(session, runtime, AS_OF), AS_OF)
        await session.execute(update(Delivery).values(maybe_posted=True))  # both ambiguous
    report = await Sender(runtime, [kind], concurrency=1).drain()
    assert report.outcomes == {"sent": 1, "postponed": 1}
    assert len(standin.calls("conversations.history")) == 1
    (waiting,) = [r for r in await _rows(runtime) if r.status == "pending"]
    assert waiting.attempts == 0 and waiting.maybe_posted
    assert (waiting.not_before - datetime.now(UTC)).total_seconds() > 50

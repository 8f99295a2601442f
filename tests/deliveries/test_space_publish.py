"""Delayed anonymous posts through the outbox: published once at their moment, or never if the
author deleted them while they waited. The clock is moved by making the outbox row due."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import create_engine, select, text, update

from bot.deliveries import delivery_kinds
from bot.deliveries.space_publish import SPACE_POST, publish_moment, schedule
from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import space
from bot.services.schedule import utcnow
from bot.slack.sender import Sender
from bot.store.db import sync_database_url
from bot.store.models import AnonymousPost, Delivery
from tests.conftest import SECRET_KEY

TEAM, SPACE, ALICE = "T0TEAM", "C0SPACE", "U0ALICE01"
DELAY = 90


async def waiting_post(runtime: Runtime, words: str) -> int:
    async with runtime.db.session() as session:
        post = await space.create_post(session, space.Hasher(SECRET_KEY), TEAM, SPACE, ALICE, words)
        now = utcnow()
        at = await schedule(session, TEAM, SPACE, SPACE_POST, post.id, now, DELAY)
        assert now <= at <= now + timedelta(seconds=DELAY)
        return post.id


async def its_moment_comes(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await session.execute(update(Delivery).values(not_before=utcnow() - timedelta(seconds=1)))


def posted(standin: SlackStandIn) -> list[dict[str, Any]]:
    return [c.params for c in standin.calls("chat.postMessage")]


def test_the_moment_is_uniform_within_the_delay() -> None:
    now, rng = utcnow(), random.Random(12)
    offsets = [(publish_moment(now, DELAY, rng) - now).total_seconds() for _ in range(2000)]
    assert all(0 <= offset <= DELAY for offset in offsets)
    for start in range(0, DELAY, 30):  # each third of the delay gets about a third of them
        share = sum(start <= offset < start + 30 for offset in offsets) / len(offsets)
        assert 0.28 < share < 0.39


async def test_a_waiting_post_is_published_once_at_its_moment(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_channel(SPACE, "processing-space")
    post_id = await waiting_post(runtime, "soon")
    sender = Sender(runtime, delivery_kinds())
    assert (await sender.drain()).outcomes == {}  # not yet
    assert posted(standin) == []
    await its_moment_comes(runtime)
    assert (await sender.drain()).outcomes == {"sent": 1}
    assert (await sender.drain()).outcomes == {}
    (message,) = posted(standin)
    assert message["channel"] == SPACE and "metadata" not in message
    assert ALICE not in str(message)
    async with runtime.db.session() as session:
        post = await session.get(AnonymousPost, post_id)
        assert post is not None and post.message_ts
        assert list(await session.scalars(select(Delivery))) == []  # the row is gone once done


async def test_a_post_deleted_while_waiting_is_never_published(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_channel(SPACE, "processing-space")
    post_id = await waiting_post(runtime, "never mind")
    async with runtime.db.session() as session:
        await space.delete_post(session, post_id)
        # Its outbox row goes with it: nothing is left to say when it was written.
        assert list(await session.scalars(select(Delivery))) == []
    await its_moment_comes(runtime)
    assert (await Sender(runtime, delivery_kinds()).drain()).outcomes == {}
    assert posted(standin) == []


async def test_a_post_deleted_while_being_published_comes_down_again(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_channel(SPACE, "processing-space")
    post_id = await waiting_post(runtime, "just in time")
    engine = create_engine(sync_database_url(runtime.settings.DATABASE_URL))
    builtin = standin._chat_post_message  # answer as Slack would, once the race has happened

    def delete_meanwhile(params: dict[str, Any]) -> dict[str, Any]:
        with engine.begin() as conn:  # the author presses Delete while Slack posts it
            conn.execute(text("DELETE FROM anonymous_posts WHERE id = :id"), {"id": post_id})
        return builtin(params)

    standin.set_handler("chat.postMessage", delete_meanwhile)
    try:
        await its_moment_comes(runtime)
        assert (await Sender(runtime, delivery_kinds()).drain()).outcomes == {"skipped": 1}
    finally:
        engine.dispose()
    (deleted,) = standin.calls("chat.delete")
    assert deleted.params["channel"] == SPACE
    assert standin.messages(SPACE) == []

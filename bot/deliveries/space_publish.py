"""The anonymous space's posts and replies, published by the outbox at a random moment.

A post appearing the instant its author pressed Submit dates the moment they were active.
With KINDRED_SPACE_DELAY_SECONDS above 0, a post or reply is stored at once (no message yet)
with an outbox row due at a uniformly random moment within the delay. The row names the
channel, never a person, and its period is the post or reply id; it is deleted once done,
since its creation time is exactly the moment the delay hides.

The serving process sets a timer for that moment; if it dies first, the scheduler's next
cycle publishes it. Deleting a waiting post deletes its outbox row with it, so it is never
published; a post being published at that very moment is taken down again as soon as Kindred
sees its record gone. A reply whose thread went to the moderators while it waited is not
published (it goes when the post is deleted).
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip, enqueued_by_flows
from bot.runtime import Runtime
from bot.services import outbox, space
from bot.services.outbox import Due
from bot.services.schedule import utcnow
from bot.slack.space import SpaceUI, find_posted, post_in_channel, record_or_take_down
from bot.store.models import AnonymousReply, Delivery

logger = logging.getLogger(__name__)

SPACE_POST = space.PUBLISH_POST
SPACE_REPLY = space.PUBLISH_REPLY
# The timers of this process, kept referenced until they have run (asyncio holds tasks weakly).
_TIMERS: set[asyncio.Task[None]] = set()


def publish_moment(now: datetime, delay_seconds: int, rng: random.Random | None = None) -> datetime:
    """A uniformly random moment in the `delay_seconds` after `now`."""
    return now + timedelta(seconds=(rng or random).uniform(0, delay_seconds))


async def schedule(
    session: AsyncSession,
    team_id: str,
    channel: str,
    kind: str,
    item_id: int,
    now: datetime,
    delay_seconds: int,
) -> datetime:
    """Enqueue the publishing of post or reply `item_id`; returns when it is due."""
    at = publish_moment(now, delay_seconds)
    await outbox.enqueue(session, [Due(team_id, channel, kind, str(item_id))], now, not_before=at)
    return at


def publish_at(runtime: Runtime, at: datetime) -> None:
    """Drain the outbox at `at` in this process (the scheduler's cycle is the fallback)."""
    from bot.deliveries import delivery_kinds
    from bot.slack.sender import Sender

    async def wait_then_send() -> None:
        await asyncio.sleep(max(0.0, (at - utcnow()).total_seconds()))
        try:
            await Sender(runtime, delivery_kinds()).drain()
        except SQLAlchemyError as exc:
            logger.warning("publishing a waiting post failed (%s); the next cycle retries",
                           type(exc).__name__)  # fmt: skip

    timer = asyncio.create_task(wait_then_send())
    _TIMERS.add(timer)
    timer.add_done_callback(_TIMERS.discard)


async def _finish(runtime: Runtime, delivery: Delivery) -> None:
    async with runtime.db.session() as session:
        await session.execute(delete(Delivery).where(Delivery.id == delivery.id))


async def _record(
    runtime: Runtime,
    client: AsyncWebClient,
    delivery: Delivery,
    channel: str,
    ts: str,
    post_id: int,
    reply_id: int | None = None,
) -> str:
    recorded = await record_or_take_down(runtime, client, channel, ts, post_id, reply_id)
    await _finish(runtime, delivery)
    return "sent" if recorded else "skipped"


async def deliver_post(runtime: Runtime, client: AsyncWebClient, delivery: Delivery) -> str:
    """Publish a waiting post as OP and record where it went."""
    async with runtime.db.session() as session:
        post = await space.get_post(session, delivery.team_id, int(delivery.period))
    if post is None or post.message_ts:  # deleted while waiting, or already up
        await _finish(runtime, delivery)
        return "skipped"
    ts = await find_posted(client, post.channel, post.id) if delivery.attempts > 1 else None
    if ts is None:
        ui = SpaceUI(runtime)
        ts = await post_in_channel(client, post.channel, ui.post_message(post.id, post.text))
    return await _record(runtime, client, delivery, post.channel, ts, post.id)


async def deliver_reply(runtime: Runtime, client: AsyncWebClient, delivery: Delivery) -> str:
    """Publish a waiting reply in its post's thread and record where it went."""
    async with runtime.db.session() as session:
        reply = await session.get(AnonymousReply, int(delivery.period))
        post = await space.get_post(session, delivery.team_id, reply.post_id) if reply else None
    if reply is None or post is None or reply.message_ts or not post.message_ts:
        await _finish(runtime, delivery)
        return "skipped"
    if post.status != space.Status.VISIBLE.value:
        # The thread went to the moderators meanwhile: the reply waits (unpublished) with it.
        await _finish(runtime, delivery)
        return "skipped"
    ts = None
    if delivery.attempts > 1:
        ts = await find_posted(client, post.channel, post.id, reply.id, thread_ts=post.message_ts)
    if ts is None:
        message = SpaceUI(runtime).reply_message(post.id, reply.id, reply.pseudonym, reply.text)
        ts = await post_in_channel(client, post.channel, message, thread_ts=post.message_ts)
    return await _record(runtime, client, delivery, post.channel, ts, post.id, reply.id)


async def _not_composed(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    return Skip("published by deliver")  # never called: these kinds deliver themselves


KINDS = (
    DeliveryKind(SPACE_POST, enqueued_by_flows, _not_composed, deliver_post),
    DeliveryKind(SPACE_REPLY, enqueued_by_flows, _not_composed, deliver_reply),
)

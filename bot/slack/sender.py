"""Drains the outbox into Slack: compose, post, record; retry what Slack asks to retry.

Each message carries its delivery id in Slack message metadata, and a row is marked
`maybe_posted` once its message is composed, just before it is posted. Only such a row (the
call timed out, the connection dropped, Slack answered 5xx, or the sender died before recording
Slack's answer) is looked for in the DM before it is sent again, so the person never gets the
message twice and no other row spends a history read. Rate limits are a budget, not a failure:
the client paces every call and waits out 429s; a row whose wait runs longer is put back without
using up a try.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Generic, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.runtime import Runtime
from bot.services import outbox
from bot.services.schedule import utcnow
from bot.slack.client import is_throttled, retry_after
from bot.slack.limits import NON_MARKETPLACE_PAGE_SIZE, RateLimiter
from bot.store.models import Delivery

logger = logging.getLogger(__name__)

T = TypeVar("T")

METADATA_EVENT_TYPE = "kindred_delivery"
BATCH_SIZE = 50
CONCURRENCY = 8
RETRY_BASE = timedelta(seconds=30)
HISTORY_METHOD = "conversations.history"
# Looking for an earlier post may wait this long for a history read inside the sender; longer,
# and the row is put back until the read is free (without using up a try).
LOOKUP_WAIT_LIMIT_SECONDS = 5.0
GROUP_COMMIT_SECONDS = 0.02
# Slack answers these for a person or channel that cannot receive messages: trying again won't help.
PERMANENT_ERRORS = frozenset(
    {
        "account_inactive",
        "channel_not_found",
        "user_not_found",
        "user_disabled",
        "not_in_channel",
        "is_archived",
        "cannot_dm_bot",
        "invalid_blocks",
        "msg_too_long",
        "missing_scope",
        "not_authed",
        "invalid_auth",
        "token_revoked",
    }
)


@dataclass(frozen=True)
class _Ready:
    """A composed message, waiting to be posted."""

    delivery: Delivery
    client: AsyncWebClient
    message: OutgoingMessage


def default_worker_name() -> str:
    """host:pid, so `kindred nudges status` shows which replica claimed a row."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class DrainReport:
    """What one drain did, by outcome."""

    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def sent(self) -> int:
        return self.outcomes["sent"]


class GroupCommit(Generic[T]):
    """Writes that many concurrent senders need, batched: each caller waits until its item is
    committed, but items arriving within GROUP_COMMIT_SECONDS of each other share one
    transaction (on SQLite every commit waits for the disk, which would cap the sending rate)."""

    def __init__(self, runtime: Runtime, write: Callable[[AsyncSession, list[T]], Awaitable[None]]):
        self.runtime = runtime
        self.write = write
        self._pending: list[tuple[T, asyncio.Future[None]]] = []
        self._flush: asyncio.Task[None] | None = None

    async def __call__(self, item: T) -> None:
        """Write `item`; returns once it is committed."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((item, done))
        if self._flush is None:
            self._flush = asyncio.create_task(self._commit_soon())
        await done

    async def _commit_soon(self) -> None:
        await asyncio.sleep(GROUP_COMMIT_SECONDS)
        batch, self._pending, self._flush = self._pending, [], None
        try:
            async with self.runtime.db.session() as session:
                await self.write(session, [item for item, _ in batch])
        except BaseException as exc:
            for _, done in batch:  # every waiting sender hears of it
                done.set_exception(exc)
            raise
        for _, done in batch:
            done.set_result(None)


class Sender:
    """Claims due outbox rows and delivers them."""

    def __init__(
        self,
        runtime: Runtime,
        kinds: Iterable[DeliveryKind],
        worker: str | None = None,
        batch_size: int = BATCH_SIZE,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.runtime = runtime
        self.kinds = {kind.name: kind for kind in kinds}
        self.worker = worker or default_worker_name()
        self.batch_size = batch_size
        self.concurrency = asyncio.Semaphore(concurrency)
        self.lease = timedelta(seconds=runtime.settings.KINDRED_CLAIM_LEASE_SECONDS)
        # A row is marked maybe-posted just before its post, and sent once Slack accepted it.
        self.mark_maybe_posted = GroupCommit[int](runtime, outbox.mark_maybe_posted)
        self.mark_sent = GroupCommit[tuple[int, str, str]](runtime, self._write_sent)

    @staticmethod
    async def _write_sent(session: AsyncSession, sent: list[tuple[int, str, str]]) -> None:
        await outbox.mark_sent_many(session, sent, utcnow())

    async def drain(self) -> DrainReport:
        """Deliver everything due now, batch by batch, until nothing claimable is left."""
        report = DrainReport()
        while True:
            async with self.runtime.db.session() as session:
                batch = await outbox.claim(
                    session, self.worker, utcnow(), self.batch_size, self.lease
                )
            if not batch:
                return report
            outcomes = await asyncio.gather(*(self._deliver_one(row) for row in batch))
            report.outcomes.update(outcomes)

    async def _deliver_one(self, delivery: Delivery) -> str:
        prepared = await self._prepare(delivery)
        if isinstance(prepared, str):
            return prepared
        await self.mark_maybe_posted(delivery.id)
        return await self._post(prepared)

    async def _prepare(self, delivery: Delivery) -> _Ready | str:
        """The message to post for this row, or what became of the row instead."""
        async with self.concurrency:
            kind = self.kinds.get(delivery.kind)
            if kind is None:
                return await self._give_up(delivery, f"unknown delivery kind {delivery.kind!r}")
            # Whether Slack may already hold this message: true after an ambiguous failure or
            # a sender that died mid-post, until Kindred has looked.
            maybe = delivery.maybe_posted
            try:
                client = await self.runtime.clients.for_team(delivery.team_id)
                if kind.deliver is not None:
                    # The kind posts and records by itself (e.g. the anonymous space).
                    return await kind.deliver(self.runtime, client, delivery)
                if maybe:
                    wait = lookup_wait(client)
                    if wait > LOOKUP_WAIT_LIMIT_SECONDS:
                        # History reads are scarce (1 a minute for non-Marketplace apps): come
                        # back when one is free rather than hold up everyone else's messages.
                        reason = "waiting for a history read to look for an earlier post"
                        return await self._postpone(delivery, reason, wait, maybe)
                    found = await find_delivered(self.runtime, client, delivery)
                    if found is not None:
                        return await self._record_sent(delivery, *found)
                    maybe = False
                message = await kind.compose(self.runtime, client, delivery)
                if isinstance(message, Skip):
                    async with self.runtime.db.session() as session:
                        await outbox.mark_skipped(session, delivery.id, message.reason)
                    return "skipped"
                return _Ready(delivery, client, message)
            except (SlackApiError, aiohttp.ClientError, TimeoutError, LookupError) as exc:
                return await self._failed(delivery, exc, maybe)
            except Exception as exc:
                # A bug in one composer must not stop everyone else's messages: record it on
                # the row (visible in `kindred nudges status`) and log it once with its traceback.
                logger.exception("delivery %s (%s) crashed", delivery.id, delivery.kind)
                return await self._give_up(delivery, f"internal error: {type(exc).__name__}")

    async def _post(self, ready: _Ready) -> str:
        """Post one composed message (the row is already marked maybe-posted) and record it."""
        delivery = ready.delivery
        async with self.concurrency:
            try:
                channel, ts = await post(ready.client, delivery, ready.message)
            except SlackApiError as exc:
                # Slack answered: a 5xx may still have posted it; anything else did not.
                return await self._failed(delivery, exc, exc.response.status_code >= 500)
            except aiohttp.ClientConnectorError as exc:
                return await self._failed(delivery, exc, False)  # never connected: not sent
            except (aiohttp.ClientError, TimeoutError) as exc:
                # A timeout or a dropped connection: Slack may have the message.
                return await self._failed(delivery, exc, True)
            except Exception as exc:
                # A bug in one composer must not stop everyone else's messages: record it on
                # the row (visible in `kindred nudges status`) and log it once with its traceback.
                logger.exception("delivery %s (%s) crashed", delivery.id, delivery.kind)
                return await self._give_up(delivery, f"internal error: {type(exc).__name__}")
            return await self._record_sent(delivery, channel, ts)

    async def _failed(self, delivery: Delivery, exc: Exception, maybe: bool) -> str:
        """What a Slack, network or installation error means for the row."""
        if isinstance(exc, SlackApiError):
            return await self._after_slack_error(delivery, exc, maybe)
        if isinstance(exc, LookupError):
            return await self._give_up(delivery, str(exc))
        reason = f"network: {type(exc).__name__}"
        return await self._retry_later(delivery, reason, maybe_posted=maybe)

    async def _record_sent(self, delivery: Delivery, channel: str, ts: str) -> str:
        await self.mark_sent((delivery.id, channel, ts))
        return "sent"

    async def _after_slack_error(self, delivery: Delivery, exc: SlackApiError, maybe: bool) -> str:
        error = str(exc.response.get("error", "unknown_error"))
        status = exc.response.status_code
        if is_throttled(exc):
            # Slack's budget ran out for longer than the client waits: not a failed attempt.
            return await self._postpone(delivery, f"ratelimited ({error})", retry_after(exc), maybe)
        if status >= 500:
            return await self._retry_later(
                delivery, f"slack {status} ({error})", maybe_posted=maybe
            )
        if error in PERMANENT_ERRORS:
            return await self._give_up(delivery, f"slack refused: {error}")
        return await self._retry_later(delivery, f"slack error: {error}", maybe_posted=maybe)

    async def _postpone(self, delivery: Delivery, reason: str, seconds: float, maybe: bool) -> str:
        until = utcnow() + timedelta(seconds=seconds)
        async with self.runtime.db.session() as session:
            await outbox.postpone(session, delivery, reason, until, maybe_posted=maybe)
        logger.info("delivery %s (%s): %s, again in %.0fs", delivery.id, delivery.kind, reason,
                    seconds)  # fmt: skip
        return "postponed"

    async def _retry_later(
        self,
        delivery: Delivery,
        reason: str,
        after_seconds: float | None = None,
        *,
        maybe_posted: bool = False,
    ) -> str:
        delay = (
            timedelta(seconds=after_seconds)
            if after_seconds is not None
            else RETRY_BASE * 2 ** (delivery.attempts - 1)
        )
        async with self.runtime.db.session() as session:
            status = await outbox.mark_retry_or_failed(
                session, delivery, reason, utcnow() + delay, maybe_posted=maybe_posted
            )
        outcome = "retry" if status == outbox.PENDING else "failed"
        logger.warning("delivery %s (%s): %s, %s", delivery.id, delivery.kind, reason, outcome)
        return outcome

    async def _give_up(self, delivery: Delivery, reason: str) -> str:
        async with self.runtime.db.session() as session:
            await outbox.mark_retry_or_failed(session, delivery, reason, None)
        logger.warning("delivery %s (%s) failed: %s", delivery.id, delivery.kind, reason)
        return "failed"


async def post(
    client: AsyncWebClient, delivery: Delivery, message: OutgoingMessage
) -> tuple[str, str]:
    """Post `message` as a DM to the delivery's recipient, tagged with the delivery id."""
    response = await client.chat_postMessage(
        channel=delivery.recipient,
        text=message.text,
        blocks=message.blocks or None,
        metadata={
            "event_type": METADATA_EVENT_TYPE,
            "event_payload": {"delivery_id": delivery.id, "kind": delivery.kind},
        },
        unfurl_links=False,
        unfurl_media=False,
    )
    return str(response["channel"]), str(response["ts"])


def lookup_wait(client: AsyncWebClient) -> float:
    """Seconds until the client's budget allows the history read that finds an earlier post."""
    limiter = getattr(client, "limiter", None)
    return limiter.delay(HISTORY_METHOD) if isinstance(limiter, RateLimiter) else 0.0


async def find_delivered(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> tuple[str, str] | None:
    """The (channel, ts) of this delivery's message if an earlier attempt already posted it.

    The DM channel comes from Kindred's own records of earlier messages to the person where it
    can (conversations.open otherwise); one history page since the row was created is enough,
    as the message carries the delivery id in its metadata.
    """
    async with runtime.db.session() as session:
        channel = await outbox.known_dm_channel(session, delivery.team_id, delivery.recipient)
    if channel is None:
        opened = await client.conversations_open(users=delivery.recipient)
        channel = str(opened["channel"]["id"])
    since = (delivery.created_at - timedelta(minutes=1)).timestamp()
    page_size = NON_MARKETPLACE_PAGE_SIZE if runtime.settings.distributed_app else 200
    history = await client.conversations_history(
        channel=channel, oldest=f"{since:.6f}", include_all_metadata=True, limit=page_size
    )
    messages: list[dict[str, Any]] = history.get("messages", [])
    for message in messages:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if (
            metadata.get("event_type") == METADATA_EVENT_TYPE
            and payload.get("delivery_id") == delivery.id
        ):
            return channel, str(message["ts"])
    return None

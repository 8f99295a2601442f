"""Drains the outbox into Slack: compose, post, record; retry what Slack asks to retry.

Each message carries its delivery id in Slack message metadata. If a sender dies between
Slack's answer and the database write, the row's claim expires, and the next sender first looks
for that metadata in the DM before posting, so the person never gets the message twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.runtime import Runtime
from bot.services import outbox
from bot.services.schedule import utcnow
from bot.store.models import Delivery

logger = logging.getLogger(__name__)

METADATA_EVENT_TYPE = "kindred_delivery"
BATCH_SIZE = 50
CONCURRENCY = 8
RETRY_BASE = timedelta(seconds=30)
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
        async with self.concurrency:
            kind = self.kinds.get(delivery.kind)
            if kind is None:
                return await self._give_up(delivery, f"unknown delivery kind {delivery.kind!r}")
            try:
                client = await self.runtime.clients.for_team(delivery.team_id)
                if kind.deliver is not None:
                    return await kind.deliver(self.runtime, client, delivery)
                if delivery.attempts > 1:
                    found = await find_delivered(client, delivery)
                    if found is not None:
                        return await self._record_sent(delivery, *found)
                message = await kind.compose(self.runtime, client, delivery)
                if isinstance(message, Skip):
                    async with self.runtime.db.session() as session:
                        await outbox.mark_skipped(session, delivery.id, message.reason)
                    return "skipped"
                channel, ts = await post(client, delivery, message)
            except SlackApiError as exc:
                return await self._after_slack_error(delivery, exc)
            except (aiohttp.ClientError, TimeoutError) as exc:
                return await self._retry_later(delivery, f"network: {type(exc).__name__}")
            except LookupError as exc:
                return await self._give_up(delivery, str(exc))
            except Exception as exc:
                # A bug in one composer must not stop everyone else's messages: record it on
                # the row (visible in `kindred nudges status`) and log it once with its traceback.
                logger.exception("delivery %s (%s) crashed", delivery.id, delivery.kind)
                return await self._give_up(delivery, f"internal error: {type(exc).__name__}")
            return await self._record_sent(delivery, channel, ts)

    async def _record_sent(self, delivery: Delivery, channel: str, ts: str) -> str:
        async with self.runtime.db.session() as session:
            await outbox.mark_sent(session, delivery.id, channel, ts, utcnow())
        return "sent"

    async def _after_slack_error(self, delivery: Delivery, exc: SlackApiError) -> str:
        error = str(exc.response.get("error", "unknown_error"))
        status = exc.response.status_code
        if status == 429:
            retry_after = int(exc.response.headers.get("Retry-After", "1") or 1)
            return await self._retry_later(delivery, f"ratelimited ({error})", retry_after)
        if status >= 500:
            return await self._retry_later(delivery, f"slack {status} ({error})")
        if error in PERMANENT_ERRORS:
            return await self._give_up(delivery, f"slack refused: {error}")
        return await self._retry_later(delivery, f"slack error: {error}")

    async def _retry_later(
        self, delivery: Delivery, reason: str, after_seconds: float | None = None
    ) -> str:
        delay = (
            timedelta(seconds=after_seconds)
            if after_seconds is not None
            else RETRY_BASE * 2 ** (delivery.attempts - 1)
        )
        async with self.runtime.db.session() as session:
            status = await outbox.mark_retry_or_failed(session, delivery, reason, utcnow() + delay)
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


async def find_delivered(client: AsyncWebClient, delivery: Delivery) -> tuple[str, str] | None:
    """The (channel, ts) of this delivery's message if an earlier attempt already posted it."""
    opened = await client.conversations_open(users=delivery.recipient)
    channel = str(opened["channel"]["id"])
    since = (delivery.created_at - timedelta(minutes=1)).timestamp()
    history = await client.conversations_history(
        channel=channel, oldest=f"{since:.6f}", include_all_metadata=True, limit=200
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

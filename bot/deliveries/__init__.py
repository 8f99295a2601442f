"""Scheduled messages: each kind says who is due when, and what to send them.

A kind pairs a due-finder (domain logic: which people are due at a moment, from the database)
with a composer (the Slack message for one outbox row, or a reason to skip it). The scheduler
tick and `kindred nudges run` enqueue what every kind finds due, then the sender drains the
outbox through the composers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import Runtime
from bot.services.outbox import Due
from bot.store.models import Delivery


@dataclass(frozen=True)
class OutgoingMessage:
    """A DM to send: fallback text for notifications plus Block Kit."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Skip:
    """The message is no longer wanted; `reason` is recorded on the outbox row."""

    reason: str


DueFinder = Callable[[AsyncSession, Runtime, datetime], Awaitable[list[Due]]]
Composer = Callable[[Runtime, AsyncWebClient, Delivery], Awaitable[OutgoingMessage | Skip]]
# Delivers one row itself and records the outcome ("sent" or "skipped"); Slack and network
# errors it raises are retried like any other delivery's.
Deliverer = Callable[[Runtime, AsyncWebClient, Delivery], Awaitable[str]]


async def enqueued_by_flows(session: AsyncSession, runtime: Runtime, as_of: datetime) -> list[Due]:
    """`find_due` of a kind nothing schedules: the flow that causes each message enqueues it
    (joining a team, a team request, a move, a forgotten manager, a delayed anonymous post)."""
    return []


@dataclass(frozen=True)
class DeliveryKind:
    """One kind of scheduled message, e.g. the weekly check-in reminder.

    Most kinds are DMs: the sender posts what `compose` returns. A kind that posts elsewhere
    (the anonymous space's delayed posts) gives `deliver` instead.
    """

    name: str
    find_due: DueFinder
    compose: Composer
    deliver: Deliverer | None = None


def delivery_kinds() -> list[DeliveryKind]:
    """Every kind of scheduled message Kindred sends."""
    # Imported here: each kind's module builds on the types above.
    from bot.deliveries import (
        manager_nudge,
        space_publish,
        team_manager_gone,
        team_moved,
        team_request,
        team_welcome,
    )
    from bot.deliveries.checkin_reminder import checkin_reminder_kind

    return [
        checkin_reminder_kind(),
        manager_nudge.KIND,
        team_welcome.KIND,
        team_request.KIND,
        team_moved.KIND,
        team_manager_gone.KIND,
        *space_publish.KINDS,
    ]

"""The note a report gets when their manager asked Kindred to forget them.

Enqueued by `checkins.forget` for each report it unlinks; it names nobody, since Kindred no
longer keeps who the manager was.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.runtime import Runtime
from bot.services.checkins import MANAGER_GONE
from bot.services.outbox import Due
from bot.slack.blocks import section
from bot.store.models import Delivery


async def find_due(session: AsyncSession, runtime: Runtime, as_of: datetime) -> list[Due]:
    """Nothing is due on a schedule: forgetting a manager enqueues the note."""
    return []


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """The short, kind note (the same for everyone)."""
    text = runtime.prompts.render("teams/manager_gone")
    return OutgoingMessage(text=text, blocks=[section(text)])


KIND = DeliveryKind(MANAGER_GONE, find_due, compose)

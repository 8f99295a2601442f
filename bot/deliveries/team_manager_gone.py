"""The note a report gets when their manager asked Kindred to forget them.

Enqueued by `checkins.forget` for each report it unlinks; it names nobody, since Kindred no
longer keeps who the manager was.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip, enqueued_by_flows
from bot.runtime import Runtime
from bot.services.checkins import MANAGER_GONE
from bot.slack.blocks import section
from bot.store.models import Delivery


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """The short, kind note (the same for everyone)."""
    text = runtime.prompts.render("teams/manager_gone")
    return OutgoingMessage(text=text, blocks=[section(text)])


KIND = DeliveryKind(MANAGER_GONE, enqueued_by_flows, compose)

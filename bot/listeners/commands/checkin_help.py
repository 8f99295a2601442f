"""`/checkin help`: what /checkin can do."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.checkins import NOTE_LIMIT


async def handle_checkin_help(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Answer privately, in the ack (no database or Slack call needed)."""
    runtime = runtime_of(context)
    text = runtime.prompts.render(
        "checkin/help",
        note_limit=NOTE_LIMIT,
        retention_days=runtime.settings.KINDRED_RETENTION_DAYS,
    )
    await ack(text=text, response_type="ephemeral")

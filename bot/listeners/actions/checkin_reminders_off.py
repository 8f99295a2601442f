""" "No more reminders" on a weekly reminder: opt out, effective at once."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.slack.blocks import note_blocks
from bot.slack.payload import request_origin


async def handle_checkin_reminders_off(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Turn the clicker's reminders off and say so in place of the reminder."""
    await ack()
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        await checkins.set_reminders(
            session, request_origin(context).team_id, request_origin(context).user_id, enabled=False
        )
    text = runtime.prompts.render("checkin/reminders_off")
    container = body.get("container") or {}
    await client.chat_update(
        channel=container["channel_id"], ts=container["message_ts"], text=text,
        blocks=note_blocks(text),
    )  # fmt: skip

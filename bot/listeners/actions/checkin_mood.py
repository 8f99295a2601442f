"""A one-click mood, from a weekly reminder or from App Home: check in at once."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.checkins import SOURCE_HOME, SOURCE_REMINDER, CheckinInput, validate_mood
from bot.slack.blocks import note_blocks
from bot.slack.checkins import after_checkin_saved, save_checkin, thanks_text
from bot.slack.home import publish_home
from bot.slack.payload import request_origin


async def handle_checkin_mood(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    """Record the mood for the person who clicked, then thank them where they clicked."""
    await ack()
    runtime = runtime_of(context)
    mood = validate_mood(action.get("value"))
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    container = body.get("container") or {}
    from_message = container.get("type") == "message"
    source = SOURCE_REMINDER if from_message else SOURCE_HOME
    saved = await save_checkin(runtime, team_id, user_id, CheckinInput(mood, None), source=source)
    thanks = await thanks_text(runtime, saved)
    if from_message:
        # The reminder itself turns into the thank-you, so its buttons cannot be pressed twice.
        await client.chat_update(
            channel=container["channel_id"],
            ts=container["message_ts"],
            text=thanks,
            blocks=note_blocks(thanks),
        )
    else:
        await publish_home(runtime, client, team_id, user_id, notice=thanks)
    await after_checkin_saved(runtime, client, saved)

"""App Home: end a pause early."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.slack.home import publish_home
from bot.slack.payload import request_origin


async def handle_home_reminders_resume(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Clear the pause (reminders on again from the next slot) and refresh Home."""
    await ack()
    runtime = runtime_of(context)
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    async with runtime.db.session() as session:
        await checkins.resume(session, team_id, user_id)
    await publish_home(runtime, client, team_id, user_id)

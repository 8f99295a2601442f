"""App Home: the member picked another reminder day."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.slack.home import publish_home
from bot.slack.payload import request_origin


async def handle_home_reminder_day(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    """Store the weekday (Monday to Friday); the next cycle uses it. Refresh Home."""
    await ack()
    runtime = runtime_of(context)
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    weekday = int(action["selected_option"]["value"])
    async with runtime.db.session() as session:
        await checkins.set_reminders(session, team_id, user_id, weekday=weekday)
    await publish_home(runtime, client, team_id, user_id)

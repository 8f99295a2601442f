"""`/checkin resume`: end a pause and turn weekly reminders back on."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.slack.home import time_value
from bot.slack.payload import request_origin


async def handle_checkin_resume(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Reminders on again from the next slot; say when that is."""
    await ack()
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        member = await checkins.resume(session, request_origin(context).team_id, command["user_id"])
        weekday, at = member.reminder_weekday, member.reminder_time
    text = runtime.prompts.render(
        "checkin/resumed", weekday=checkins.WEEKDAYS[weekday], time=time_value(at)
    )
    await respond(text=text, response_type="ephemeral")

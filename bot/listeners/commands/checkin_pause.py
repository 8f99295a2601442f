"""`/checkin pause 2w` or `/checkin pause until 2027-01-04`: no reminders for a while."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.services.checkins import PauseInputError
from bot.services.members import get_member
from bot.services.schedule import utcnow
from bot.slack.checkins import day_text, explain
from bot.slack.payload import request_origin


async def handle_checkin_pause(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Pause reminders until a date in the member's own calendar; explain bad input privately."""
    await ack()
    runtime = runtime_of(context)
    team_id, user_id = request_origin(context).team_id, command["user_id"]
    args = (command.get("text") or "").strip().partition(" ")[2]
    now = utcnow()
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        try:
            resume_on = checkins.parse_pause(args, checkins.local_today(member, now))
        except PauseInputError as error:
            text = explain(runtime, error)
        else:
            member = await checkins.pause(session, team_id, user_id, resume_on)
            text = runtime.prompts.render(
                "checkin/paused", resume_on=day_text(resume_on, member.tz, now)
            )
    await respond(text=text, response_type="ephemeral")

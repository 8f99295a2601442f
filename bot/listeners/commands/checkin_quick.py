"""`/checkin 4 tired but ok`: check in at once, without the modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.checkins import SOURCE_QUICK, CheckinInputError, parse_quick
from bot.slack.checkins import (
    after_checkin_saved,
    command_text,
    explain,
    refresh_time_zone,
    save_checkin,
    thanks_text,
)
from bot.slack.payload import request_origin


async def handle_checkin_quick(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Bad input is explained in the ack itself (nothing saved); good input is saved and thanked."""
    runtime = runtime_of(context)
    try:
        entry = parse_quick(command_text(command))
    except CheckinInputError as error:
        await ack(text=explain(runtime, error), response_type="ephemeral")
        return
    await ack()
    team_id, user_id = request_origin(context).team_id, command["user_id"]
    saved = await save_checkin(runtime, team_id, user_id, entry, source=SOURCE_QUICK)
    await refresh_time_zone(runtime, client, team_id, user_id)
    await respond(text=await thanks_text(runtime, saved), response_type="ephemeral")
    await after_checkin_saved(runtime, client, saved)

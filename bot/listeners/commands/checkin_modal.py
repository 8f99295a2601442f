"""`/checkin` with no text: open the check-in modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.checkins import open_checkin_modal, refresh_time_zone
from bot.slack.payload import request_origin


async def handle_checkin_modal(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Ack, open the modal (its trigger lasts 3 seconds), then refresh the time zone if stale."""
    await ack()
    runtime = runtime_of(context)
    team_id, user_id = request_origin(context).team_id, command["user_id"]
    await open_checkin_modal(
        runtime, client, trigger_id=command["trigger_id"], team_id=team_id, user_id=user_id
    )
    await refresh_time_zone(runtime, client, team_id, user_id)

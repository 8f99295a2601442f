""" "Add a note", on a weekly reminder or on App Home: open the check-in modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.checkins import open_checkin_modal
from bot.slack.payload import request_origin


async def handle_checkin_add_note(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Open the modal; remember the reminder message (or Home) to thank the person there too."""
    await ack()
    container = body.get("container") or {}
    if container.get("type") == "message":
        origin: dict[str, Any] = {"channel": container["channel_id"], "ts": container["message_ts"]}
    else:
        origin = {"home": True}
    await open_checkin_modal(
        runtime_of(context),
        client,
        trigger_id=body["trigger_id"],
        team_id=request_origin(context).team_id,
        user_id=body["user"]["id"],
        origin=origin,
    )

""" "What matters most?", on a weekly reminder or on App Home: open its window."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.focus import open_focus_modal
from bot.slack.payload import request_origin


async def handle_focus_open(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Open the window; remember whether it came from Home, to refresh Home after."""
    await ack()
    from_home = (body.get("container") or {}).get("type") != "message"
    await open_focus_modal(
        runtime_of(context),
        client,
        trigger_id=body["trigger_id"],
        team_id=request_origin(context).team_id,
        user_id=body["user"]["id"],
        origin={"home": from_home},
    )

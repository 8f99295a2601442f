"""The "Reply anonymously" button on an anonymous post."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, reply_modal


async def handle_space_reply(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Open the reply modal for the post whose button was pressed."""
    await ack()
    value = str(action.get("value") or "")
    view = await reply_modal(
        SpaceUI(runtime_of(context)),
        request_origin(context).team_id,
        request_origin(context).user_id,
        post_id=int(value) if value.isdigit() else -1,
        thread_ts=(body.get("container") or {}).get("message_ts"),
    )
    await client.views_open(trigger_id=body["trigger_id"], view=view)

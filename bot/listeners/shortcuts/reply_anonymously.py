"""The "Reply anonymously" message shortcut, for any message in an anonymous post's thread.

Slash commands do not work in threads, so this is how someone replies from inside one.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, reply_modal


async def handle_reply_anonymously(
    ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Open the reply modal for the thread the message belongs to."""
    await ack()
    message = shortcut.get("message") or {}
    thread_ts = str(message.get("thread_ts") or message.get("ts") or "")
    channel = str((shortcut.get("channel") or {}).get("id") or "")
    view = await reply_modal(
        SpaceUI(runtime_of(context)),
        request_origin(context).team_id,
        request_origin(context).user_id,
        channel=channel,
        thread_ts=thread_ts,
    )
    await client.views_open(trigger_id=shortcut["trigger_id"], view=view)

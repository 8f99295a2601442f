"""The answer for a shortcut whose feature this version does not have yet."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.blocks import info_modal


async def handle_not_ready_shortcut(
    ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Open a small modal saying, privately, that the shortcut is not switched on yet."""
    await ack()
    text = runtime_of(context).prompts.render(
        "common/not_ready", command=shortcut["callback_id"].replace("_", " ")
    )
    await client.views_open(trigger_id=shortcut["trigger_id"], view=info_modal("Kindred", text))

"""The answer for a slash command whose feature this version does not have yet."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.runtime import runtime_of


async def handle_not_ready(
    ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Tell the person, privately, that the command is known but not switched on."""
    text = runtime_of(context).prompts.render("common/not_ready", command=command["command"])
    await ack(text=text, response_type="ephemeral")

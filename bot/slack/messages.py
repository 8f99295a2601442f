"""Small helpers for answering interactions: editing the clicked message."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import Block, replace_block


async def replace_in_message(
    client: AsyncWebClient, body: dict[str, Any], block_id: str, replacement: Block
) -> None:
    """Swap one block of the message a button was clicked in (e.g. the buttons for a thanks)."""
    message = body["message"]
    channel = body.get("channel", {}).get("id") or body["container"]["channel_id"]
    await client.chat_update(
        channel=channel,
        ts=message["ts"],
        text=message.get("text", ""),
        blocks=replace_block(message.get("blocks", []), block_id, replacement),
    )

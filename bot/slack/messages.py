"""Small helpers for answering interactions: editing the clicked message."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import Block, replace_block


async def replace_in_message(
    client: AsyncWebClient, body: dict[str, Any], block_id: str, replacement: Block
) -> None:
    """Swap one block of the message a button was clicked in (e.g. the buttons for a thanks)."""
    await replace_blocks_in_message(client, body, {block_id: replacement})


async def replace_blocks_in_message(
    client: AsyncWebClient, body: dict[str, Any], replacements: dict[str, Block]
) -> None:
    """Swap several blocks of the clicked message, by block_id, in one update."""
    message = body["message"]
    channel = body.get("channel", {}).get("id") or body["container"]["channel_id"]
    blocks = message.get("blocks", [])
    for block_id, replacement in replacements.items():
        blocks = replace_block(blocks, block_id, replacement)
    await client.chat_update(
        channel=channel, ts=message["ts"], text=message.get("text", ""), blocks=blocks
    )

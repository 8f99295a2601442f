"""Live preview in the share and reply modals: typing updates exactly how it will appear."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack import blocks as bk
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, load_meta, update_view


def typed_text(view: dict[str, Any]) -> str:
    """What the person has typed in a space modal so far."""
    values = view.get("state", {}).get("values", {})
    return str(values.get(bk.SPACE_TEXT_BLOCK, {}).get(bk.SPACE_TEXT_ACTION, {}).get("value") or "")


async def handle_space_preview(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Rebuild the modal around the current text; a newer keystroke's update may win."""
    await ack()
    view = body["view"]
    ui = SpaceUI(runtime_of(context))
    meta = load_meta(view.get("private_metadata"))
    text = typed_text(view)
    crisis = bool(meta.get("crisis_seen"))
    if view.get("callback_id") == bk.SPACE_REPLY_VIEW:
        updated = ui.reply_view(
            int(meta.get("post", 0)),
            str(meta.get("ts") or ""),
            str(meta.get("name") or ui.labels["op_name"]),
            bool(meta.get("op")),
            text,
            crisis=crisis,
        )
    else:
        channel = str(meta.get("channel") or "")
        if not channel:
            channel = str((await ui.setup(request_origin(context).team_id)).channel or "")
        updated = ui.share_view(channel, text, crisis=crisis)
    await update_view(client, view["id"], updated, hash=view.get("hash"))

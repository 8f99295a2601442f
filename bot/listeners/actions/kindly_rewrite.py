"""The "Rewrite with SBI" button under /kindly's coaching."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.feedback import Rewrite
from bot.slack.feedback_views import sbi_modal


async def handle_kindly_rewrite(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Open the SBI modal pre-filled from the draft (the button carries the parts, not the draft).

    From the coaching modal it is pushed on top, so Close goes back to the coaching.
    """
    await ack()
    modal = sbi_modal(runtime_of(context).prompts, Rewrite.from_value(action.get("value")))
    if body.get("view"):
        await client.views_push(trigger_id=body["trigger_id"], view=modal)
    else:
        await client.views_open(trigger_id=body["trigger_id"], view=modal)

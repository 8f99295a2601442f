"""Helpful? 👍 / 👎 on the weekly nudge's tip (a 👎 tip is not shown to that manager again)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import HELPFUL_ACTION
from bot.listeners.actions.nudge_buttons import answer_in_nudge, record_press
from bot.services import nudges
from bot.slack.blocks import NUDGE_TIP_BLOCK


async def handle_nudge_tip(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record the vote and thank the manager in place of the buttons."""
    await ack()
    helpful = action["action_id"] == HELPFUL_ACTION
    press = await record_press(
        body, action, context, nudges.HELPFUL if helpful else nudges.UNHELPFUL
    )
    if press is None:
        return
    await answer_in_nudge(
        press.runtime, client, body, NUDGE_TIP_BLOCK, "nudges/tip_voted", helpful=helpful
    )

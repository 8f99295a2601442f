"""Helpful? 👍 / 👎 on the weekly nudge's tip (a 👎 tip is not shown to that manager again)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import HELPFUL_ACTION
from bot.listeners.actions.nudge_buttons import answer_in_nudge, log_refused, nudge_button
from bot.runtime import runtime_of
from bot.services import nudges
from bot.slack.blocks import NUDGE_TIP_BLOCK
from bot.slack.payload import request_origin


async def handle_nudge_tip(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record the vote and thank the manager in place of the buttons."""
    await ack()
    parsed = nudge_button(action)
    if parsed is None:
        return
    delivery_id, tip = parsed
    helpful = action["action_id"] == HELPFUL_ACTION
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        outcome = await nudges.record_action(
            session,
            request_origin(context).team_id,
            body["user"]["id"],
            delivery_id,
            nudges.HELPFUL if helpful else nudges.UNHELPFUL,
            tip,
        )
    if outcome is nudges.Recorded.REFUSED:
        log_refused(action, delivery_id)
        return
    await answer_in_nudge(
        runtime, client, body, NUDGE_TIP_BLOCK, "nudges/tip_voted", helpful=helpful
    )

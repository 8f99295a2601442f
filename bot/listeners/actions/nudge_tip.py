"""Helpful? 👍 / 👎 on the weekly nudge's tip (a 👎 tip is not shown to that manager again)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import HELPFUL_ACTION, parse_button_value
from bot.runtime import runtime_of
from bot.services import nudges
from bot.slack.blocks import NUDGE_TIP_BLOCK
from bot.slack.blocks import context as context_block
from bot.slack.messages import replace_in_message, team_of

logger = logging.getLogger(__name__)


async def handle_nudge_tip(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record the vote and thank the manager in place of the buttons."""
    await ack()
    runtime = runtime_of(context)
    parsed = parse_button_value(str(action.get("value", "")))
    if parsed is None:
        logger.warning("ignored %s with an unexpected value", action.get("action_id"))
        return
    delivery_id, tip = parsed
    helpful = action["action_id"] == HELPFUL_ACTION
    async with runtime.db.session() as session:
        outcome = await nudges.record_action(
            session,
            team_of(body),
            body["user"]["id"],
            delivery_id,
            nudges.HELPFUL if helpful else nudges.UNHELPFUL,
            tip,
        )
    if outcome is nudges.Recorded.REFUSED:
        logger.warning("refused %s on nudge %s", action["action_id"], delivery_id)
        return
    reply = context_block(runtime.prompts.render("nudges/tip_voted", helpful=helpful))
    await replace_in_message(client, body, NUDGE_TIP_BLOCK, reply)

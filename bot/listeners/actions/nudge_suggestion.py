"""Done / Next week on someone the weekly nudge suggested checking in with."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import DONE_ACTION, parse_button_value
from bot.runtime import runtime_of
from bot.services import nudges
from bot.slack.blocks import context as context_block
from bot.slack.blocks import suggestion_block_id
from bot.slack.messages import replace_in_message, team_of

logger = logging.getLogger(__name__)


async def handle_nudge_suggestion(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record the click and swap the buttons for a short acknowledgement."""
    await ack()
    runtime = runtime_of(context)
    parsed = parse_button_value(str(action.get("value", "")))
    if parsed is None:
        logger.warning("ignored %s with an unexpected value", action.get("action_id"))
        return
    delivery_id, subject = parsed
    done = action["action_id"] == DONE_ACTION
    async with runtime.db.session() as session:
        outcome = await nudges.record_action(
            session,
            team_of(body),
            body["user"]["id"],
            delivery_id,
            nudges.DONE if done else nudges.SNOOZED,
            subject,
        )
    if outcome is nudges.Recorded.REFUSED:
        logger.warning("refused %s on nudge %s", action["action_id"], delivery_id)
        return
    template = "nudges/suggestion_done" if done else "nudges/suggestion_snoozed"
    reply = context_block(runtime.prompts.render(template, user=subject))
    await replace_in_message(client, body, suggestion_block_id(subject), reply)

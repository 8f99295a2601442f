""" "Stop these nudges" on a weekly nudge: the manager's opt-out."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import parse_button_value
from bot.runtime import runtime_of
from bot.services import nudges
from bot.slack.blocks import NUDGE_SETTINGS_BLOCK
from bot.slack.blocks import context as context_block
from bot.slack.messages import replace_in_message, team_of

logger = logging.getLogger(__name__)


async def handle_nudge_stop(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Turn the weekly nudge off and say how to turn it on again."""
    await ack()
    runtime = runtime_of(context)
    parsed = parse_button_value(str(action.get("value", "")))
    if parsed is None:
        logger.warning("ignored %s with an unexpected value", action.get("action_id"))
        return
    async with runtime.db.session() as session:
        stopped = await nudges.opt_out(session, team_of(body), body["user"]["id"], parsed[0])
    if not stopped:
        logger.warning("refused %s on nudge %s", action["action_id"], parsed[0])
        return
    reply = context_block(runtime.prompts.render("nudges/stopped"))
    await replace_in_message(client, body, NUDGE_SETTINGS_BLOCK, reply)

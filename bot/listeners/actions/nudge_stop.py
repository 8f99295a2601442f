""" "Stop these nudges" on a weekly nudge: the manager's opt-out."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.listeners.actions.nudge_buttons import answer_in_nudge, log_refused, nudge_button
from bot.runtime import runtime_of
from bot.services import nudges
from bot.slack.blocks import NUDGE_SETTINGS_BLOCK
from bot.slack.payload import request_origin


async def handle_nudge_stop(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Turn the weekly nudge off and say how to turn it on again."""
    await ack()
    parsed = nudge_button(action)
    if parsed is None:
        return
    delivery_id = parsed[0]
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        stopped = await nudges.opt_out(
            session, request_origin(context).team_id, body["user"]["id"], delivery_id
        )
    if not stopped:
        log_refused(action, delivery_id)
        return
    await answer_in_nudge(runtime, client, body, NUDGE_SETTINGS_BLOCK, "nudges/stopped")

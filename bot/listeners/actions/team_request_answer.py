"""Accept / Decline on a manager's request to add someone to their team."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.team_request import ACCEPT_ACTION
from bot.deliveries.team_welcome import NOT_MY_MANAGER_ACTION
from bot.runtime import runtime_of
from bot.services import teams
from bot.services.schedule import utcnow
from bot.slack.blocks import TEAM_REQUEST_BLOCK, button, section
from bot.slack.messages import replace_in_message, team_of

logger = logging.getLogger(__name__)


async def handle_team_request_answer(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Answer the request for the person who clicked (only ever their own request)."""
    await ack()
    runtime = runtime_of(context)
    value = str(action.get("value", ""))
    if not value.isdigit():
        logger.warning("ignored %s with an unexpected value", action.get("action_id"))
        return
    accept = action["action_id"] == ACCEPT_ACTION
    async with runtime.db.session() as session:
        manager_id = await teams.answer_request(
            session, team_of(body), body["user"]["id"], int(value), accept, utcnow()
        )
    text = runtime.prompts.render(
        "teams/request_answered", manager=manager_id, accepted=accept and manager_id is not None
    )
    reply = section(text)
    if accept and manager_id is not None:
        label = runtime.prompts.labels("teams/labels")["not_my_manager"]
        reply["accessory"] = button(label, NOT_MY_MANAGER_ACTION, manager_id)
    await replace_in_message(client, body, TEAM_REQUEST_BLOCK, reply)

""" "This isn't my manager" on the note someone gets when they are added to a team."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import teams
from bot.services.schedule import utcnow
from bot.slack.blocks import TEAM_WELCOME_BLOCK, section
from bot.slack.messages import replace_in_message, team_of

logger = logging.getLogger(__name__)


async def handle_not_my_manager(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Take the person who clicked off that manager's team (only ever themselves)."""
    await ack()
    runtime = runtime_of(context)
    manager_id = str(action.get("value", ""))
    if not teams.USER_ID.match(manager_id):
        logger.warning("ignored %s with an unexpected value", action.get("action_id"))
        return
    async with runtime.db.session() as session:
        left = await teams.leave_team(
            session, team_of(body), body["user"]["id"], manager_id, utcnow()
        )
    reply = section(runtime.prompts.render("teams/left", manager=manager_id, left=left))
    # The button is on the team note, or on an accepted request.
    block_id = str(action.get("block_id") or TEAM_WELCOME_BLOCK)
    await replace_in_message(client, body, block_id, reply)

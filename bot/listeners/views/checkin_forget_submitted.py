"""`/checkin forget` was confirmed: delete everything about the member."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.services.schedule import utcnow
from bot.slack.blocks import text_modal
from bot.slack.checkins import CHECKIN_LABELS
from bot.slack.home import publish_home

logger = logging.getLogger(__name__)


async def handle_checkin_forget_submitted(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Delete, say what was deleted in the modal, then clear the Home tab of the old trend."""
    runtime = runtime_of(context)
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    async with runtime.db.session() as session:
        forgotten = await checkins.forget(session, team_id, user_id, utcnow())
    await runtime.db.erase(checkins.FORGET_TABLES)
    logger.info("a member's data was forgotten")  # whose, the logs need not keep either
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    text = runtime.prompts.render(
        "checkin/forgotten",
        checkins=forgotten.checkins,
        deliveries=forgotten.deliveries,
        reports=forgotten.reports,
    )
    await ack(
        response_action="update", view=text_modal(labels["forgotten_title"], labels["close"], text)
    )
    await publish_home(runtime, client, team_id, user_id)

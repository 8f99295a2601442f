"""`/checkin forget`: ask for confirmation before deleting everything about the member."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.slack.blocks import forget_modal
from bot.slack.checkins import CHECKIN_LABELS
from bot.slack.payload import request_origin


async def handle_checkin_forget(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Open the confirmation modal; the deleting happens when it is submitted."""
    await ack()
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        count = await checkins.count(session, request_origin(context).team_id, command["user_id"])
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    view = forget_modal(
        title=labels["forget_title"],
        submit=labels["forget_submit"],
        close=labels["forget_close"],
        text=runtime.prompts.render("checkin/forget_confirm", checkins=count),
    )
    await client.views_open(trigger_id=command["trigger_id"], view=view)

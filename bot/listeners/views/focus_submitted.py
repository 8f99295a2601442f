"""The "what matters most this week" window was submitted: keep it for the member alone."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import focus
from bot.services.checkins import CheckinInputError
from bot.slack.blocks import FOCUS_BLOCK, text_modal
from bot.slack.checkins import CHECKIN_LABELS, problem_text
from bot.slack.focus import keep_focus
from bot.slack.home import publish_home
from bot.slack.payload import request_origin


async def handle_focus_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    """A problem keeps the window open beside the box; otherwise say it is kept, privately."""
    runtime = runtime_of(context)
    value = ((view["state"]["values"].get(FOCUS_BLOCK) or {}).get(FOCUS_BLOCK) or {}).get("value")
    try:
        text = focus.clean(value)
    except CheckinInputError as error:
        await ack(response_action="errors", errors={FOCUS_BLOCK: problem_text(runtime, error)})
        return
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    await keep_focus(runtime, team_id, user_id, text)
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    saved = runtime.prompts.render("checkin/focus_saved")
    await ack(
        response_action="update",
        view=text_modal(labels["focus_saved_title"], labels["close"], saved),
    )
    if json.loads(view.get("private_metadata") or "{}").get("home"):
        await publish_home(runtime, client, team_id, user_id)

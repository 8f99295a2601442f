"""After Done on a 1:1 suggestion: is anything worth coming back to next week? Yes / no.

Kindred keeps the answer only as a yes or a no, private to the manager: a yes brings a one-line
reminder in their next nudge. What the conversation was about is never asked or kept.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import REVISIT_YES_ACTION
from bot.listeners.actions.nudge_buttons import answer_in_nudge, record_press
from bot.services import nudges
from bot.slack.blocks import suggestion_block_id


async def handle_nudge_revisit(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record the yes or no and answer in place of the two buttons."""
    await ack()
    revisit = action["action_id"] == REVISIT_YES_ACTION
    what = nudges.REVISIT_YES if revisit else nudges.REVISIT_NO
    press = await record_press(body, action, context, what)
    if press is None:
        return
    await answer_in_nudge(
        press.runtime, client, body, suggestion_block_id(press.subject), "nudges/revisit_noted",
        user=press.subject, revisit=revisit,
    )  # fmt: skip

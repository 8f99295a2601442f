"""Done / Next week on someone the weekly nudge suggested checking in with.

Done turns the suggestion into one private question: anything worth coming back to next week?
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import DONE_ACTION, revisit_buttons
from bot.listeners.actions.nudge_buttons import answer_in_nudge, record_press
from bot.services import nudges
from bot.slack.blocks import section, suggestion_block_id, suggestion_text_block_id
from bot.slack.messages import replace_blocks_in_message


async def handle_nudge_suggestion(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Record the click and swap the buttons for a short acknowledgement."""
    await ack()
    done = action["action_id"] == DONE_ACTION
    press = await record_press(body, action, context, nudges.DONE if done else nudges.SNOOZED)
    if press is None:
        return
    runtime, delivery_id, subject = press.runtime, press.delivery_id, press.subject
    if not done:
        await answer_in_nudge(
            runtime, client, body, suggestion_block_id(subject), "nudges/suggestion_snoozed",
            user=subject,
        )  # fmt: skip
        return
    # Done asks one private question in place: anything worth coming back to next week?
    question = section(runtime.prompts.render("nudges/suggestion_done", user=subject))
    await replace_blocks_in_message(
        client,
        body,
        {
            suggestion_text_block_id(subject): question,
            suggestion_block_id(subject): revisit_buttons(runtime.prompts, delivery_id, subject),
        },
    )

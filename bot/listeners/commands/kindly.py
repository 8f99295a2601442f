"""/kindly: private coaching on a feedback draft, before it is given."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.feedback import MAX_DRAFT_CHARS, coach_with_model
from bot.services.listening import listen
from bot.slack.blocks import kindly_draft_modal
from bot.slack.feedback_views import coaching_blocks, listening_blocks

REPLY_WORD = "reply"  # `/kindly reply <draft>`: the listening coach instead of feedback coaching


async def handle_kindly(
    ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Coach the draft in the command's text, or open a modal to write one.

    `/kindly reply <draft>` checks a reply to someone who shared something hard instead.

    The coaching is the acknowledgement itself: the rules read a draft of at most 3,000
    characters in milliseconds, the optional language model gets at most 2 seconds, and an
    ephemeral answer in the HTTP response is private and cannot get lost.
    """
    runtime = runtime_of(context)
    prompts = runtime.prompts
    draft = (command.get("text") or "").strip()
    if not draft:
        await ack()
        modal = kindly_draft_modal(prompts.render("feedback/draft_modal"))
        await client.views_open(trigger_id=command["trigger_id"], view=modal)
        return
    if len(draft) > MAX_DRAFT_CHARS:
        text = prompts.render("feedback/too_long", length=len(draft), limit=MAX_DRAFT_CHARS)
        await ack(response_type="ephemeral", text=text)
        return
    first, _, rest = draft.partition(" ")
    if first.lower() == REPLY_WORD:
        reply = rest.strip()
        if not reply:
            await ack(response_type="ephemeral", text=prompts.render("feedback/reply_help"))
            return
        blocks, text = listening_blocks(prompts, listen(reply))
        await ack(response_type="ephemeral", text=text, blocks=blocks)
        return
    blocks, text = coaching_blocks(prompts, await coach_with_model(draft, runtime.model))
    await ack(response_type="ephemeral", text=text, blocks=blocks)

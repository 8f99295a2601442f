"""The /kindly modal was submitted: show the coaching in its place."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.runtime import runtime_of
from bot.services.feedback import MAX_DRAFT_CHARS, coach_with_model
from bot.slack.blocks import KINDLY_DRAFT_BLOCK, kindly_coaching_modal
from bot.slack.feedback_views import coaching_blocks


async def handle_kindly_draft(
    ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext
) -> None:
    """Coach the draft; an empty or oversized one is answered under the box."""
    runtime = runtime_of(context)
    prompts = runtime.prompts
    value = view["state"]["values"].get(KINDLY_DRAFT_BLOCK, {}).get(KINDLY_DRAFT_BLOCK, {})
    draft = (value.get("value") or "").strip()
    if not draft:
        error = prompts.render("feedback/empty_draft")
        await ack(response_action="errors", errors={KINDLY_DRAFT_BLOCK: error})
        return
    if len(draft) > MAX_DRAFT_CHARS:  # Slack enforces max_length; a forged request does not
        error = prompts.render("feedback/too_long", length=len(draft), limit=MAX_DRAFT_CHARS)
        await ack(response_action="errors", errors={KINDLY_DRAFT_BLOCK: error})
        return
    blocks, _ = coaching_blocks(prompts, await coach_with_model(draft, runtime.model))
    await ack(response_action="update", view=kindly_coaching_modal(blocks))

"""The "Rewrite with SBI" modal was submitted: show the finished wording to copy."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.runtime import runtime_of
from bot.services.feedback import final_wording
from bot.slack.blocks import SBI_PARTS
from bot.slack.feedback_views import final_modal


async def handle_kindly_sbi(ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext) -> None:
    """Join the parts into one wording; nothing is sent anywhere."""
    prompts = runtime_of(context).prompts
    state = view["state"]["values"]
    parts = {part: (state.get(part, {}).get(part, {}).get("value") or "") for part in SBI_PARTS}
    if not parts["behaviour"].strip():
        error = prompts.render("feedback/sbi_hint", part="behaviour")
        await ack(response_action="errors", errors={"behaviour": error})
        return
    await ack(response_action="update", view=final_modal(prompts, final_wording(**parts)))

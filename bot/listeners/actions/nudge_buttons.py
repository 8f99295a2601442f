"""What the weekly nudge's buttons share: reading a button's value and answering in its place."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import parse_button_value
from bot.runtime import Runtime
from bot.slack.blocks import context as context_block
from bot.slack.messages import replace_in_message

logger = logging.getLogger(__name__)


def nudge_button(action: dict[str, Any]) -> tuple[int, str] | None:
    """(delivery id, subject) of a nudge button; None, logged, when the value is not ours."""
    parsed = parse_button_value(str(action.get("value", "")))
    if parsed is None:
        logger.warning("ignored %s with an unexpected value", action.get("action_id"))
    return parsed


def log_refused(action: dict[str, Any], delivery_id: int) -> None:
    """The click was not recorded (not this manager's nudge, or it is gone)."""
    logger.warning("refused %s on nudge %s", action.get("action_id"), delivery_id)


async def answer_in_nudge(
    runtime: Runtime,
    client: AsyncWebClient,
    body: dict[str, Any],
    block_id: str,
    template: str,
    **values: Any,
) -> None:
    """Replace the clicked part of the nudge with a short line from `template`."""
    reply = context_block(runtime.prompts.render(template, **values))
    await replace_in_message(client, body, block_id, reply)

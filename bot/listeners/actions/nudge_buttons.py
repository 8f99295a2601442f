"""What the weekly nudge's buttons share: reading a button's value, recording the press, and
answering in its place."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries.manager_nudge import parse_button_value
from bot.runtime import Runtime, runtime_of
from bot.services import nudges
from bot.slack.blocks import context as context_block
from bot.slack.messages import replace_in_message
from bot.slack.payload import request_origin

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


@dataclass(frozen=True)
class Press:
    """A recorded press of a nudge button: on which nudge, about what (a person or a tip)."""

    runtime: Runtime
    delivery_id: int
    subject: str


async def record_press(
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    what: str,
) -> Press | None:
    """Record the press as `what` (e.g. nudges.DONE); None, logged, when the value is not ours
    or the press was refused (not this manager's nudge, or it is gone)."""
    parsed = nudge_button(action)
    if parsed is None:
        return None
    delivery_id, subject = parsed
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        outcome = await nudges.record_action(
            session,
            request_origin(context).team_id,
            body["user"]["id"],
            delivery_id,
            what,
            subject,
        )
    if outcome is nudges.Recorded.REFUSED:
        log_refused(action, delivery_id)
        return None
    return Press(runtime, delivery_id, subject)


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

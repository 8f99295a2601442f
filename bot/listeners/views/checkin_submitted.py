"""The check-in modal was submitted: validate, store, thank in place, then follow up."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.checkins import (
    CONTROL_CHARACTERS,
    NOTE_TOO_LONG,
    SOURCE_MODAL,
    SOURCE_REMINDER,
    CheckinInputError,
    checkin_input,
)
from bot.slack.blocks import (
    APPRECIATE_BLOCK,
    MOOD_BLOCK,
    NOTE_BLOCK,
    SHARE_BLOCK,
    SHARE_VALUE,
    note_blocks,
    text_modal,
)
from bot.slack.checkins import (
    CHECKIN_LABELS,
    after_checkin_saved,
    problem_text,
    save_checkin,
    send_appreciation,
    thanks_text,
)
from bot.slack.home import publish_home
from bot.slack.payload import request_origin

NOTE_PROBLEMS = frozenset({NOTE_TOO_LONG, CONTROL_CHARACTERS})


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (values.get(block_id) or {}).get(block_id) or {}


def _origin(view: dict[str, Any]) -> dict[str, Any]:
    """Where the modal was opened from (a reminder message, or Home), from our own metadata."""
    try:
        origin = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return origin if isinstance(origin, dict) else {}


async def handle_checkin_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:  # fmt: skip
    """Errors keep the modal open beside the field; success turns it into the thank-you."""
    runtime = runtime_of(context)
    values = view["state"]["values"]
    mood = (_value(values, MOOD_BLOCK).get("selected_option") or {}).get("value")
    note = _value(values, NOTE_BLOCK).get("value")
    share = any(
        option.get("value") == SHARE_VALUE
        for option in _value(values, SHARE_BLOCK).get("selected_options") or []
    )
    # Who made their week easier: only ever used to send the thank-you below, never stored.
    colleague = _value(values, APPRECIATE_BLOCK).get("selected_user")
    try:
        entry = checkin_input(mood, note)
    except CheckinInputError as error:
        block = NOTE_BLOCK if error.problem in NOTE_PROBLEMS else MOOD_BLOCK
        await ack(response_action="errors", errors={block: problem_text(runtime, error)})
        return
    origin = _origin(view)
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    # Saved before the ack (one short transaction) so the thank-you can show the streak and
    # a failure keeps the modal, and the note in it, open.
    source = SOURCE_REMINDER if origin.get("channel") else SOURCE_MODAL
    manager = origin.get("manager")
    saved = await save_checkin(
        runtime,
        team_id,
        user_id,
        entry,
        source=source,
        share_with_manager=share,
        shown_manager=manager if isinstance(manager, str) else None,
    )
    thanks = await thanks_text(runtime, saved)
    if colleague == user_id:
        colleague = None  # a thank-you to oneself is not sent
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    shown = thanks
    if colleague:
        sent = runtime.prompts.render("checkin/appreciation_sent", colleague=colleague)
        shown = f"{thanks}\n{sent}"
    await ack(
        response_action="update",
        view=text_modal(labels["thanks_title"], labels["close"], shown),
    )
    if colleague:
        await send_appreciation(runtime, client, user_id, str(colleague))
    if origin.get("channel") and origin.get("ts"):
        # Opened from a weekly reminder: that message says thank you too, without its buttons.
        await client.chat_update(
            channel=str(origin["channel"]),
            ts=str(origin["ts"]),
            text=thanks,
            blocks=note_blocks(thanks),
        )
    elif origin.get("home"):
        await publish_home(runtime, client, team_id, user_id, notice=thanks)
    await after_checkin_saved(runtime, client, saved)

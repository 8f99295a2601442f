"""Flag: the button on a post, or "Flag this reply" in a reply's ⋯ menu.

One flag per person per post or reply (a keyed hash, never the user ID). The flag that reaches
KINDRED_FLAGS_TO_HIDE hides it and sends it to the moderators.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import space
from bot.services.space import FlagResult
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, notify_moderators, parse_target, replace_message


def flagged_value(action: dict[str, Any]) -> str:
    """The flagged target from a button (`value`) or an overflow menu (`selected_option`)."""
    selected = action.get("selected_option") or {}
    return str(selected.get("value") or action.get("value") or "")


async def handle_space_flag(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Count the flag, thank the person privately, and hide it at the threshold."""
    await ack()
    ui = SpaceUI(runtime_of(context))
    team_id = request_origin(context).team_id
    setup = await ui.setup(team_id)
    target = parse_target(flagged_value(action))
    if setup.problem or target is None:
        text = setup.problem or ui.say("post_gone", kind="post", state="deleted")
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    post_id, reply_id = target
    kind = "post" if reply_id is None else "reply"
    async with ui.runtime.db.session() as session:
        post = await space.get_post(session, team_id, post_id)
        reply = await space.get_reply(session, post, reply_id) if post and reply_id else None
        if post is None or (reply_id is not None and reply is None):
            await respond(
                text=ui.say("post_gone", kind=kind, state="deleted"),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        result = await space.add_flag(
            session,
            ui.hasher(),
            post,
            reply,
            request_origin(context).user_id,
            ui.settings.KINDRED_FLAGS_TO_HIDE,
        )
        flagged = space.describe(post, reply)
        flags = await space.flag_count(session, post_id, reply_id)
    if result is FlagResult.ALREADY:
        text = ui.say("flag_already", kind=kind)
    elif result is FlagResult.NOT_VISIBLE:
        text = ui.say("post_gone", kind=kind, state=flagged.status)
    else:
        text = ui.say("flag_thanks", kind=kind, hidden=result is FlagResult.HIDDEN)
    await respond(text=text, response_type="ephemeral", replace_original=False)
    if result is not FlagResult.HIDDEN:
        return
    # The message the flag came from is the one to hide (Kindred may not have stored its ts
    # yet if it was flagged the instant it appeared).
    message_ts = flagged.message_ts or (body.get("container") or {}).get("message_ts")
    if message_ts:
        await replace_message(client, flagged.channel, message_ts, ui.message_for(flagged))
    sent = await notify_moderators(ui, client, flagged, flags)
    async with ui.runtime.db.session() as session:
        await space.add_reviews(session, post_id, reply_id, sent)

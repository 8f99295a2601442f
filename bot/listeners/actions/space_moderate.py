"""Restore or Remove: the moderators' decision on a hidden post or reply.

Registered for both buttons. The moderator's own name appears only in Slack (on the request
they answered), never in Kindred's database or logs.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import me_too, space
from bot.services.space import Decision
from bot.slack import blocks as bk
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, close_reviews, is_moderator, parse_target, replace_message


async def handle_space_moderate(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Apply Restore or Remove once, then update the message and every moderation request."""
    await ack()
    ui = SpaceUI(runtime_of(context))
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    channel_id = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    moderators = ui.settings.KINDRED_MODERATORS
    if not await is_moderator(client, moderators, user_id, channel_id):
        await respond(
            text=ui.say("not_moderator"), response_type="ephemeral", replace_original=False
        )
        return
    decision = Decision.RESTORE if action["action_id"] == bk.ACTION_RESTORE else Decision.REMOVE
    target = parse_target(str(action.get("value") or ""))
    changed: space.SpaceMessage | None = None
    reviews: list[tuple[str, str]] = []
    shared = 0  # "me too"s on a restored post show again
    if target is not None:
        post_id, reply_id = target
        async with ui.runtime.db.session() as session:
            post = await space.get_post(session, team_id, post_id)
            reply = await space.get_reply(session, post, reply_id) if post and reply_id else None
            whole = reply_id is None or reply is not None
            if post is not None and whole and await space.decide(session, post, reply, decision):
                changed = space.describe(post, reply)
                reviews = await space.reviews_of(session, post_id, reply_id)
                shared = await me_too.count(session, post_id) if reply is None else 0
    if decision is Decision.REMOVE and changed is not None:
        await ui.runtime.db.erase(space.POST_TABLES)  # the removed text, off the disk too
    if changed is None:
        await respond(
            text=ui.say("review_already"), response_type="ephemeral", replace_original=False
        )
        return
    if changed.message_ts:
        shown = ui.message_for(changed, me_too=shared)
        await replace_message(client, changed.channel, changed.message_ts, shown)
    await close_reviews(
        client, reviews, ui.review_done_message(changed.kind, decision.value, user_id)
    )

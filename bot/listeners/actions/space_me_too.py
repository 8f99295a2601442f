""" "Me too" on an anonymous post: counted once per person (a keyed hash, never the user ID).

The post then shows how many people feel the same; a second tap by the same person changes
nothing and tells only them so.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import me_too, space
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, parse_target, replace_message


async def handle_space_me_too(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Count the tap and show the new count on the post."""
    await ack()
    ui = SpaceUI(runtime_of(context))
    team_id = request_origin(context).team_id
    setup = await ui.setup(team_id)
    target = parse_target(str(action.get("value") or ""))
    if setup.problem or target is None or target[1] is not None:
        text = setup.problem or ui.say("post_gone", kind="post", state="deleted")
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    async with ui.runtime.db.session() as session:
        post = await space.get_post(session, team_id, target[0])
        counted = post is not None and await me_too.add(
            session, ui.hasher(), post, str(context.user_id)
        )
        total = await me_too.count(session, post.id) if post is not None else 0
    if post is None or post.status != space.Status.VISIBLE.value:
        state = post.status if post is not None else "deleted"
        text = ui.say("post_gone", kind="post", state=state)
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    if not counted:
        text = ui.say("me_too_already")
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    message_ts = post.message_ts or (body.get("container") or {}).get("message_ts")
    if message_ts:
        await replace_message(
            client, post.channel, message_ts, ui.post_message(post.id, post.text, me_too=total)
        )

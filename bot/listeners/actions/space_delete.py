"""Delete my post: from the author's private confirmation, or from `/share mine`.

Only the author can: Kindred recomputes the keyed hash of whoever pressed it and compares. It
works on a post still waiting for its publishing moment, which is then never published.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import space
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI, finish_deleting, update_view


async def handle_space_delete(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Delete the post, its anonymous replies and everything stored about it; say so privately."""
    await ack()
    ui = SpaceUI(runtime_of(context))
    answer = await _delete(
        ui, client, request_origin(context).team_id, request_origin(context).user_id, action
    )
    view = body.get("view")
    if view:
        await update_view(client, view["id"], ui.done_view(answer))
    else:
        await respond(text=answer, response_type="ephemeral", replace_original=True)


async def _delete(
    ui: SpaceUI, client: AsyncWebClient, team_id: str, user_id: str, action: dict[str, Any]
) -> str:
    setup = await ui.setup(team_id)
    if setup.problem:
        return setup.problem
    value = str(action.get("value") or "")
    async with ui.runtime.db.session() as session:
        post = await space.get_post(session, team_id, int(value)) if value.isdigit() else None
        if post is None:
            return ui.say("post_gone", kind="post", state="deleted")
        if not space.is_author(ui.hasher(), post, user_id):
            return ui.say("not_author")
        await space.begin_delete(session, post.id)
    await finish_deleting(ui, client, post.id)
    return ui.say("deleted")

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
from bot.slack.space import SpaceUI, close_reviews, delete_message, find_posted, update_view


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
    answer = await _delete(ui, client, str(context.team_id), str(context.user_id), action)
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
        gone = await space.what_to_remove(session, post)
    if gone.post_ts is None:
        # Still waiting for its moment (then nothing is in Slack and it never will be), being
        # published right now (it is taken down once published), or published by a request
        # that failed before noting where: then it is found by its Flag value.
        gone.post_ts = await find_posted(client, gone.channel, post.id)
    if gone.post_ts:
        for reply_id in gone.unrecorded:
            found = await find_posted(
                client, gone.channel, post.id, reply_id, thread_ts=gone.post_ts
            )
            gone.reply_ts += [found] if found else []
    # Slack first: if deleting there fails, the records stay and the person can try again.
    for ts in gone.reply_ts:
        await delete_message(client, gone.channel, ts)
    if gone.post_ts:
        await delete_message(client, gone.channel, gone.post_ts)
    await close_reviews(client, gone.reviews, ui.review_done_message("post", "deleted", ""))
    async with ui.runtime.db.session() as session:
        await space.delete_post(session, post.id)
    await ui.runtime.db.erase(space.POST_TABLES)
    return ui.say("deleted")

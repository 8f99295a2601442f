"""Submitting the Share anonymously modal: post it in the processing channel as "OP".

Order matters for "nothing is lost": everything that can refuse (empty text, no channel, daily
limit, crisis words) answers inside the still-open modal, keeping the text. Then the post is
stored (no message yet), the modal turns into the private confirmation with Delete my post, and
the post is published: at a random moment within KINDRED_SPACE_DELAY_SECONDS through the
outbox, or at once when that is 0. If Slack refuses at once, the record and the day's count
are undone and the modal shows the text again with what went wrong; if Kindred cannot note
where the post went, the author is told in the modal and `/share mine` can still delete it.
Nothing here ever DMs the author.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import space_publish
from bot.deliveries.space_publish import SPACE_POST
from bot.listeners.actions.space_preview import typed_text
from bot.runtime import runtime_of
from bot.services import space
from bot.services.crisis import mentions_crisis
from bot.services.schedule import utcnow
from bot.services.space import Kind
from bot.slack import blocks as bk
from bot.slack.space import (
    SLACK_FAILURES,
    SpaceUI,
    load_meta,
    post_in_channel,
    record_published,
    tell_privately,
    today,
    update_view,
)


async def handle_space_share(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Validate, then post anonymously and confirm privately."""
    ui = SpaceUI(runtime_of(context))
    team_id, user_id = str(context.team_id), str(context.user_id)
    view = body["view"]
    text = typed_text(view).strip()
    meta = load_meta(view.get("private_metadata"))
    problem = ui.text_problem(text)
    if problem:
        await ack(response_action="errors", errors={bk.SPACE_TEXT_BLOCK: problem})
        return
    setup = await ui.setup(team_id)
    if setup.problem or setup.channel is None:
        await ack(response_action="errors", errors={bk.SPACE_TEXT_BLOCK: str(setup.problem)})
        return
    channel = setup.channel
    if not meta.get("crisis_seen") and mentions_crisis(text):
        await ack(response_action="update", view=ui.share_view(channel, text, crisis=True))
        return
    hasher, day, delay = ui.hasher(), today(), ui.settings.KINDRED_SPACE_DELAY_SECONDS
    at = None
    async with ui.runtime.db.session() as session:
        allowed = await space.use_allowance(
            session, hasher, team_id, user_id, Kind.POST, day, ui.limit(Kind.POST)
        )
        post = None
        if allowed:
            post = await space.create_post(session, hasher, team_id, channel, user_id, text)
            if delay:
                at = await space_publish.schedule(
                    session, team_id, channel, SPACE_POST, post.id, utcnow(), delay
                )
    if post is None:
        refusal = ui.say("rate_limited", kind="post", limit=ui.limit(Kind.POST))
        await ack(response_action="errors", errors={bk.SPACE_TEXT_BLOCK: refusal})
        return
    await ack(response_action="update", view=ui.posted_view(channel, post.id))
    if at is not None:
        space_publish.publish_at(ui.runtime, at)
        return
    try:
        ts = await post_in_channel(client, channel, ui.post_message(post.id, text))
    except SLACK_FAILURES as error:
        problem = ui.post_failed(channel, error)
        async with ui.runtime.db.session() as session:
            await space.discard_post(session, post.id)
            await space.give_back_allowance(session, hasher, team_id, user_id, Kind.POST, day)
        shown = await update_view(client, view["id"], ui.share_view(channel, text, error=problem))
        if not shown:  # the modal was closed: give the words back privately instead
            returned = ui.say("returned_text", text=text)
            await tell_privately(client, user_id, f"{problem}\n{returned}")
        return
    await record_published(ui, client, user_id, channel, ts, post.id, view_id=view["id"])

"""Submitting the Reply anonymously modal: post in the thread as OP or the person's pseudonym.

Refusals (empty text, post no longer open, daily limit, crisis words) answer in the open modal,
keeping the text. The reply is stored, then published: through the outbox at a random moment
within KINDRED_SPACE_DELAY_SECONDS (the modal says so), or at once when that is 0. If Slack
refuses it at once, the record is undone and the words are given back privately (an ephemeral
message, not kept in any history); never in a DM.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import space_publish
from bot.deliveries.space_publish import SPACE_REPLY
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
)


async def handle_space_reply_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Validate, then post the reply in the post's thread under the right name."""
    ui = SpaceUI(runtime_of(context))
    team_id, user_id = str(context.team_id), str(context.user_id)
    view = body["view"]
    text = typed_text(view).strip()
    meta = load_meta(view.get("private_metadata"))

    async def refuse(message: str) -> None:
        await ack(response_action="errors", errors={bk.SPACE_TEXT_BLOCK: message})

    problem = ui.text_problem(text)
    if problem:
        await refuse(problem)
        return
    setup = await ui.setup(team_id)
    if setup.problem:
        await refuse(setup.problem)
        return
    hasher, day = ui.hasher(), today()
    post_id = int(meta.get("post") or 0)
    async with ui.runtime.db.session() as session:
        post = await space.get_post(session, team_id, post_id)
        if post is None or post.status != space.Status.VISIBLE.value:
            state = post.status if post is not None else "deleted"
            await refuse(ui.say("post_gone", kind="post", state=state))
            return
        # Just after posting, Kindred may not have stored the post's ts yet: the modal knows it.
        thread_ts = post.message_ts or str(meta.get("ts") or "")
        if not thread_ts:  # never post a "reply" outside its thread
            await refuse(ui.say("post_gone", kind="post", state="pending"))
            return
        speaker = await space.speaker_in_thread(session, hasher, post, user_id)
        if not meta.get("crisis_seen") and mentions_crisis(text):
            name = await space.suggest_pseudonym(session, post, speaker, ui.pseudonyms)
            updated = ui.reply_view(
                post.id,
                str(meta.get("ts") or ""),
                name or ui.labels["op_name"],
                speaker.is_op,
                text,
                crisis=True,
            )
            await ack(response_action="update", view=updated)
            return
        if not await space.use_allowance(
            session, hasher, team_id, user_id, Kind.REPLY, day, ui.limit(Kind.REPLY)
        ):
            await refuse(ui.say("rate_limited", kind="reply", limit=ui.limit(Kind.REPLY)))
            return
        if speaker.is_op:
            name = ui.labels["op_name"]
        else:
            name = await space.claim_pseudonym(session, post, speaker.person_hash, ui.pseudonyms)
        reply = await space.create_reply(session, post, speaker.person_hash, name, text)
        channel = post.channel
        delay, at = ui.settings.KINDRED_SPACE_DELAY_SECONDS, None
        if delay:
            at = await space_publish.schedule(
                session, team_id, channel, SPACE_REPLY, reply.id, utcnow(), delay
            )
    if at is not None:
        await ack(
            response_action="update",
            view=ui.done_view(
                ui.say("reply_waiting", name=name, delay=delay), ui.labels["reply_title"]
            ),
        )
        space_publish.publish_at(ui.runtime, at)
        return
    await ack()
    try:
        ts = await post_in_channel(
            client, channel, ui.reply_message(post_id, reply.id, name, text), thread_ts=thread_ts
        )
    except SLACK_FAILURES as error:
        problem = ui.post_failed(channel, error)
        async with ui.runtime.db.session() as session:
            await space.discard_reply(session, reply.id)
            await space.give_back_allowance(session, hasher, team_id, user_id, Kind.REPLY, day)
        await tell_privately(client, user_id, f"{problem}\n{ui.say('returned_text', text=text)}")
        return
    await record_published(ui, client, user_id, channel, ts, post_id, reply.id)

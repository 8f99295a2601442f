"""Delete my post: paced chat.delete calls, and a deletion that stops half-way resumes."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select

from bot.deliveries.cycle import resume_deletions
from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import space
from bot.services.workspaces import ensure_workspaces
from bot.slack.space import SpaceUI, finish_deleting
from bot.store.models import AnonymousPost, AnonymousReply

TEAM, SPACE = "T0KINDRED", "C0SPACE"


async def seed_post(runtime: Runtime, replies: int) -> tuple[int, str, list[str]]:
    """A post and its replies, posted in Slack and recorded as the space records them."""
    client = await runtime.clients.for_team(TEAM)
    post_ts = str((await client.chat_postMessage(channel=SPACE, text="a post"))["ts"])
    reply_ts = [
        str((await client.chat_postMessage(channel=SPACE, text=f"r{i}", thread_ts=post_ts))["ts"])
        for i in range(replies)
    ]
    async with runtime.db.session() as session:
        await ensure_workspaces(session, [TEAM])
        post = AnonymousPost(
            team_id=TEAM, channel=SPACE, message_ts=post_ts, author_hash="h", text="a post"
        )
        session.add(post)
        await session.flush()
        for i, ts in enumerate(reply_ts):
            session.add(
                AnonymousReply(
                    post_id=post.id, author_hash="h", pseudonym=f"P{i}", message_ts=ts, text="r"
                )
            )
        await space.begin_delete(session, post.id)
        return post.id, post_ts, reply_ts


async def test_a_deletion_that_stops_half_way_resumes_where_it_stopped(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    post_id, post_ts, reply_ts = await seed_post(runtime, 4)
    deleted: list[str] = []

    def chat_delete(params: dict[str, Any]) -> dict[str, Any]:
        deleted.append(str(params["ts"]))
        if len(deleted) == 3:  # Slack fails once, on the third reply
            return {"ok": False, "error": "fatal_error"}
        return {"ok": True, "channel": params["channel"], "ts": params["ts"]}

    standin.set_handler("chat.delete", chat_delete)
    client = await runtime.clients.for_team(TEAM)
    with pytest.raises(SlackApiError):
        await finish_deleting(SpaceUI(runtime), client, post_id)
    assert deleted == reply_ts[:3]

    # The next scheduling cycle finishes it, without deleting the first two again.
    assert await resume_deletions(runtime) == 1
    assert deleted == reply_ts[:3] + reply_ts[2:] + [post_ts]
    async with runtime.db.session() as session:
        assert await session.scalar(select(func.count()).select_from(AnonymousPost)) == 0
        assert await session.scalar(select(func.count()).select_from(AnonymousReply)) == 0
    assert await resume_deletions(runtime) == 0

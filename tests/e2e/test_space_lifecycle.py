"""The anonymous space's publishing: a random delay, and failures that stay private.

Every failure path is made real (Slack refusing, the database refusing through a trigger) and
checked for the same two things: the author heard nothing in a DM, and the post they shared can
still be deleted by them.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bot.sandbox.signing import block_action
from bot.sandbox.standin import SlackStandIn
from tests.e2e.space_driver import MODS, SPACE, SpaceDriver, action_value, eventually, texts

ALICE, BOB = "U0ALICE01", "U0BOBBY02"
DELAY = 2


def base_env(server_env: dict[str, str], delay: int) -> dict[str, str]:
    return server_env | {
        "KINDRED_PROCESSING_CHANNEL": SPACE,
        "KINDRED_MODERATORS": MODS,
        "KINDRED_SPACE_DELAY_SECONDS": str(delay),
    }


def dms_to(standin: SlackStandIn, user: str) -> list[dict[str, Any]]:
    """Ordinary (kept) messages Kindred sent into the person's DM."""
    channels = {user, standin.dm_channel_id(user)}
    return [c.params for c in standin.calls("chat.postMessage") if c.params["channel"] in channels]


def posts_in_space(standin: SlackStandIn) -> list[Any]:
    return [c for c in standin.calls("chat.postMessage") if c.params["channel"] == SPACE]


def private_words(standin: SlackStandIn) -> str:
    """Everything Kindred told anyone privately: modal updates and ephemeral messages."""
    calls = standin.calls("views.update") + standin.calls("chat.postEphemeral")
    return json.dumps([c.params for c in calls])


def refuse(database: Engine, name: str, when: str) -> None:
    """A trigger making the database refuse `when` (e.g. `UPDATE OF message_ts ON t`)."""
    with database.begin() as conn:
        if database.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'refused'; END $$"
                )
            )
            conn.execute(
                text(f"CREATE TRIGGER {name} BEFORE {when} FOR EACH ROW EXECUTE FUNCTION refuse()")
            )
        else:
            conn.execute(
                text(f"CREATE TRIGGER {name} BEFORE {when} BEGIN SELECT RAISE(ABORT, 'x'); END")
            )


def allow(database: Engine, name: str, table: str) -> None:
    with database.begin() as conn:
        on = f" ON {table}" if database.dialect.name == "postgresql" else ""
        conn.execute(text(f"DROP TRIGGER {name}{on}"))


def delete_from_mine(space: SpaceDriver, user: str) -> dict[str, Any]:
    """`/share mine`, then its Delete button on the first post listed; returns the answer."""
    listed = space.command(user, "mine")
    assert "space_delete" in json.dumps(listed), listed
    count = len(space.standin.calls("response_url")) + 1
    payload = block_action(
        "space_delete",
        action_value(listed, "space_delete"),
        user_id=user,
        channel_id="C0GENERAL",
        response_url=space.standin.response_url("commands"),
    )
    assert space.slack.interaction(payload).status_code == 200
    return space.last_ephemeral(count)


# ---------------------------------------------------------------------- the delay


class TestWithADelay:
    @pytest.fixture
    def server_env(self, server_env: dict[str, str]) -> dict[str, str]:
        return base_env(server_env, DELAY)

    def test_posts_and_replies_appear_once_within_the_delay_after_the_confirmation(
        self, space: SpaceDriver, standin: SlackStandIn, database: Engine
    ) -> None:
        submitted = time.monotonic()
        answer = space.submit_share(ALICE, "Waiting for my moment")
        assert answer["response_action"] == "update"
        assert "within about 2 seconds" in texts(answer["view"])
        assert action_value(answer["view"], "space_delete").isdigit()
        (call,) = eventually(lambda: posts_in_space(standin), timeout=DELAY + 5, what="the post")
        assert submitted <= call.time <= submitted + DELAY + 1
        post = space.posts()[0]
        modal = space.open_reply(BOB, post)
        replied = time.monotonic()
        answer = space.submit_reply(BOB, modal, "A reply, later")
        assert "within about 2 seconds" in texts(answer["view"])
        eventually(lambda: space.replies(post), timeout=DELAY + 5, what="the reply")
        reply_call = posts_in_space(standin)[-1]
        assert replied <= reply_call.time <= replied + DELAY + 1
        time.sleep(1)
        assert len(posts_in_space(standin)) == 2  # each published exactly once
        with database.connect() as conn:
            # The outbox rows are gone once done: their time was the moment people pressed Post.
            waiting = conn.execute(text("SELECT count(*) FROM deliveries")).scalar_one()
            recorded = conn.execute(
                text("SELECT count(*) FROM anonymous_posts WHERE message_ts IS NOT NULL")
            ).scalar_one()
        assert (waiting, recorded) == (0, 1)
        assert dms_to(standin, ALICE) == [] and dms_to(standin, BOB) == []
        space.assert_all_calls_valid()

    def test_a_post_slack_refuses_later_waits_and_can_still_be_deleted(
        self, space: SpaceDriver, standin: SlackStandIn, database: Engine
    ) -> None:
        standin.fail_next("chat.postMessage", status=200, error="not_in_channel")
        space.submit_share(ALICE, "Refused at my moment")
        eventually(lambda: standin.calls("chat.postMessage"), timeout=DELAY + 5, what="a try")
        assert space.posts() == []
        answer = delete_from_mine(space, ALICE)
        assert "deleted" in answer["text"]
        with database.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM anonymous_posts")).scalar_one() == 0
        assert dms_to(standin, ALICE) == []


# ---------------------------------------------------------------------- at once, failing


class TestAtOnce:
    @pytest.fixture
    def server_env(self, server_env: dict[str, str]) -> dict[str, str]:
        return base_env(server_env, 0)

    def test_a_post_whose_record_fails_is_told_privately_and_stays_deletable(
        self, space: SpaceDriver, standin: SlackStandIn, database: Engine
    ) -> None:
        refuse(database, "no_ts", "UPDATE OF message_ts ON anonymous_posts")
        answer = space.submit_share(ALICE, "Up, but not noted")
        assert "Only you can see this" in texts(answer["view"])
        eventually(space.posts, what="the post")
        eventually(lambda: "could not finish saving" in private_words(standin), what="told")
        assert dms_to(standin, ALICE) == []
        allow(database, "no_ts", "anonymous_posts")

        answer = delete_from_mine(space, ALICE)
        assert "deleted" in answer["text"]
        eventually(lambda: space.posts() == [], what="the post to come down")
        with database.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM anonymous_posts")).scalar_one() == 0
        assert dms_to(standin, ALICE) == []

    def test_a_failure_after_the_ack_is_told_ephemerally_and_the_post_stays_deletable(
        self, space: SpaceDriver, standin: SlackStandIn, database: Engine
    ) -> None:
        # Slack refuses the post, and then the database refuses to discard the record.
        standin.fail_next("chat.postMessage", status=200, error="not_in_channel")
        refuse(database, "no_delete", "DELETE ON anonymous_posts")
        space.submit_share(ALICE, "Refused twice")
        eventually(lambda: standin.calls("chat.postEphemeral"), what="the private answer")
        assert "did not go through" in private_words(standin)
        assert dms_to(standin, ALICE) == []
        allow(database, "no_delete", "anonymous_posts")

        answer = delete_from_mine(space, ALICE)
        assert "deleted" in answer["text"]
        with database.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM anonymous_posts")).scalar_one() == 0
        assert space.posts() == [] and dms_to(standin, ALICE) == []

    def test_a_reply_whose_record_fails_is_told_privately(
        self, space: SpaceDriver, standin: SlackStandIn, database: Engine
    ) -> None:
        post = space.share(ALICE, "A post")
        refuse(database, "no_reply_ts", "UPDATE OF message_ts ON anonymous_replies")
        space.submit_reply(BOB, space.open_reply(BOB, post), "A reply not noted")
        eventually(lambda: "could not finish saving" in private_words(standin), what="told")
        assert dms_to(standin, BOB) == []
        allow(database, "no_reply_ts", "anonymous_replies")
        # Deleting the post finds the unnoted reply in the thread and takes it down too.
        answer = delete_from_mine(space, ALICE)
        assert "deleted" in answer["text"]
        eventually(lambda: standin.thread(SPACE, post["ts"]) == [], what="post and reply gone")

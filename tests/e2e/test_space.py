"""The anonymous space end to end: the real `kindred serve`, signed requests, the Slack stand-in.

Every test runs on SQLite and on PostgreSQL (the `db_url` fixture).
"""

from __future__ import annotations

import json
import re
import time

import pytest
from sqlalchemy import create_engine, select

from bot.sandbox.signing import (
    SlackSender,
    block_action,
    global_shortcut,
    plain_text_value,
)
from bot.sandbox.standin import SlackStandIn
from bot.store import db as store
from bot.store.models import AnonymousPost, AnonymousReply, PostFlag, SpaceReview, ThreadPseudonym
from tests.conftest import SIGNING_SECRET
from tests.e2e.space_driver import (
    MODS,
    SPACE,
    TEXT_BLOCK,
    SpaceDriver,
    action_value,
    author_line,
    eventually,
    texts,
)
from tests.support.server import InProcessServer

OP = "Anonymous · OP"
ALICE, BOB, CAROL, DAN, ERIN = "U0ALICE01", "U0BOBBY02", "U0CAROL03", "U0DANNY04", "U0ERINN05"
MODERATOR = "U0MODERA6"
SLACK_ACK_LIMIT_SECONDS = 3.0


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {"KINDRED_PROCESSING_CHANNEL": SPACE, "KINDRED_MODERATORS": MODS}


def rows(db_url: str, model: type) -> list:
    """Every row of one table, read with a plain synchronous engine."""
    engine = create_engine(store.sync_database_url(db_url))
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model.__table__)))
    finally:
        engine.dispose()


# ---------------------------------------------------------------------- posting


def test_share_command_opens_a_modal_with_a_live_preview_and_posts_as_op(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    assert space.command(ALICE, "It has been *a lot* lately") == {}
    modal = space.opened_view(1)
    assert modal["callback_id"] == "space_share"
    assert OP in texts(modal) and "It has been *a lot* lately" in texts(modal)

    # Typing updates the preview (a dispatched action, then views.update with the view's hash).
    typed = {TEXT_BLOCK: {TEXT_BLOCK: plain_text_value("It has been a lot & more")}}
    action = block_action(
        TEXT_BLOCK,
        "It has been a lot & more",
        user_id=ALICE,
        view=modal,
        state_values=typed,
        action_type="plain_text_input",
    )
    assert space.slack.interaction(action).status_code == 200
    (update,) = standin.wait_for("views.update")
    assert update.params["hash"] == modal["hash"]
    assert "It has been a lot & more" in texts(update.params["view"])  # plain text, as typed

    answer = space.submit_share(ALICE, "It has been a lot & more", view=modal)
    assert answer["response_action"] == "update"
    confirmation = answer["view"]
    assert "Only you can see this" in texts(confirmation)
    assert action_value(confirmation, "space_delete").isdigit()

    post = eventually(space.posts, what="the post")[0]
    assert author_line(post) == OP
    assert "It has been a lot & more" in texts(post)
    assert action_value(post, "space_reply") == action_value(confirmation, "space_delete")
    assert action_value(post, "space_flag") == f"post:{action_value(post, 'space_reply')}"
    posted = standin.calls("chat.postMessage")[-1].params
    assert posted["channel"] == SPACE and posted["unfurl_links"] is False
    assert ALICE not in json.dumps(posted)
    # Kindred records where Slack put the post just after posting it.
    (stored,) = eventually(lambda: [p for p in rows(db_url, AnonymousPost) if p.message_ts])
    assert stored.message_ts == post["ts"] and stored.text == "It has been a lot & more"
    space.assert_all_calls_valid()


def test_share_shortcut_opens_the_same_modal_and_is_acknowledged_in_time(
    space: SpaceDriver,
) -> None:
    started = time.monotonic()
    assert space.slack.interaction(global_shortcut("share_anonymously", user_id=BOB))
    assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
    modal = space.opened_view(1)
    assert modal["callback_id"] == "space_share"
    assert modal["blocks"][-1]["block_id"] == "space_preview_empty"

    started = time.monotonic()
    answer = space.submit_share(BOB, "Posting goes on after the answer")
    assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
    assert answer["response_action"] == "update"
    eventually(space.posts, what="the post")
    space.assert_all_calls_valid()


def test_empty_text_is_refused_in_the_modal(space: SpaceDriver) -> None:
    answer = space.submit_share(ALICE, "   \n ")
    assert answer["response_action"] == "errors"
    assert "write something" in answer["errors"][TEXT_BLOCK]
    assert space.posts() == []


# ---------------------------------------------------------------------- replies and pseudonyms


def test_replies_show_op_and_one_stable_pseudonym_per_person_per_thread(
    space: SpaceDriver, db_url: str
) -> None:
    first = space.share(ALICE, "First thread")
    bob_1 = space.reply(BOB, first, "Bob's first reply")
    bob_2 = space.reply(BOB, first, "Bob again")
    carol = space.reply(CAROL, first, "Carol here")
    alice = space.reply(ALICE, first, "Thank you both")
    assert author_line(alice) == OP
    assert author_line(bob_1) == author_line(bob_2)
    assert author_line(bob_1).startswith("Anonymous ") and author_line(bob_1) != OP
    assert author_line(carol) not in (author_line(bob_1), OP)
    assert all(reply["thread_ts"] == first["ts"] for reply in (bob_1, bob_2, carol, alice))

    # The message shortcut on a reply in the thread knows the same name.
    modal = space.reply_via_shortcut(BOB, carol)
    assert author_line(bob_1) in texts(modal)
    via_shortcut = space.submit_reply(BOB, modal, "From the shortcut")
    assert via_shortcut == {}
    latest = eventually(lambda: len(space.replies(first)) == 5 and space.replies(first))[-1]
    assert author_line(latest) == author_line(bob_1)

    # Bob gets a name of each thread's own: across several threads they are not all the same
    # (each is drawn independently, so two can match by chance; four cannot, in practice).
    names = {author_line(bob_1)}
    for n in range(3):
        thread = space.share(ALICE if n % 2 else CAROL, f"Thread {n}")
        names.add(author_line(space.reply(BOB, thread, "me too")))
    assert len(names) > 1

    pseudonyms = rows(db_url, ThreadPseudonym)
    assert len({(p.post_id, p.person_hash) for p in pseudonyms}) == len(pseudonyms)
    assert len({p.person_hash for p in pseudonyms}) == len(pseudonyms)  # never linked
    space.assert_all_calls_valid()


def test_replying_to_something_that_is_not_an_anonymous_post_explains_kindly(
    space: SpaceDriver, standin: SlackStandIn
) -> None:
    ts = standin.add_message(SPACE, "a message under someone's own name", user=CAROL)
    modal = space.reply_via_shortcut(BOB, {"ts": ts, "user": CAROL, "text": "hi"})
    assert modal.get("callback_id") != "space_reply"
    assert "works on anonymous posts" in texts(modal)


# ---------------------------------------------------------------------- flags and moderation


def test_flags_hide_a_post_and_moderators_restore_it(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    post = space.share(ALICE, "Please don't hide me")
    assert "counted" in space.flag(BOB, post)["text"]
    assert "already flagged" in space.flag(BOB, post)["text"]
    space.flag(CAROL, post)
    assert standin.calls("chat.update") == []
    hidden = space.flag(DAN, post)
    assert "now hidden" in hidden["text"]
    assert hidden["response_type"] == "ephemeral"

    shown = eventually(lambda: "hidden while the moderators" in texts(space.posts()[0]))
    assert shown
    assert "Please don't hide me" not in texts(space.posts()[0])
    review = eventually(lambda: standin.messages(MODS), what="the review")[0]
    assert "3 people flagged a post" in texts(review)
    assert "Please don't hide me" in texts(review)
    assert action_value(review, "space_restore") == action_value(review, "space_remove")

    space.moderate(MODERATOR, review, "space_restore")
    eventually(lambda: "Please don't hide me" in texts(space.posts()[0]), what="restore")
    assert action_value(space.posts()[0], "space_reply")
    eventually(lambda: "restored" in texts(space.message(MODS, review["ts"]) or {}))
    assert f"<@{MODERATOR}>" in texts(space.message(MODS, review["ts"]) or {})
    assert rows(db_url, AnonymousPost)[0].status == "visible"

    # The flags seen are set aside, not forgotten: the same people cannot flag again, and a new
    # flag counts from zero.
    assert "already flagged" in space.flag(CAROL, post)["text"]
    space.flag(ERIN, post)
    assert rows(db_url, AnonymousPost)[0].status == "visible"
    space.assert_all_calls_valid()


def test_moderators_remove_a_flagged_reply_and_its_text_is_deleted(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    post = space.share(ALICE, "A calm post")
    reply = space.reply(BOB, post, "an unkind reply")
    for person in (ALICE, CAROL, DAN):
        space.flag(person, reply, reply=True)
    eventually(lambda: "reply is hidden" in texts(space.replies(post)[0]), what="hidden reply")
    assert "A calm post" in texts(space.posts()[0])  # the post itself stays
    review = eventually(lambda: standin.messages(MODS), what="the review")[0]
    assert "flagged a reply" in texts(review) and "an unkind reply" in texts(review)

    # A click that does not come from the moderators' channel is refused.
    space.moderate(CAROL, review, "space_remove", channel=SPACE)
    space.moderate(MODERATOR, review, "space_remove")
    eventually(lambda: "removed by the moderators" in texts(space.replies(post)[0]))
    eventually(lambda: "removed this reply" in texts(space.message(MODS, review["ts"]) or {}))
    assert "an unkind reply" not in texts(space.message(MODS, review["ts"]) or {})
    (stored,) = rows(db_url, AnonymousReply)
    assert stored.status == "removed" and stored.text == ""

    space.moderate(MODERATOR, review, "space_restore")  # already decided: nothing changes
    answers = [e["text"] for e in space.ephemerals()]
    eventually(lambda: any("already decided" in t for t in [e["text"] for e in space.ephemerals()]))
    assert any("Only the moderators" in text for text in answers)
    assert rows(db_url, AnonymousReply)[0].status == "removed"
    space.assert_all_calls_valid()


def test_moderators_can_be_a_user_group_reached_by_dm(
    server_env: dict[str, str], standin: SlackStandIn, tmp_path
) -> None:
    standin.add_usergroup("S0MODS", [MODERATOR, "U0MODERA7"])
    env = server_env | {"KINDRED_MODERATORS": "S0MODS", "KINDRED_FLAGS_TO_HIDE": "1"}
    server = InProcessServer(env, tmp_path).start()
    try:
        standin.add_channel(SPACE, "processing-space")
        hooks = f"{standin.root_url}/hooks"
        space = SpaceDriver(SlackSender(server.url, SIGNING_SECRET, hooks_url=hooks), standin)
        post = space.share(ALICE, "One flag is enough here")
        space.flag(BOB, post)
        dms = eventually(
            lambda: (
                len(standin.messages(f"D{MODERATOR}")) + len(standin.messages("DU0MODERA7")) == 2
            ),
            what="two DMs",
        )
        assert dms
        review = standin.messages(f"D{MODERATOR}")[0]
        payload = block_action(
            "space_restore",
            action_value(review, "space_restore"),
            user_id=MODERATOR,
            channel_id=f"D{MODERATOR}",
            message=review,
            response_url=standin.response_url("actions"),
        )
        assert space.slack.interaction(payload).status_code == 200
        eventually(lambda: "One flag is enough here" in texts(space.posts()[0]), what="restore")
        for channel in (f"D{MODERATOR}", "DU0MODERA7"):
            eventually(lambda c=channel: "restored" in texts(standin.messages(c)[0]))
        space.assert_all_calls_valid()
    finally:
        server.stop()


# ---------------------------------------------------------------------- delete my post


def test_delete_my_post_removes_it_its_replies_and_everything_stored(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    answer = space.submit_share(ALICE, "I may regret this")
    confirmation = answer["view"] | {"id": "V0SHARE"}
    post = eventually(space.posts, what="the post")[0]
    space.reply(BOB, post, "a reply")
    space.reply(ALICE, post, "OP's own reply")
    space.flag(CAROL, post)
    keep = space.share(BOB, "Another post stays")

    space.press_delete(BOB, confirmation)  # not the author
    refused = standin.wait_for("views.update")[-1].params["view"]
    assert "Only the person who shared" in texts(refused)
    assert len(space.posts()) == 2

    space.press_delete(ALICE, confirmation)
    eventually(lambda: [p["ts"] for p in space.posts()] == [keep["ts"]], what="the deletion")
    assert space.standin.thread(SPACE, post["ts"]) == []  # the replies went with it
    done = standin.wait_for("views.update", count=2)[-1].params["view"]
    assert "Your post is deleted" in texts(done)
    for model in (AnonymousReply, PostFlag, ThreadPseudonym, SpaceReview):
        assert rows(db_url, model) == []
    assert [p.text for p in rows(db_url, AnonymousPost)] == ["Another post stays"]
    space.assert_all_calls_valid()


def test_share_mine_lists_only_my_posts_with_delete_buttons(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    space.share(ALICE, "Alice one")
    space.share(BOB, "Bob one")
    space.share(ALICE, "Alice two")
    # Kindred records where Slack put each post just after posting it; the list needs that.
    eventually(lambda: all(p.message_ts for p in rows(db_url, AnonymousPost)), what="the ts")
    mine = space.command(ALICE, "mine")
    assert mine["response_type"] == "ephemeral"
    listed = texts(mine)
    assert "Alice one" in listed and "Alice two" in listed and "Bob one" not in listed

    # Delete from the list (an ephemeral message: the answer replaces it).
    older = next(b for b in mine["blocks"] if "Alice one" in json.dumps(b))
    payload = block_action(
        "space_delete",
        older["accessory"]["value"],
        user_id=ALICE,
        channel_id="C0GENERAL",
        response_url=standin.response_url("commands"),
    )
    assert space.slack.interaction(payload).status_code == 200
    eventually(lambda: len(space.posts()) == 2, what="the deletion")
    answer = space.last_ephemeral(1)
    assert answer["replace_original"] is True and "Your post is deleted" in answer["text"]
    assert "Alice one" not in texts(space.command(ALICE, "mine"))


# ---------------------------------------------------------------------- daily limits


@pytest.fixture
def few_replies(server_env: dict[str, str]) -> dict[str, str]:
    server_env["KINDRED_REPLIES_PER_DAY"] = "2"
    return server_env


def test_daily_limits_are_answered_kindly(
    few_replies: dict[str, str], space: SpaceDriver, standin: SlackStandIn
) -> None:
    for n in range(5):  # the default: five posts a day
        space.share(ALICE, f"post {n}")
    refused = space.submit_share(ALICE, "a sixth")
    assert refused["response_action"] == "errors"
    assert "5 posts today" in refused["errors"][TEXT_BLOCK]
    assert len(space.posts()) == 5
    command = space.command(ALICE, "one more?")
    assert command["response_type"] == "ephemeral" and "tomorrow" in command["text"]
    space.share(BOB, "Bob still can")  # limits are per person

    post = space.posts()[0]
    space.reply(BOB, post, "one")
    space.reply(BOB, post, "two")
    modal = space.open_reply(BOB, post)
    assert "2 anonymous replies" in texts(modal) and modal.get("callback_id") != "space_reply"
    assert len(space.replies(post)) == 2


# ---------------------------------------------------------------------- inert text


MENTIONS = (
    "<!channel> <!here> <!everyone> <@U0BOBBY02> <#C0GENERAL> <!subteam^S0TEAM> "
    "<https://evil.example|a harmless link> @channel @here @everyone & < >"
)
LIVE_MARKUP = re.compile(r"<[!@#]|<https?:|@(?:channel|here|everyone)\b")


def test_every_mention_form_arrives_inert(space: SpaceDriver, standin: SlackStandIn) -> None:
    post = space.share(ALICE, MENTIONS)
    reply = space.reply(BOB, post, MENTIONS)
    for message in (post, reply):
        call = next(
            c.params
            for c in standin.calls("chat.postMessage")
            if c.response.get("ts") == message["ts"]
        )
        assert call["link_names"] is False
        # The notification text is escaped mrkdwn; the message itself shows the words as typed
        # in plain_text, where Slack links, mentions and formats nothing.
        fallback = call["text"]
        assert not LIVE_MARKUP.search(fallback), fallback
        assert "&lt;!channel&gt;" in fallback and "@\u2060channel" in fallback
        sections = [b for b in call["blocks"] if b["type"] == "section"]
        assert sections and all(b["text"]["type"] == "plain_text" for b in sections)
        assert MENTIONS in "".join(b["text"]["text"] for b in sections)
    # Moderators see the flagged text just as inert.
    for person in (BOB, CAROL, DAN):
        space.flag(person, post)
    review = eventually(lambda: standin.messages(MODS), what="the review")[0]
    quoted = [b for b in review["blocks"] if b.get("block_id", "").startswith("space_review_text")]
    assert quoted and all(b["text"]["type"] == "plain_text" for b in quoted)
    space.assert_all_calls_valid()


# ---------------------------------------------------------------------- crisis words


def test_crisis_words_bring_private_support_and_still_post_if_confirmed(
    space: SpaceDriver, standin: SlackStandIn
) -> None:
    words = "Some days I want to die, honestly."
    answer = space.submit_share(ALICE, words)
    assert answer["response_action"] == "update"
    support = answer["view"]
    assert "988" in texts(support) and "Samaritans" in texts(support)
    assert support["submit"]["text"] == "Post it anyway"
    assert space.posts() == []
    assert standin.calls("chat.postMessage") == []

    posted = space.submit_share(ALICE, words, view=support | {"id": "V0SUPPORT"})
    assert posted["response_action"] == "update" and "Only you can see" in texts(posted["view"])
    post = eventually(space.posts, what="the post")[0]
    assert "I want to die" in texts(post)
    assert "988" not in texts(post)  # the resources were for the author only


# ---------------------------------------------------------------------- not configured


@pytest.fixture
def unconfigured(server_env: dict[str, str]) -> dict[str, str]:
    server_env.pop("KINDRED_PROCESSING_CHANNEL")
    return server_env


def test_without_a_channel_nothing_is_posted_and_an_admin_can_set_it_up(
    unconfigured: dict[str, str], space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    answer = space.command(ALICE, "Is anyone there?")
    assert answer["response_type"] == "ephemeral"
    assert "/share setup" in answer["text"] and "admin" in answer["text"]
    modal = space.global_shortcut(ALICE)
    assert "/share setup" in texts(modal)
    submitted = space.submit_share(ALICE, "Is anyone there?")
    assert submitted["response_action"] == "errors"
    assert standin.calls("chat.postMessage") == []
    assert rows(db_url, AnonymousPost) == []

    standin.add_user(ALICE, name="alice")
    standin.add_user("U0ADMIN01", name="admin", is_admin=True)
    space.command(ALICE, "setup", channel=SPACE)
    assert "Only a workspace admin" in space.last_ephemeral(1)["text"]
    space.command("U0ADMIN01", "setup", channel=SPACE)
    assert "is now the anonymous space" in space.last_ephemeral(2)["text"]
    intro = eventually(lambda: standin.messages(SPACE), what="the channel intro")[0]
    assert "anonymous space" in intro["text"]

    post = space.share(ALICE, "Is anyone there?")
    assert author_line(post) == OP
    space.assert_all_calls_valid()


def test_setup_in_a_channel_kindred_is_not_in_says_how_to_invite_it(
    unconfigured: dict[str, str], space: SpaceDriver, standin: SlackStandIn
) -> None:
    standin.add_user("U0ADMIN01", name="admin", is_admin=True)
    standin.fail_next("chat.postMessage", status=200, error="not_in_channel")
    space.command("U0ADMIN01", "setup", channel="C0ELSEWHERE")
    assert "/invite @kindred" in space.last_ephemeral(1)["text"]
    assert "/share setup" in space.command(ALICE, "hello")["text"]  # still not set up


def test_when_slack_refuses_the_post_the_words_come_back_and_nothing_is_kept(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    standin.fail_next("chat.postMessage", status=200, error="not_in_channel")
    answer = space.submit_share(ALICE, "Words worth keeping")
    assert answer["response_action"] == "update"
    (update,) = standin.wait_for("views.update")
    again = update.params["view"]
    assert again["callback_id"] == "space_share"
    assert "/invite @kindred" in texts(again)
    assert "Words worth keeping" in json.dumps(again)
    eventually(lambda: rows(db_url, AnonymousPost) == [], what="the record to go")
    # The day's allowance was given back: five more posts still fit.
    for n in range(5):
        space.share(ALICE, f"post {n}")

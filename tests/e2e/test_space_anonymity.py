"""No identity stored: after one person posts, replies, flags and deletes, neither the database
(every table, read raw) nor the server's own log output holds their user ID, name or e-mail.

Runs at the default log level and with KINDRED_LOG_LEVEL=DEBUG, where Bolt and slack_sdk would
otherwise print request bodies and Web API parameters; on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.engine import make_url

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import SlackSender, block_action
from bot.sandbox.standin import SlackStandIn
from bot.store import db as store
from tests.e2e.space_driver import MODS, SPACE, SpaceDriver, action_value, eventually, texts
from tests.support.server import InProcessServer

# The person whose identity must not appear anywhere: distinctive, so a hit is never a fluke.
QUIET_ID = "U07QUIETWREN"
QUIET_NAME = "wren.halloway"
QUIET_REAL_NAME = "Wren Halloway"
QUIET_DISPLAY = "Wrenny"
QUIET_EMAIL = "wren.halloway@example.org"
IDENTITY = (QUIET_ID, QUIET_NAME, QUIET_REAL_NAME, QUIET_DISPLAY, QUIET_EMAIL, "halloway")
OTHERS = ("U0OTHER001", "U0OTHER002", "U0OTHER003")


@pytest.fixture(params=["INFO", "DEBUG"])
def server_env(request: pytest.FixtureRequest, server_env: dict[str, str]) -> dict[str, str]:
    env = server_env | {"KINDRED_PROCESSING_CHANNEL": SPACE, "KINDRED_MODERATORS": MODS}
    if request.param != "INFO":  # INFO is the default: leave the variable unset
        env["KINDRED_LOG_LEVEL"] = request.param
    return env


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[InProcessServer | KindredServer]:
    """At DEBUG the real `kindred serve` process, whose own logging set-up is under test."""
    kind = KindredServer if server_env.get("KINDRED_LOG_LEVEL") == "DEBUG" else InProcessServer
    running = kind(server_env, tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def space(
    slack: SlackSender, standin: SlackStandIn, server: InProcessServer | KindredServer
) -> Iterator[SpaceDriver]:
    standin.add_channel(SPACE, "processing-space")
    standin.add_channel(MODS, "space-moderators")
    standin.add_user(
        QUIET_ID,
        name=QUIET_NAME,
        real_name=QUIET_REAL_NAME,
        display_name=QUIET_DISPLAY,
        email=QUIET_EMAIL,
    )
    for other in OTHERS:
        standin.add_user(other, email=f"{other.lower()}@example.org")
    yield SpaceDriver(slack, standin)


def everything_in_the_database(db_url: str) -> str:
    """Every row of every table, as text (the whole schema, reflected, not just Kindred's)."""
    engine = create_engine(store.sync_database_url(db_url))
    dumped: list[str] = []
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        assert "anonymous_posts" in metadata.tables
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(select(table)):
                    dumped.append(f"{table.name}: {tuple(row)!r}")
    finally:
        engine.dispose()
    return "\n".join(dumped)


def raw_sqlite_bytes(db_url: str) -> bytes:
    """The SQLite database's files byte for byte (free pages and the WAL included)."""
    path = Path(make_url(db_url).database or "")
    found = b""
    for suffix in ("", "-wal", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            found += candidate.read_bytes()
    return found


def hits(haystack: str, needles: tuple[str, ...]) -> list[str]:
    lowered = haystack.lower()
    return [needle for needle in needles if needle.lower() in lowered]


def test_one_persons_posts_replies_flags_and_deletions_leave_no_identity(
    space: SpaceDriver,
    standin: SlackStandIn,
    server: InProcessServer | KindredServer,
    server_env: dict[str, str],
    db_url: str,
) -> None:
    quiet, (first, second, third) = QUIET_ID, OTHERS

    # Posts: one through /share and its modal (with a live preview), one through the shortcut.
    space.command(quiet, "")
    modal = space.opened_view(1)
    answer = space.submit_share(quiet, "I have been finding this week hard.", view=modal)
    kept = eventually(space.posts, what="the first post")[0]
    space.global_shortcut(quiet)
    doomed_answer = space.submit_share(quiet, "Something I may take back.")
    doomed = eventually(lambda: len(space.posts()) == 2 and space.posts())[1]

    # Replies: in their own thread (as OP), in someone else's (under a pseudonym), one through
    # the message shortcut; a crisis-word reply that goes out once confirmed.
    other_post = space.share(first, "A post by someone else")
    space.reply(quiet, kept, "Thanks for reading")
    space.reply(quiet, other_post, "Same here, you're not alone")
    space.submit_reply(quiet, space.reply_via_shortcut(quiet, other_post), "Me again")
    crisis = space.submit_reply(quiet, space.open_reply(quiet, other_post), "I can't go on")
    assert crisis["response_action"] == "update"
    space.submit_reply(quiet, crisis["view"] | {"id": "V0CRISIS"}, "I can't go on")
    eventually(lambda: len(space.replies(other_post)) == 3, what="three replies")

    # Flags: on someone else's post (twice: once counted, once refused) and on a reply, and
    # enough people flag the quiet person's post for the moderators to see it and restore it.
    space.flag(quiet, other_post)
    space.flag(quiet, other_post)
    reply_by_first = space.reply(first, kept, "A reply to flag")
    space.flag(quiet, reply_by_first, reply=True)
    for person in (first, second, third):
        space.flag(person, kept)
    review = eventually(lambda: standin.messages(MODS), what="the review")[0]
    space.moderate("U0MODERA6", review, "space_restore")
    eventually(lambda: "restored" in texts(space.message(MODS, review["ts"]) or {}))

    # A reply Slack refuses: the words come back privately (an ephemeral in the person's DM,
    # which makes Kindred call Slack with their user ID: at DEBUG, slack_sdk logs such calls).
    standin.fail_next("chat.postMessage", status=200, error="not_in_channel")
    space.submit_reply(quiet, space.open_reply(quiet, kept), "This one bounces")
    returned = standin.wait_for("chat.postEphemeral")[0].params
    assert returned["user"] == quiet and "This one bounces" in returned["text"]

    # Requests whose signature no longer verifies (a server clock that drifted, a replay):
    # Bolt logs the whole request body of these at INFO.
    stale = int(time.time()) - 10 * 60
    late_command = space.slack.command("/share", "late words", user_id=quiet, timestamp=stale)
    assert late_command.status_code == 401
    late_flag = block_action("space_flag", "post:0", user_id=quiet, channel_id=SPACE)
    assert space.slack.interaction(late_flag, timestamp=stale).status_code == 401

    # Deletion, and the private list of one's own posts.
    space.press_delete(quiet, doomed_answer["view"] | {"id": "V0SHARE"})
    eventually(lambda: doomed["ts"] not in [p["ts"] for p in space.posts()], what="deletion")
    assert "I have been finding" in texts(space.command(quiet, "mine"))
    assert answer["response_action"] == "update"

    # Let the last listener finish, then stop the server so its log is complete.
    eventually(lambda: standin.calls("views.update"), what="the deletion's answer")
    assert server.stop() in (0, -15)

    database = everything_in_the_database(db_url)
    assert "I have been finding this week hard." in database  # the dump does see content
    assert hits(database, IDENTITY) == [], database
    if db_url.startswith("sqlite"):
        raw = raw_sqlite_bytes(db_url)
        assert b"finding this week hard" in raw
        assert [n for n in IDENTITY if n.lower().encode() in raw.lower()] == []

    logs = server.logs()
    assert "POST /slack/events" in logs  # the access log is there, and read
    if server_env.get("KINDRED_LOG_LEVEL") == "DEBUG":
        assert " DEBUG " in logs and "chat.postMessage" in logs
    assert "Traceback" not in logs
    assert hits(logs, IDENTITY) == [], logs

    # And on Slack's side: nothing Kindred posted or updated in a channel names the author.
    public: list[dict[str, Any]] = standin.messages(SPACE) + standin.messages(MODS)
    assert hits(json.dumps(public), IDENTITY) == []
    for call in standin.calls():
        if call.method in ("chat.postMessage", "chat.update") and call.params.get(
            "channel", ""
        ).startswith("C"):
            assert hits(json.dumps(call.params), IDENTITY) == [], call.params
        assert "metadata" not in call.params
    assert action_value(kept, "space_reply").isdigit()

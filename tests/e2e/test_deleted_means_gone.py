"""Deleted means gone, on the disk too: forget, Delete my post and a moderator's Remove.

On SQLite the raw bytes of the database file, its write-ahead log and its shared-memory index
are searched for the words (and, after forget, the person's user ID): they are there before the
deletion, and nowhere after it. On PostgreSQL the rows are gone and a VACUUM of the tables they
were in has run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bot.sandbox.signing import SlackSender, view_submission
from bot.sandbox.standin import SlackStandIn
from bot.store.db import sync_database_url
from tests.e2e.space_driver import MODS, SPACE, SpaceDriver, eventually
from tests.support.server import InProcessServer

ADA, BOB, CAROL, DAN, MODERATOR = "U0ADA0001", "U0BOB0002", "U0CAR0003", "U0DAN0004", "U0MOD0005"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {
        "KINDRED_PROCESSING_CHANNEL": SPACE,
        "KINDRED_MODERATORS": MODS,
        "KINDRED_SPACE_DELAY_SECONDS": "0",
    }


class Disk:
    """What is left of some words in the database, as the disk or the server holds it."""

    def __init__(self, db_url: str) -> None:
        self.url = db_url
        self.postgres = not db_url.startswith("sqlite")
        path = make_url(db_url).database
        self.files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]

    def raw(self) -> bytes:
        """Every byte of kindred.db, kindred.db-wal and kindred.db-shm (SQLite)."""
        return b"".join(f.read_bytes() for f in self.files if f.exists())

    def holds(self, *words: str) -> bool:
        if self.postgres:
            return any(self._rows_holding(word) for word in words)
        raw = self.raw()
        return any(word.encode() in raw for word in words)

    def _rows_holding(self, word: str) -> int:
        engine = create_engine(sync_database_url(self.url))
        found = 0
        try:
            with engine.connect() as conn:
                for table in ("checkins", "members", "deliveries", "anonymous_posts"):
                    row = conn.execute(text(f"SELECT * FROM {table}")).all()
                    found += sum(word in str(tuple(r)) for r in row)
                found += sum(
                    word in r[0]
                    for r in conn.execute(text("SELECT text FROM anonymous_replies")).all()
                )
        finally:
            engine.dispose()
        return found

    def assert_gone(self, *words: str, tables: tuple[str, ...]) -> None:
        """Nothing of `words` remains; on PostgreSQL, `tables` were vacuumed since."""
        if not self.postgres:
            assert not self.holds(*words), "deleted words are still on the disk"
            return
        assert not self.holds(*words)
        engine = create_engine(sync_database_url(self.url))
        try:

            def vacuumed() -> bool:
                with engine.connect() as conn:
                    counts = conn.execute(
                        text(
                            "SELECT relname, vacuum_count FROM pg_stat_user_tables "
                            "WHERE relname = ANY(:tables)"
                        ),
                        {"tables": list(tables)},
                    ).all()
                return len(counts) == len(tables) and all(count > 0 for _, count in counts)

            eventually(vacuumed, what="the VACUUM after the deletion")
        finally:
            engine.dispose()


def test_forget_leaves_neither_the_note_nor_the_user_id_on_disk(
    slack: SlackSender, server: InProcessServer, database: Engine, db_url: str
) -> None:
    note = "Forget-me-note-5521 about my week"
    for mood, words in (("4", note), ("2", f"and again {note}")):
        assert slack.command("/checkin", f"{mood} {words}", user_id=ADA).status_code == 200
    assert slack.command("/checkin", "3 someone else", user_id=BOB).status_code == 200
    disk = Disk(db_url)
    assert disk.holds("Forget-me-note-5521") and disk.holds(ADA)  # the test can see them

    def bob_is_stored() -> bool:  # a quick check-in is saved after Slack's ack
        with database.begin() as conn:
            found = conn.execute(text("SELECT 1 FROM members WHERE user_id = :bob"), {"bob": BOB})
            return found.first() is not None

    eventually(bob_is_stored, what="Bob's check-in")
    with database.begin() as conn:  # Bob reports to Ada
        conn.execute(text("UPDATE members SET manager_user_id = :ada WHERE user_id = :bob"),
                     {"ada": ADA, "bob": BOB})  # fmt: skip

    answer = slack.interaction(view_submission("checkin_forget", {}, user_id=ADA)).json()
    assert answer["response_action"] == "update"
    assert "no longer linked to you" in json.dumps(answer["view"])
    disk.assert_gone("Forget-me-note-5521", ADA, tables=("checkins", "members", "deliveries"))
    assert disk.holds(BOB)  # other people's rows stay
    with database.connect() as conn:
        kinds = conn.execute(text("SELECT kind FROM deliveries WHERE recipient = :bob"),
                             {"bob": BOB}).scalars().all()  # fmt: skip
    assert kinds == ["team_manager_gone"]  # Bob is told, through the outbox


def test_delete_my_post_leaves_neither_post_nor_replies_on_disk(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    answer = space.submit_share(ADA, "Regretful-post-8812 about my team")
    confirmation = answer["view"] | {"id": "V0SHARE"}
    post = eventually(space.posts, what="the post")[0]
    space.reply(BOB, post, "Kind-reply-3390 to it")
    space.flag(CAROL, post)
    space.share(BOB, "Another-post-stays")
    disk = Disk(db_url)
    assert disk.holds("Regretful-post-8812") and disk.holds("Kind-reply-3390")

    space.press_delete(ADA, confirmation)
    eventually(lambda: len(space.posts()) == 1, what="the deletion")
    eventually(lambda: "deleted" in str(standin.wait_for("views.update")[-1].params), what="done")
    disk.assert_gone(
        "Regretful-post-8812", "Kind-reply-3390", tables=("anonymous_posts", "anonymous_replies")
    )
    assert disk.holds("Another-post-stays")


def test_a_removed_reply_leaves_no_text_on_disk(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    post = space.share(ADA, "A calm post")
    reply = space.reply(BOB, post, "Unkind-reply-6120 here")
    for person in (ADA, CAROL, DAN):
        space.flag(person, reply, reply=True)
    review = eventually(lambda: standin.messages(MODS), what="the review")[0]
    disk = Disk(db_url)
    assert disk.holds("Unkind-reply-6120")

    space.moderate(MODERATOR, review, "space_remove")
    eventually(lambda: "removed" in str(space.replies(post)[0]), what="the removal")
    eventually(lambda: not disk.holds("Unkind-reply-6120"), what="the text to go")
    disk.assert_gone("Unkind-reply-6120", tables=("anonymous_posts", "anonymous_replies"))

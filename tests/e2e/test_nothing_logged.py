"""Nothing people write reaches a log, even when the database refuses to store it.

A database that refuses a write (a trigger on SQLite, a CHECK constraint on PostgreSQL, whose
error quotes the whole row it refused) makes Kindred log the failure at ERROR with its
traceback; the server runs at DEBUG, and every line it wrote is searched for the words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import SlackSender, plain_text_value, radio_value, view_submission
from bot.sandbox.standin import SlackStandIn

MARKER = "Zebra-marmalade-7731"
SPACE = "C0SPACE"
ADA = "U0ADA0001"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {
        "KINDRED_LOG_LEVEL": "DEBUG",
        "KINDRED_PROCESSING_CHANNEL": SPACE,
        "KINDRED_SPACE_DELAY_SECONDS": "0",
    }


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[KindredServer]:
    """A real `kindred serve` process: its own logging set-up, at DEBUG, is what is tested."""
    running = KindredServer(server_env, tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


def refuse_marker(database: Engine) -> None:
    """Make the database itself refuse any note or post holding MARKER."""
    with database.begin() as conn:
        for table, column in (("checkins", "note"), ("anonymous_posts", "text")):
            if database.dialect.name == "postgresql":
                conn.execute(
                    text(
                        f"ALTER TABLE {table} ADD CONSTRAINT refuse_marker_{table} "
                        f"CHECK ({column} NOT LIKE '%{MARKER}%')"
                    )
                )
            else:
                conn.execute(
                    text(
                        f"CREATE TRIGGER refuse_marker_{table} BEFORE INSERT ON {table} "
                        f"WHEN NEW.{column} LIKE '%{MARKER}%' "
                        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                    )
                )


def test_a_refused_write_logs_no_note_and_no_post(
    server: KindredServer, slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    standin.add_channel(SPACE, "processing-space")
    refuse_marker(database)
    note = f"my secret {MARKER}\nsecond line {MARKER}"

    quick = slack.command("/checkin", f"4 {note}", user_id=ADA)
    modal = slack.interaction(
        view_submission(
            "checkin",
            {"mood": {"mood": radio_value("3")}, "note": {"note": plain_text_value(note)}},
            user_id=ADA,
        )
    )
    share = slack.interaction(
        view_submission(
            "space_share",
            {"space_text": {"space_text": plain_text_value(note)}},
            user_id=ADA,
            private_metadata=json.dumps({"channel": SPACE}),
            view={"id": "V0SHARE", "hash": ""},
        )
    )
    for response in (quick, modal, share):
        assert response.status_code == 200
        assert MARKER not in response.text
    server.stop()
    logs = server.logs()
    # The writes really failed (and were logged as failures, with tracebacks)...
    assert logs.count("failed to handle") >= 3, logs
    assert "Traceback" in logs
    # ...and nothing the person wrote is in any line, at any level.
    assert MARKER.lower() not in logs.lower()
    with database.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM checkins")).scalar_one()
    assert stored == 0
    assert not any(MARKER in json.dumps(c.params) for c in standin.calls("chat.postMessage"))

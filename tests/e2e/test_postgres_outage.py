"""Fault test: PostgreSQL goes away mid-traffic and comes back.

The tests' throwaway PostgreSQL is crashed while people keep checking in through `kindred
serve`'s app. Everyone still gets an
answer: thanks when it was saved, a kind "could not save, please try again" when it was not,
never silence. /healthz says 503 while the database is away and 200 once it is back, without
restarting Kindred, and nothing Kindred said it saved is lost.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url

from bot.sandbox.signing import (
    SlackSender,
    block_action,
    plain_text_value,
    radio_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn
from bot.store import db as store
from bot.store.db import sync_database_url
from bot.store.models import CheckIn
from tests.support.postgres import PostgresServer
from tests.support.server import InProcessServer

PEOPLE = [f"U0PERSON{n}" for n in range(6)]
THANKS = "Thank"
NOT_SAVED = "couldn't save that just now"
WAIT_SECONDS = 30.0


@pytest.fixture
def own_postgres(request: pytest.FixtureRequest) -> Iterator[PostgresServer]:
    """The PostgreSQL this test crashes: the session's throwaway server when the tests started
    it (tests in one session or xdist worker run one at a time, and it is back up before this
    test ends), else (KINDRED_TEST_POSTGRES_URL: someone else's server) one of its own."""
    shared = request.getfixturevalue("postgres")
    if isinstance(shared, PostgresServer):
        yield shared
        if not shared.running:  # the test failed while it was down
            shared.resume()
        return
    server = PostgresServer(request.getfixturevalue("pg_bin"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def db_url(own_postgres: PostgresServer, request: pytest.FixtureRequest) -> str:
    """A migrated database whose commits are synchronous, so a crash never loses a transaction
    PostgreSQL said was committed: what the test checks is Kindred's part, not a shortcut in the
    test server's settings (the shared server runs with synchronous_commit off)."""
    if own_postgres is request.getfixturevalue("postgres"):
        url = own_postgres.create_database(request.getfixturevalue("postgres_template"))
    else:
        url = own_postgres.create_database()
        store.upgrade(url)
    with psycopg.connect(own_postgres.admin_url(), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{make_url(url).database}" SET synchronous_commit = on')
    return url


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {"KINDRED_TICK_SECONDS": "0"}


@dataclass
class Traffic:
    """Quick check-ins sent one after another from a background thread, each with its own
    response_url, so each private answer can be matched to the check-in it is about."""

    slack: SlackSender
    standin: SlackStandIn
    sent: dict[str, str]  # response_url path -> the note sent with it
    statuses: list[int]
    stop: threading.Event

    def send(self, n: int) -> None:
        url = self.standin.response_url()
        note = f"try {n}"
        self.sent[urlsplit(url).path] = note
        response = self.slack.command(
            "/checkin", f"3 {note}", user_id=PEOPLE[n % len(PEOPLE)], response_url=url
        )
        self.statuses.append(response.status_code)

    def run(self) -> None:
        for n in itertools.count():
            if self.stop.is_set():
                return
            self.send(n)
            time.sleep(0.05)

    def answers(self) -> dict[str, str]:
        """response_url path -> the text Kindred answered there."""
        return {c.params["_path"]: c.params["text"] for c in self.standin.calls("response_url")}

    def wait_until(self, what: str, count: int) -> None:
        """Until `count` answers (sent after now) contain `what`; bounded."""
        before = sum(what in text for text in self.answers().values())
        deadline = time.monotonic() + WAIT_SECONDS
        while sum(what in text for text in self.answers().values()) < before + count:
            assert time.monotonic() < deadline, f"fewer than {count} answers saying {what!r}"
            time.sleep(0.05)


def answer_at(standin: SlackStandIn, response_url: str) -> str:
    """The text Kindred posted to `response_url`; bounded wait."""
    path = urlsplit(response_url).path
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        for call in standin.calls("response_url"):
            if call.params["_path"] == path:
                return str(call.params["text"])
        assert time.monotonic() < deadline, "no answer at that response_url"
        time.sleep(0.05)


def healthz(server: InProcessServer) -> int:
    return httpx.get(f"{server.url}/healthz", timeout=10).status_code


def wait_for_health(server: InProcessServer, status: int) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while healthz(server) != status:
        assert time.monotonic() < deadline, f"/healthz never answered {status}"
        time.sleep(0.1)


def test_postgres_outage_is_told_kindly_and_recovered_from_without_loss(
    server: InProcessServer,
    slack: SlackSender,
    standin: SlackStandIn,
    own_postgres: PostgresServer,
    db_url: str,
) -> None:
    for person in PEOPLE:
        standin.add_user(person, tz="UTC")
    traffic = Traffic(slack, standin, {}, [], threading.Event())
    worker = threading.Thread(target=traffic.run, daemon=True)
    worker.start()
    try:
        traffic.wait_until(THANKS, 3)
        assert healthz(server) == 200

        own_postgres.halt()
        wait_for_health(server, 503)
        traffic.wait_until(NOT_SAVED, 3)

        # A one-tap mood from a reminder, and the check-in modal, are told the same.
        click = standin.response_url("actions")
        assert slack.interaction(
            block_action("checkin_mood_4", "4", user_id=PEOPLE[0], response_url=click)
        ).status_code == 200  # fmt: skip
        modal = view_submission(
            "checkin",
            {"mood": {"mood": radio_value("2")}, "note": {"note": plain_text_value("modal")}},
            user_id=PEOPLE[1],
            view={"blocks": [{"type": "input", "block_id": "mood"}]},
        )
        answer = slack.interaction(modal)
        assert answer.status_code == 200
        assert NOT_SAVED in answer.json()["errors"]["mood"]  # the modal stays open, note kept
        assert NOT_SAVED in answer_at(standin, click)

        own_postgres.resume()
        wait_for_health(server, 200)  # the same process: Kindred was not restarted
        traffic.wait_until(THANKS, 3)
    finally:
        traffic.stop.set()
        worker.join(WAIT_SECONDS)
    assert server.alive()

    # Every check-in was acked, and every one got an answer: thanks or "could not save".
    assert set(traffic.statuses) == {200}
    deadline = time.monotonic() + WAIT_SECONDS
    while not traffic.sent.keys() <= traffic.answers().keys():
        assert time.monotonic() < deadline, "some check-ins were met with silence"
        time.sleep(0.05)
    answers = traffic.answers()
    thanked = {note for path, note in traffic.sent.items() if THANKS in answers[path]}
    refused = {note for path, note in traffic.sent.items() if NOT_SAVED in answers[path]}
    assert thanked | refused == set(traffic.sent.values())
    assert thanked and refused

    # Nothing Kindred thanked anyone for is lost; nothing was stored twice.
    engine = create_engine(sync_database_url(db_url))
    try:
        with engine.connect() as conn:
            notes = list(conn.scalars(select(CheckIn.note)))
    finally:
        engine.dispose()
    assert len(notes) == len(set(notes))
    assert thanked <= set(notes) <= set(traffic.sent.values())

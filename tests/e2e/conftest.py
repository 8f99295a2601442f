"""Fixtures for end-to-end tests: `kindred serve`'s app on a loopback port and a sender signing
like Slack. `server` runs in this process (tests/support/server.py); a test about the process
itself (signals, its logging set-up) starts `bot.sandbox.server.KindredServer` instead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from bot.sandbox.signing import SlackSender
from bot.sandbox.standin import SlackStandIn
from bot.store.db import sync_database_url
from tests.conftest import BOT_TOKEN, RETRY_BASE_SECONDS, SECRET_KEY, SIGNING_SECRET
from tests.e2e.space_driver import MODS, SPACE, SpaceDriver
from tests.support.server import InProcessServer


@pytest.fixture
def server_env(db_url: str, standin: SlackStandIn) -> dict[str, str]:
    """The environment `kindred serve` runs with; tests may add to it before `server` starts."""
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": db_url,
        "KINDRED_SECRET_KEY": SECRET_KEY,
        # Anonymous posts appear at once unless a test is about the publishing delay.
        "KINDRED_SPACE_DELAY_SECONDS": "0",
        "KINDRED_SLACK_RETRY_BASE_SECONDS": RETRY_BASE_SECONDS,
    }


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[InProcessServer]:
    """`kindred serve`'s app on a free loopback port, against the stand-in and `db_url`."""
    running = InProcessServer(server_env, tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def slack(server: InProcessServer, standin: SlackStandIn) -> SlackSender:
    return SlackSender(server.url, SIGNING_SECRET, hooks_url=f"{standin.root_url}/hooks")


@pytest.fixture
def database(server: InProcessServer, db_url: str) -> Iterator[Engine]:
    """The server's database (migrated), for seeding and checking."""
    engine = create_engine(sync_database_url(db_url))
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def space(
    slack: SlackSender, standin: SlackStandIn, server: InProcessServer
) -> Iterator[SpaceDriver]:
    """The processing space and the moderators' channel on the stand-in, driven by people."""
    standin.add_channel(SPACE, "processing-space")
    standin.add_channel(MODS, "space-moderators")
    yield SpaceDriver(slack, standin)
    print(server.logs())  # shown by pytest only when the test failed

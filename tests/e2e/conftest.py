"""Fixtures for end-to-end tests: the real `kindred serve` and a sender signing like Slack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import SlackSender
from bot.sandbox.standin import SlackStandIn
from bot.store.db import sync_database_url
from tests.conftest import BOT_TOKEN, SECRET_KEY, SIGNING_SECRET


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
    }


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[KindredServer]:
    """`kindred serve` on a free loopback port, against the stand-in and `db_url`."""
    running = KindredServer(server_env, tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def slack(server: KindredServer) -> SlackSender:
    return SlackSender(server.url, SIGNING_SECRET)


@pytest.fixture
def database(server: KindredServer, db_url: str) -> Iterator[Engine]:
    """The server's database (migrated when it started), for seeding and checking."""
    engine = create_engine(sync_database_url(db_url))
    try:
        yield engine
    finally:
        engine.dispose()

"""Shared fixtures: databases on SQLite and a real PostgreSQL, the Slack stand-in, settings."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.sandbox.standin import SlackStandIn
from bot.store import db as store
from tests.support.postgres import PostgresServer, find_pg_bin

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
BACKENDS = ["sqlite", "postgresql"]


def _postgres_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("KINDRED_REQUIRE_POSTGRES"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the whole session."""
    pg_bin = find_pg_bin()
    if pg_bin is None:
        message = "PostgreSQL is not installed (no initdb found): install Debian's `postgresql`"
        if _postgres_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = PostgresServer(pg_bin)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend (plain sqlite:/// or postgresql:// form)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kindred.db'}"
    return request.getfixturevalue("postgres").create_database()


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    """The local Slack Web API stand-in on a free loopback port."""
    with SlackStandIn() as server:
        yield server


@pytest.fixture
def settings(db_url: str, standin: SlackStandIn) -> Settings:
    """Settings for an app that talks to the stand-in and stores into `db_url`."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=standin.url,
        DATABASE_URL=db_url,
        KINDRED_SECRET_KEY=SECRET_KEY,
        KINDRED_SPACE_DELAY_SECONDS=0,  # posts appear at once unless a test is about the delay
    )


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """A Runtime on a migrated `db_url`, talking to the stand-in."""
    store.upgrade(settings.DATABASE_URL)
    built = build_runtime(settings)
    try:
        yield built
    finally:
        await built.db.dispose()

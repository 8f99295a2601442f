"""Shared fixtures: databases on SQLite and a real PostgreSQL, the Slack stand-in, settings.

Speed without shortcuts: each backend is migrated once per session (per xdist worker) into a
template, and every test gets its own copy of it (a file copy on SQLite, `CREATE DATABASE …
TEMPLATE` on PostgreSQL), so no test pays for Alembic unless it tests the migrations themselves
(`empty_db_url`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.sandbox.standin import SlackStandIn
from bot.store import db as store
from tests.support.postgres import ExistingPostgres, PostgresServer, find_pg_bin
from tests.support.required import REQUIRE_POSTGRES, unavailable

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
# Slack calls that hit a 5xx or a dropped connection are retried after milliseconds, not seconds.
RETRY_BASE_SECONDS = "0.005"
BACKENDS = ["sqlite", "postgresql"]
# A PostgreSQL server to use instead of starting one (CI's service container), as an admin URL
# such as postgresql://postgres:postgres@127.0.0.1:5432/postgres.
POSTGRES_URL_VARIABLE = "KINDRED_TEST_POSTGRES_URL"

Postgres = PostgresServer | ExistingPostgres
# Temporary files (SQLite databases, the throwaway PostgreSQL's data) go to memory when there is
# room: on a shared machine, waiting for the disk is most of what the tests would otherwise do.
# An explicit TMPDIR wins.
MEMORY_TMP = Path("/dev/shm")
MEMORY_TMP_MIN_FREE_BYTES = 2 * 1024**3


def _temporary_files_in_memory() -> None:
    if os.environ.get("TMPDIR") or not os.access(MEMORY_TMP, os.W_OK):
        return
    if shutil.disk_usage(MEMORY_TMP).free >= MEMORY_TMP_MIN_FREE_BYTES:
        os.environ["TMPDIR"] = str(MEMORY_TMP)  # for the CLI processes the tests start, too
        tempfile.tempdir = None  # read TMPDIR again


_temporary_files_in_memory()


@pytest.fixture(scope="session")
def pg_bin() -> Path:
    """The folder of PostgreSQL's programs; skips (or fails, where required) without them."""
    found = find_pg_bin()
    if found is None:
        unavailable(REQUIRE_POSTGRES, "PostgreSQL is not installed (apt-get install postgresql)")
    return found


@pytest.fixture(scope="session")
def postgres(request: pytest.FixtureRequest) -> Iterator[Postgres]:
    """PostgreSQL for the whole session (each xdist worker has its own): the server named by
    KINDRED_TEST_POSTGRES_URL, or else a throwaway one started here."""
    existing = os.environ.get(POSTGRES_URL_VARIABLE)
    server: Postgres
    if existing:
        server = ExistingPostgres(existing)
    else:
        server = PostgresServer(request.getfixturevalue("pg_bin"))
        server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to the head revision once, for tests to copy."""
    path = tmp_path_factory.mktemp("template") / "kindred.db"
    store.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres: Postgres) -> str:
    """A PostgreSQL database migrated to the head revision once, for tests to copy."""
    url = postgres.create_database()
    store.upgrade(url)  # its engine is disposed afterwards: nobody stays connected to it
    return url


def _database(request: pytest.FixtureRequest, tmp_path: Path, migrated: bool) -> Iterator[str]:
    """An empty database, or a copy of the backend's template; dropped again afterwards."""
    if request.param == "sqlite":
        path = tmp_path / "kindred.db"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    postgres: Postgres = request.getfixturevalue("postgres")
    template = request.getfixturevalue("postgres_template") if migrated else None
    url = postgres.create_database(template)
    yield url
    postgres.drop_database(url)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own on each backend, already at the head revision (plain
    sqlite:/// or postgresql:// form). `store.upgrade` on it is a harmless no-op."""
    yield from _database(request, tmp_path, migrated=True)


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for tests of the migrations themselves."""
    yield from _database(request, tmp_path, migrated=False)


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
        KINDRED_SLACK_RETRY_BASE_SECONDS=RETRY_BASE_SECONDS,
    )


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """A Runtime on `db_url` (migrated), talking to the stand-in."""
    built = build_runtime(settings)
    try:
        yield built
    finally:
        await built.db.dispose()


# Whole files run on one worker (`make test`: -n auto --dist loadfile), in collection order: the
# slow sandbox and end-to-end files start first, and the quick unit tests fill in around them,
# so no worker is left finishing a long file alone at the end.
SLOW_FIRST = ("tests/sandbox/", "tests/e2e/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        found = [i for i, folder in enumerate(SLOW_FIRST) if item.nodeid.startswith(folder)]
        return found[0] if found else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order within each group stays as collected

"""Storage on SQLite and a real PostgreSQL: URLs, migrations, constraints, health."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.sandbox.server import free_port
from bot.store import db as store
from bot.store.models import Base, CheckIn, Delivery, Member, Workspace


@pytest.mark.parametrize(
    ("url", "async_url", "sync_url"),
    [
        ("sqlite:///kindred.db", "sqlite+aiosqlite:///kindred.db", "sqlite:///kindred.db"),
        ("sqlite:////var/lib/k.db", "sqlite+aiosqlite:////var/lib/k.db", "sqlite:////var/lib/k.db"),
        (
            "postgresql://u:p%40ss@db:5432/kindred",
            "postgresql+psycopg://u:p%40ss@db:5432/kindred",
            "postgresql+psycopg://u:p%40ss@db:5432/kindred",
        ),
        ("postgres://u@db/k", "postgresql+psycopg://u@db/k", "postgresql+psycopg://u@db/k"),
    ],
)
def test_driver_is_picked_from_the_plain_url(url: str, async_url: str, sync_url: str) -> None:
    assert store.async_database_url(url) == async_url
    assert store.sync_database_url(url) == sync_url


def test_upgrade_creates_every_table_and_is_idempotent(empty_db_url: str) -> None:
    store.upgrade(empty_db_url)
    store.upgrade(empty_db_url)  # a second run (every `kindred serve` start) changes nothing
    from sqlalchemy import create_engine

    engine = create_engine(store.sync_database_url(empty_db_url))
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


async def test_models_round_trip_with_utc_times(db_url: str) -> None:
    database = store.Database(db_url)
    berlin = timezone(timedelta(hours=1))
    written = datetime(2026, 11, 23, 10, 30, tzinfo=berlin)
    try:
        async with database.session() as session:
            session.add(Workspace(team_id="T1", name="Acme"))
            await session.flush()
            session.add(Member(team_id="T1", user_id="U1", tz="Europe/Berlin"))
            session.add(CheckIn(team_id="T1", user_id="U1", mood=4, note="ok", created_at=written))
        async with database.session() as session:
            member = (await session.execute(select(Member))).scalar_one()
            checkin = (await session.execute(select(CheckIn))).scalar_one()
        assert member.reminder_weekday == 4 and member.reminder_time == time(15, 0)
        assert member.nudge_weekday == 0 and member.nudge_time == time(9, 30)
        assert checkin.created_at == written
        assert checkin.created_at.tzinfo is not None
        assert checkin.created_at.utcoffset() == timedelta(0)
    finally:
        await database.dispose()


async def test_outbox_key_is_unique(db_url: str) -> None:
    database = store.Database(db_url)
    key = {"team_id": "T1", "recipient": "U1", "kind": "reminder", "period": "2026-W48"}
    try:
        async with database.session() as session:
            session.add(Workspace(team_id="T1"))
            await session.flush()
            session.add(Delivery(**key))
        with pytest.raises(IntegrityError):
            async with database.session() as session:
                session.add(Delivery(**key))
        async with database.session() as session:
            count = await session.scalar(select(func.count()).select_from(Delivery))
        assert count == 1
    finally:
        await database.dispose()


@pytest.mark.parametrize("mood", [0, 6])
async def test_mood_outside_one_to_five_is_refused_by_the_database(db_url: str, mood: int) -> None:
    database = store.Database(db_url)
    try:
        async with database.session() as session:
            session.add(Workspace(team_id="T1"))
        with pytest.raises(IntegrityError):
            async with database.session() as session:
                session.add(CheckIn(team_id="T1", user_id="U1", mood=mood))
    finally:
        await database.dispose()


async def test_deleting_a_workspace_deletes_its_rows(db_url: str) -> None:
    database = store.Database(db_url)
    try:
        async with database.session() as session:
            session.add(Workspace(team_id="T1"))
            await session.flush()
            session.add(CheckIn(team_id="T1", user_id="U1", mood=3))
        async with database.session() as session:
            await session.delete(await session.get(Workspace, "T1"))
        async with database.session() as session:
            assert await session.scalar(select(func.count()).select_from(CheckIn)) == 0
    finally:
        await database.dispose()


async def test_naive_datetimes_are_refused() -> None:
    from bot.store.models import UTCDateTime

    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), dialect=None)  # type: ignore[arg-type]
    aware = datetime(2026, 1, 1, tzinfo=UTC)
    assert UTCDateTime().process_bind_param(aware, dialect=None) == aware  # type: ignore[arg-type]


async def test_ping_reports_a_reachable_and_an_unreachable_database(db_url: str) -> None:
    reachable = store.Database(db_url)
    unreachable = store.Database(f"postgresql://nobody@127.0.0.1:{free_port()}/kindred")
    try:
        assert await reachable.ping() is True
        assert await unreachable.ping() is False
    finally:
        await reachable.dispose()
        await unreachable.dispose()


def test_db_upgrade_command_on_an_unreachable_server_says_so(tmp_path) -> None:
    url = f"postgresql://kindred:secret-pw@127.0.0.1:{free_port()}/kindred"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("kindred: cannot reach the database at postgresql://kindred:***@")
    assert "secret-pw" not in result.stderr
    assert "check DATABASE_URL" in line


def test_db_upgrade_command_creates_the_sqlite_database(tmp_path) -> None:
    target = tmp_path / "data" / "k.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env={"DATABASE_URL": f"sqlite:///{target}", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert target.exists()
    assert "database is up to date" in result.stdout

"""Database URLs, engine and sessions, health checks and migrations."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.store.models import Base

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CONNECT_TIMEOUT_SECONDS = 3
PING_TIMEOUT_SECONDS = 3.0


def _with_driver(url: str, sqlite_driver: str, postgres_driver: str) -> str:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername=sqlite_driver).render_as_string(hide_password=False)
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername=postgres_driver).render_as_string(hide_password=False)
    raise ValueError(f"unsupported database: {backend}")


def async_database_url(url: str) -> str:
    """`sqlite:///x` -> aiosqlite, `postgresql://…` -> psycopg 3 (async)."""
    return _with_driver(url, "sqlite+aiosqlite", "postgresql+psycopg")


def sync_database_url(url: str) -> str:
    """The same database with synchronous drivers, for Alembic."""
    return _with_driver(url, "sqlite", "postgresql+psycopg")


def is_postgres(url: str) -> bool:
    """True when `url` names a PostgreSQL database."""
    return make_url(url).get_backend_name() in ("postgresql", "postgres")


def _connect_args(url: str) -> dict[str, Any]:
    if is_postgres(url):
        return {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return {"timeout": 15}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Deleted rows are overwritten with zeros in the database file, not merely marked free.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


class Database:
    """The async engine and a session factory for one DATABASE_URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            async_database_url(url),
            pool_pre_ping=True,
            connect_args=_connect_args(url),
            # A failed statement's error (logged at ERROR) must never carry its parameters:
            # they hold check-in notes and anonymous posts.
            hide_parameters=True,
        )
        if not is_postgres(url):
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._vacuums: set[asyncio.Task[None]] = set()

    @property
    def is_postgres(self) -> bool:
        return is_postgres(self.url)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session inside a transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def ping(self) -> bool:
        """True when the database answers a trivial query within a few seconds."""
        try:
            async with asyncio.timeout(PING_TIMEOUT_SECONDS), self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except (OSError, TimeoutError, Exception) as exc:  # noqa: BLE001 - any failure is "down"
            logger.warning("database ping failed: %s", type(exc).__name__)
            return False
        return True

    async def erase(self, tables: Iterable[str]) -> None:
        """Make rows just deleted (and committed) from `tables` unreadable on disk, too.

        SQLite already zeroed them in the database file (secure_delete); their earlier versions
        are still in the write-ahead log, so it is copied back and truncated to nothing.
        PostgreSQL keeps dead rows in the table files until VACUUM: one runs in the background
        (VACUUM cannot run inside a transaction, so on its own autocommit connection).
        """
        names = sorted(set(tables))
        if not names:
            return
        if not self.is_postgres:
            async with self.engine.connect() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        task = asyncio.create_task(self._vacuum(names))
        self._vacuums.add(task)
        task.add_done_callback(self._vacuums.discard)

    async def _vacuum(self, tables: list[str]) -> None:
        try:
            async with self.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                for table in tables:
                    if table not in Base.metadata.tables:
                        raise ValueError(f"not a Kindred table: {table}")
                    await conn.exec_driver_sql(f'VACUUM "{table}"')
        except (DBAPIError, OSError) as exc:
            # Autovacuum still reaches these rows later (README: Privacy model).
            logger.warning("VACUUM after a deletion failed: %s", type(exc).__name__)

    async def settle(self) -> None:
        """Wait for background clean-ups started by `erase` (tests, shutdown)."""
        while self._vacuums:
            await asyncio.gather(*self._vacuums)

    async def dispose(self) -> None:
        await self.settle()
        await self.engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Apply Alembic migrations up to `revision` (synchronously)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = sync_database_url(url)
    if not is_postgres(url):
        _ensure_sqlite_folder(url)
    command.upgrade(config, revision)


def _ensure_sqlite_folder(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)

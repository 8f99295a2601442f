"""A throwaway PostgreSQL server for the test session, on a temporary data directory.

PostgreSQL refuses to run as root, so when the tests run as root the server runs as the
`postgres` system user (Debian's package creates it).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from bot.sandbox.server import free_port


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


class PostgresServer:
    """initdb + pg_ctl start on 127.0.0.1, trust authentication, fsync off (tests only)."""

    def __init__(self, pg_bin: Path, *, synchronous_commit: bool = False) -> None:
        """`synchronous_commit`: a commit returns only once its WAL is written, so a crash of
        the server (`halt`) never loses a transaction it reported committed."""
        self.pg_bin = pg_bin
        self.synchronous_commit = synchronous_commit
        self.root = Path(tempfile.mkdtemp(prefix="kindred-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.run_as_postgres = os.geteuid() == 0
        self.running = False

    def _run(self, *args: str) -> None:
        command = [str(self.pg_bin / args[0]), *args[1:]]
        if self.run_as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if self.run_as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.resume()

    def resume(self) -> None:
        """Start the server on its data directory and port (again, after `halt`)."""
        synchronous = "on" if self.synchronous_commit else "off"
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            f"-c fsync=off -c synchronous_commit={synchronous} -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        self.running = True

    def halt(self) -> None:
        """Stop the server at once, as a crash would, keeping its data for `resume`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self.running = False

    def stop(self) -> None:
        """Stop the server and delete its data directory."""
        try:
            if self.running:
                self.halt()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self, template: str | None = None) -> str:
        """A new database, empty or a copy of `template` (a URL); its plain postgresql:// URL."""
        return create_database(self.admin_url(), template)

    def drop_database(self, url: str) -> None:
        """Drop a database made by `create_database` (a test's connections left open or not)."""
        if self.running:
            drop_database(self.admin_url(), url)


def create_database(admin_url: str, template: str | None = None) -> str:
    """`CREATE DATABASE` on the server of `admin_url`, copying `template` (a database URL on
    that server, with nobody connected) when given; returns the new database's URL."""
    name = f"kindred_{uuid.uuid4().hex[:12]}"
    statement = f'CREATE DATABASE "{name}"'
    if template is not None:
        statement += f' TEMPLATE "{make_url(template).database}"'
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


class ExistingPostgres:
    """A PostgreSQL server someone else runs (CI's service), given by its URL: each database
    made here has a unique name and is dropped at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []

    def admin_url(self) -> str:
        return self.url

    def create_database(self, template: str | None = None) -> str:
        made = create_database(self.url, template)
        self.made.append(made)
        return made

    def drop_database(self, url: str) -> None:
        drop_database(self.url, url)
        self.made.remove(url)

    def stop(self) -> None:
        """Drop every database made here and not dropped yet (the templates)."""
        for url in reversed(self.made):
            drop_database(self.url, url)
        self.made.clear()

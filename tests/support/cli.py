"""`kindred nudges run --at …` as cron runs it, for tests whose subject is not the process.

The command line itself, as separate processes (killed mid-send, two replicas at once, exit
codes), is tested in tests/e2e/test_nudges_cli.py; elsewhere a cycle goes through `bot.cli.main`
in this process: the same argument parsing, settings from the environment, migration check,
cycle and printed report, without starting Python again each time.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from bot.cli import SQL_LOGGERS, main
from bot.sandbox.standin import SlackStandIn
from tests.conftest import BOT_TOKEN, RETRY_BASE_SECONDS, SIGNING_SECRET

SETTING_PREFIXES = ("SLACK_", "KINDRED_", "DATABASE_URL", "PORT")
CLI_TIMEOUT_SECONDS = 180


def run_nudges(
    standin: SlackStandIn, db_url: str, at: datetime, workdir: Path, **settings: str
) -> str:
    """`kindred nudges run --at …` against the stand-in and `db_url`; its output."""
    args = ["nudges", "run", "--at", at.isoformat()]
    return run_kindred(args, standin, db_url, workdir, **settings)


def run_kindred(
    args: list[str], standin: SlackStandIn, db_url: str, workdir: Path, **settings: str
) -> str:
    """`kindred ARGS…` against the stand-in and `db_url`, with these extra `settings`; its
    output (it must succeed)."""
    env = settings | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": db_url,
        "KINDRED_SLACK_RETRY_BASE_SECONDS": RETRY_BASE_SECONDS,
    }
    output = io.StringIO()
    # On a thread of its own, as the command runs its own event loop: callers may be async
    # tests, whose loop is running (and waits here, as it waited for the process before).
    with (
        _only_these_settings(env),
        contextlib.chdir(workdir),
        _logging_left_as_it_was(),
        contextlib.redirect_stdout(output),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="kindred-cli") as pool,
    ):
        status = pool.submit(main, args).result(timeout=CLI_TIMEOUT_SECONDS)
    assert status == 0, output.getvalue()
    return output.getvalue()


@contextlib.contextmanager
def _only_these_settings(env: dict[str, str]) -> Iterator[None]:
    """The environment a cron job would give: these settings and no others."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(SETTING_PREFIXES)}
    for name in saved:
        del os.environ[name]
    os.environ.update(env)
    try:
        yield
    finally:
        for name in env:
            os.environ.pop(name, None)
        os.environ.update(saved)


@contextlib.contextmanager
def _logging_left_as_it_was() -> Iterator[None]:
    """`main` sets up logging for a process; the test process gets its levels back."""
    names = ["", "alembic", *SQL_LOGGERS]
    levels = {name: logging.getLogger(name or None).level for name in names}
    try:
        yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name or None).setLevel(level)

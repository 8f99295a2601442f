"""Run `kindred` commands as separate processes, as an operator or cron would."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.sandbox.standin import SlackStandIn
from tests.conftest import BOT_TOKEN, RETRY_BASE_SECONDS, SIGNING_SECRET

CLI_TIMEOUT_SECONDS = 180


def run_nudges(standin: SlackStandIn, db_url: str, at: datetime, workdir: Path) -> str:
    """`kindred nudges run --at …` against the stand-in and `db_url`; its output."""
    return run_kindred(["nudges", "run", "--at", at.isoformat()], standin, db_url, workdir)


def run_kindred(args: list[str], standin: SlackStandIn, db_url: str, workdir: Path) -> str:
    """`kindred ARGS…` against the stand-in and `db_url`; its output (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": standin.url,
            "DATABASE_URL": db_url,
            "KINDRED_SLACK_RETRY_BASE_SECONDS": RETRY_BASE_SECONDS,
            "PATH": "/usr/bin:/bin",
        },
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout

"""`kindred start`, the README's run command: without a Slack app, the demo then the playground."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.sandbox.server import free_port
from tests.sandbox.test_demo import assert_the_whole_week_was_played

START_TIMEOUT_SECONDS = 180.0


def test_without_a_slack_app_it_plays_the_demo_then_serves_the_playground(
    tmp_path: Path,
) -> None:
    """The one full run of the demo's week in the suite (`kindred start` plays `kindred demo`'s
    week): every step is checked here."""
    # A .env that would point the demo's server at another database, and hide the pulse of its
    # small team (k=10), if it leaked into the sandbox; no Slack app, so start plays the demo.
    leaked_db = tmp_path / "leaked.db"
    (tmp_path / ".env").write_text(
        f"DATABASE_URL=sqlite:///{leaked_db}\nKINDRED_MIN_GROUP=10\n", encoding="utf-8"
    )
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    log_path = tmp_path / "start.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "start", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while url not in log_path.read_text(errors="replace"):
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200 and "Kindred" in page.text
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    output = log_path.read_text(errors="replace")
    assert process.returncode == 0, output
    assert "No Slack app is configured yet" in output
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET" in output  # how to connect a workspace
    demo_end, playground = output.find("The week played in"), output.find(url)
    assert -1 < demo_end < playground, output
    assert_the_whole_week_was_played(output[:playground])
    assert not (tmp_path / "kindred.db").exists()  # the real database was never touched
    assert not leaked_db.exists()  # nor the one of the .env
    # The sandboxes' working folders (under TMPDIR) are gone.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env", "start.log"]


def test_with_part_of_a_slack_app_it_serves_and_names_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-my-app\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "start"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("kindred: SLACK_SIGNING_SECRET is missing"), done.stderr
    assert "No Slack app" not in done.stdout

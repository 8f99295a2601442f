"""`kindred demo`: the week runs green with no Slack settings, shows every step, cleans up."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from bot.sandbox import demo
from bot.sandbox.demo import DEMO_MARGIN, DemoFailed, plan_week, run_demo
from bot.sandbox.workspace import PEOPLE, SandboxError

DEMO_TIMEOUT_SECONDS = 120
LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


# The whole week, for real, is played once: by `kindred start` in tests/sandbox/test_start.py,
# which checks every step with `assert_the_whole_week_was_played` below.


def assert_the_whole_week_was_played(out: str, stderr: str = "") -> None:
    """`out` (what the demo printed) shows every step, in order, as Slack would show it, and
    says who can see each thing."""
    steps = [
        "Ada joins Maya's team on Kindred",
        "Ada checks in with /checkin",  # the check-in modal
        "Ben types /checkin 4 tired but ok",  # the quick form
        "Chloe types /checkin 2",
        "Chloe shares anonymously in #processing-space",
        "Ben replies anonymously",
        "Dev feels the same, and says so quietly",
        "Dev asks /kindly about a harsh draft",
        "A tense thread in #general; Maya reads the room",
        "Dev's weekly check-in reminder",
        "Dev clicks a mood button",
        "Maya's weekly nudge, with the team pulse",
        "Chloe's reminder follows up after her rough week",
    ]
    positions = [out.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p == -1]
    assert positions == sorted(positions), "steps out of order"

    # Modals are drawn as panels; the reminder's buttons and its update in place; the anonymous
    # thread; the coaching's rewrite button; the pulse in the nudge.
    assert "╭─ Check in" in out and "╭─ Share anonymously" in out and "╭─ Read the room" in out
    assert "[ Add a note ]" in out
    assert "(updated in place)" in out
    assert "Anonymous · OP" in out and "in thread" in out
    assert "[ Rewrite with SBI ]" in out
    # /kindly quotes Dev's own words and offers a sentence Dev could send as it is.
    assert "“lazy”" in out
    said = re.search(r'Say it from your side:\s*"(.*?)"', out, re.DOTALL)
    assert said is not None
    assert re.sub(r"\s+", " ", said.group(1)).startswith(
        "In yesterday's release, I noticed you skipped the checklist. We spent the evening"
    )
    assert re.search(r"Team pulse, last 7 days:\s+3 or more people checked in privately", out)
    # The moments that listen: a thank-you sent, "me too", what matters most, the 1:1 question
    # and its follow-up, and a reminder that follows up after a hard week.
    assert "Kindred sent @Ben your thank-you" in out and "you made their week easier" in out
    assert "1 person feels this too" in out
    assert "What matters most this week" in out and "migration plan" in out
    assert "then rephrase" in out and "anything worth coming back to next week?" in out
    assert "Last week sounded hard" in out
    # Who sees what, on every kind of thing shown.
    for audience in (
        "👁 Only Ada can see this: a direct message from Kindred",
        "👁 Only Ada can see this window",
        "👁 Only Ben can see this",
        "👁 Everyone in #processing-space can see this",
        "👁 Only Dev can see this",
        "👁 Everyone in #general can see this",
        "👁 Only Maya can see this window",
        "👁 Only Maya can see this: a direct message from Kindred",
    ):
        assert audience in out, audience
    # How long it takes is the demo's own last line, not an assertion: these machines are noisy.
    assert "The week played in" in out
    assert " INFO " not in out and not stderr.strip()  # no log lines among the steps
    assert "(working folder:" in out  # the caller checks that it is gone


# ------------------------------------------------------------------- failures and interruptions


def processes_in(folder: Path) -> list[int]:
    """Processes whose working directory is `folder` (Kindred's server and CLI run there)."""
    found = []
    for cwd in Path("/proc").glob("[0-9]*/cwd"):
        try:
            target = str(cwd.readlink())
        except OSError:  # gone already, or not ours to look at
            continue
        if target.removesuffix(" (deleted)") == str(folder):
            found.append(int(cwd.parent.name))
    return found


def test_ctrl_c_during_the_week_stops_the_server_and_removes_the_folder(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        folder = None
        deadline = time.monotonic() + DEMO_TIMEOUT_SECONDS
        while folder is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.search(r"\(working folder: (\S+)\)", line)
            folder = Path(found.group(1)) if found else None
        assert folder is not None, "the demo never said where it works"
        assert processes_in(folder), "the server should be running by now"
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, rest
    assert "interrupted" in rest
    assert not folder.exists()
    assert processes_in(folder) == []


class FakeSandbox:
    """Stands in for Sandbox: records whether it was stopped."""

    instances: ClassVar[list[FakeSandbox]] = []

    def __init__(self, workdir: Path | None = None) -> None:
        self.workdir = workdir
        self.people = PEOPLE
        self.stopped = False
        FakeSandbox.instances.append(self)

    def start(self) -> FakeSandbox:
        return self

    def stop(self) -> None:
        self.stopped = True

    def server_logs(self) -> str:
        return "ERROR bot: something Kindred logged\n"


def run_with(monkeypatch: pytest.MonkeyPatch, play: Any) -> tuple[int, str, FakeSandbox]:
    FakeSandbox.instances.clear()
    monkeypatch.setattr(demo, "Sandbox", FakeSandbox)
    monkeypatch.setattr(demo.Demo, "play", play)
    console = Console(record=True, width=200, color_system=None)  # verdicts on one line
    code = run_demo(console, workdir=Path("/nonexistent"))
    (sandbox,) = FakeSandbox.instances
    return code, console.export_text(), sandbox


def test_a_step_that_fails_exits_non_zero_with_one_clear_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def play(self: demo.Demo) -> None:
        raise DemoFailed("Maya's weekly nudge: Kindred showed nothing")

    code, out, sandbox = run_with(monkeypatch, play)
    assert code == 1
    assert out.strip().splitlines()[-1] == (
        "kindred demo: a step failed: Maya's weekly nudge: Kindred showed nothing"
    )
    assert "something Kindred logged" in out  # the server's last words, above the verdict
    assert sandbox.stopped
    assert "The week played" not in out


def test_a_broken_sandbox_names_the_step_and_shows_what_kindred_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def play(self: demo.Demo) -> None:
        self.step("Tuesday 11:40", "Ben checks in")
        raise SandboxError("Kindred answered 500: Internal Server Error\nTraceback: the detail")

    code, out, sandbox = run_with(monkeypatch, play)
    assert code == 1 and sandbox.stopped
    assert "Traceback: the detail" in out
    last = out.strip().splitlines()[-1]
    assert last == (
        "kindred demo: a step failed: Tuesday 11:40 — Ben checks in: "
        "Kindred answered 500: Internal Server Error"
    )


def test_ctrl_c_stops_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    def play(self: demo.Demo) -> None:
        raise KeyboardInterrupt

    code, out, sandbox = run_with(monkeypatch, play)
    assert code == 130
    assert sandbox.stopped
    assert "interrupted" in out


def test_an_unexpected_error_still_stops_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    def play(self: demo.Demo) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        run_with(monkeypatch, play)
    assert FakeSandbox.instances[0].stopped


# ------------------------------------------------------------------------------- the week's dates


@pytest.mark.parametrize(
    "now",
    [
        london(2026, 11, 24, 12, 0),  # a Tuesday
        london(2026, 11, 27, 16, 0),  # Friday, after the reminder slot
        london(2026, 11, 29, 23, 59),  # late Sunday
        london(2026, 11, 23, 9, 45),  # Monday, just after the slot
        london(2026, 11, 23, 8, 0),  # Monday, before the slot
        london(2026, 3, 27, 12, 0),  # the Friday before the clocks go forward
    ],
)
def test_the_week_ends_at_the_next_nudge_slot_and_holds_the_demo(now: datetime) -> None:
    week = plan_week(now.astimezone(UTC), "Europe/London", "Europe/London")
    nudge = week.nudge_at.astimezone(LONDON)
    assert (nudge.weekday(), nudge.hour, nudge.minute) == (0, 9, 30)
    # Check-ins made now and during the demo are inside the 7 days the pulse counts.
    assert nudge - timedelta(days=7) <= now and now + DEMO_MARGIN < nudge
    assert week.monday == (nudge - timedelta(days=7)).date()
    reminder = week.reminder_at.astimezone(LONDON)
    assert (reminder.weekday(), reminder.hour, reminder.minute) == (4, 15, 0)
    assert week.monday < reminder.date() < nudge.date()
    assert week.not_before is None


def test_just_before_a_monday_slot_the_demo_waits_for_it() -> None:
    now = london(2026, 11, 23, 9, 29)
    week = plan_week(now.astimezone(UTC), "Europe/London", "Europe/London")
    assert week.nudge_at == london(2026, 11, 30, 9, 30)
    assert week.not_before == london(2026, 11, 23, 9, 30)


def test_reminder_is_at_the_members_own_local_time() -> None:
    week = plan_week(london(2026, 11, 24, 12, 0), "Europe/London", "Europe/Paris")
    assert week.reminder_at == datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))

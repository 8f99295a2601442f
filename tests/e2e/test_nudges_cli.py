"""The real CLI as subprocesses: `kindred teams import`, `kindred nudges run --at`, a process
killed mid-send, and two replicas draining one outbox, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import outbox
from bot.services.workspaces import ensure_workspaces
from bot.slack.sender import BATCH_SIZE, CONCURRENCY, METADATA_EVENT_TYPE
from bot.store.models import Delivery, Member
from tests.conftest import BOT_TOKEN, RETRY_BASE_SECONDS, SIGNING_SECRET
from tests.support.blockkit import assert_valid_call

TEAM = "T0KINDRED"
MONDAY_0830 = "2026-11-23T08:30:00Z"  # 09:30 in Berlin
MONDAY_1730 = "2026-11-23T17:30:00Z"  # 09:30 in Los Angeles
WAIT_SECONDS = 60.0


class GatedStandIn(SlackStandIn):
    """The stand-in, able to hold calls to one method until the test lets each through or
    drops it (as if the network lost it before Slack saw it)."""

    def __init__(self) -> None:
        super().__init__()
        self.gated: str | None = None
        self._gate = threading.Condition()
        self._tickets: list[dict[str, str | None]] = []

    def hold(self, method: str | None) -> None:
        self.gated = method

    def held(self) -> int:
        with self._gate:
            return sum(1 for t in self._tickets if t["decision"] is None)

    def wait_held(self, count: int) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while self.held() < count:
            assert time.monotonic() < deadline, f"only {self.held()} of {count} calls arrived"
            time.sleep(0.02)

    def let_through(self, count: int, decision: str = "deliver") -> None:
        with self._gate:
            for ticket in [t for t in self._tickets if t["decision"] is None][:count]:
                ticket["decision"] = decision
            self._gate.notify_all()

    def _handle_http(
        self, verb: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Any:
        if self.gated and path == f"/api/{self.gated}":
            ticket: dict[str, str | None] = {"decision": None}
            with self._gate:
                self._tickets.append(ticket)
                self._gate.wait_for(lambda: ticket["decision"] is not None, timeout=WAIT_SECONDS)
            if ticket["decision"] != "deliver":
                raise ConnectionAbortedError("dropped by the test")  # the server stays quiet
        return super()._handle_http(verb, path, query, headers, body)


@pytest.fixture
def standin() -> Iterator[GatedStandIn]:
    with GatedStandIn() as server:
        try:
            yield server
        finally:
            server.let_through(10_000, "drop")


def cli_env(db_url: str, standin: SlackStandIn) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": db_url,
        "KINDRED_LOG_LEVEL": "WARNING",
        "KINDRED_SLACK_RETRY_BASE_SECONDS": RETRY_BASE_SECONDS,
        # Calls the test holds must outlast its own waits: a held post that timed out would be
        # retried later (correctly), which is not what these tests are about.
        "KINDRED_SLACK_TIMEOUT_SECONDS": str(int(2 * WAIT_SECONDS)),
    }


def start(args: list[str], runtime: Runtime, standin: SlackStandIn, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=cli_env(runtime.settings.DATABASE_URL, standin),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kindred(
    args: list[str], runtime: Runtime, standin: SlackStandIn, cwd: Path
) -> subprocess.CompletedProcess[str]:
    process = start(args, runtime, standin, cwd)
    out, err = process.communicate(timeout=WAIT_SECONDS)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def nudge_posts(standin: SlackStandIn) -> Counter[str]:
    """Successful nudge posts per recipient (every payload checked against Block Kit)."""
    sent: Counter[str] = Counter()
    for call in standin.calls("chat.postMessage"):
        assert_valid_call(call.method, call.params)
        kind = call.params["metadata"]["event_payload"]["kind"]
        if call.status == 200 and call.response.get("ok") and kind == "manager_nudge":
            sent[call.params["channel"]] += 1
    return sent


def nudges_in_slack(standin: SlackStandIn, user: str) -> list[dict[str, Any]]:
    """Kindred's nudge messages as stored in the person's DM."""
    return [
        m
        for m in standin.messages(standin.dm_channel_id(user))
        if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT_TYPE
    ]


async def seed_managers(runtime: Runtime, standin: SlackStandIn, zones: dict[str, str]) -> None:
    """Managers with one report each, time zones already read (no team_welcome rows)."""
    checked = datetime(2026, 11, 22, tzinfo=UTC)
    async with runtime.db.session() as session:
        await ensure_workspaces(session, [TEAM])
        for manager, tz in zones.items():
            report = manager.replace("U0M", "U0R")
            standin.add_user(manager, tz=tz)
            standin.add_user(report, tz=tz)
            session.add(Member(team_id=TEAM, user_id=manager, tz=tz, tz_checked_at=checked))
            session.add(
                Member(
                    team_id=TEAM,
                    user_id=report,
                    manager_user_id=manager,
                    tz=tz,
                    tz_checked_at=checked,
                )
            )


async def deliveries(runtime: Runtime, kind: str = "manager_nudge") -> list[Delivery]:
    async with runtime.db.session() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)
        )
        return list(rows)


async def test_teams_import_reports_bad_rows_imports_the_rest_and_tells_newcomers(
    runtime: Runtime, standin: SlackStandIn, tmp_path: Path
) -> None:
    standin.add_user("U0BOSS", email="boss@example.com", tz="Europe/Berlin")
    for user in ("U0ADA", "U0BEA", "U0CY"):
        standin.add_user(user, email=f"{user.lower()}@example.com")
    org = tmp_path / "org.csv"
    org.write_text(
        "user,manager\n"
        "U0ADA,boss@example.com\n"
        "u0bea@example.com,U0BOSS\n"
        "nobody@example.com,U0BOSS\n"
        "U0CY,U0CY\n"
        "U0CY\n"
        "U0BOSS,\n",
        encoding="utf-8",
    )
    result = kindred(["teams", "import", str(org)], runtime, standin, tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"{org} line 4: nobody in this Slack workspace has the email nobody@example.com",
        f"{org} line 5: U0CY is their own manager",
        f"{org} line 6: expected two cells: user,manager",
    ]
    assert "imported 3 people into workspace T0KINDRED: 2 joined a team" in result.stdout
    assert "2 message(s) sent; 3 row(s) not imported" in result.stdout
    async with runtime.db.session() as session:
        links = {m.user_id: m.manager_user_id for m in await session.scalars(select(Member))}
        boss = await session.scalar(select(Member).where(Member.user_id == "U0BOSS"))
    assert links == {"U0ADA": "U0BOSS", "U0BEA": "U0BOSS", "U0BOSS": None}
    assert boss.tz == "Europe/Berlin"  # read while resolving the email
    lookups = sorted(c.params["email"] for c in standin.calls("users.lookupByEmail"))
    assert lookups == ["boss@example.com", "nobody@example.com", "u0bea@example.com"]
    welcomed = [c.params for c in standin.calls("chat.postMessage")]
    assert sorted(p["channel"] for p in welcomed) == ["U0ADA", "U0BEA"]
    for params in welcomed:
        assert_valid_call("chat.postMessage", params)
        assert "What <@U0BOSS> can see" in str(params["blocks"])

    # Re-importing replaces the chart; nobody already told is told again.
    org.write_text("user,manager\nU0ADA,U0BOSS\nU0CY,U0BOSS\n", encoding="utf-8")
    standin.clear()
    again = kindred(["teams", "import", str(org)], runtime, standin, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "1 joined a team, 1 left one, 1 unchanged; 1 message(s) sent" in again.stdout
    assert [c.params["channel"] for c in standin.calls("chat.postMessage")] == ["U0CY"]

    # A file that is not an org chart changes nothing.
    org.write_text("name,email\nAda,ada@example.com\n", encoding="utf-8")
    refused = kindred(["teams", "import", str(org)], runtime, standin, tmp_path)
    assert refused.returncode == 1
    assert "should be the header `user,manager`" in refused.stderr
    assert "nothing was imported" in refused.stderr
    async with runtime.db.session() as session:
        reports = await session.scalars(
            select(Member.user_id).where(Member.manager_user_id.is_not(None))
        )
        assert sorted(reports) == ["U0ADA", "U0CY"]


async def test_nudges_run_at_nudges_each_manager_at_their_local_time_once(
    runtime: Runtime, standin: SlackStandIn, tmp_path: Path
) -> None:
    await seed_managers(
        runtime, standin, {"U0MBER": "Europe/Berlin", "U0MLA": "America/Los_Angeles"}
    )
    morning = kindred(["nudges", "run", "--at", MONDAY_0830], runtime, standin, tmp_path)
    assert morning.returncode == 0, morning.stderr
    assert "1 enqueued; 1 sent" in morning.stdout
    assert nudge_posts(standin) == {"U0MBER": 1}

    evening = kindred(["nudges", "run", "--at", MONDAY_1730], runtime, standin, tmp_path)
    assert "1 enqueued; 1 sent" in evening.stdout
    for at in (MONDAY_0830, MONDAY_1730):
        repeat = kindred(["nudges", "run", "--at", at], runtime, standin, tmp_path)
        assert repeat.returncode == 0, repeat.stderr
        assert "0 enqueued; nothing to send" in repeat.stdout
    assert nudge_posts(standin) == {"U0MBER": 1, "U0MLA": 1}

    status = kindred(["nudges", "status"], runtime, standin, tmp_path)
    assert status.stdout.splitlines()[1].split() == ["manager_nudge", "0", "0", "2", "0", "0"]


async def test_a_process_killed_mid_send_then_run_again_delivers_every_nudge_exactly_once(
    runtime: Runtime, standin: GatedStandIn, tmp_path: Path
) -> None:
    managers = {f"U0M{i:02d}": "Europe/Berlin" for i in range(6)}
    await seed_managers(runtime, standin, managers)
    standin.hold("chat.postMessage")
    process = start(["nudges", "run", "--at", MONDAY_0830], runtime, standin, tmp_path)
    try:
        standin.wait_held(6)  # all six nudges composed and on their way to Slack
        standin.let_through(2)  # two reach Slack and the process records them
        deadline = time.monotonic() + WAIT_SECONDS
        while sum(r.status == "sent" for r in await deliveries(runtime)) < 2:
            assert time.monotonic() < deadline, "the first two were not recorded"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == -signal.SIGKILL
    # Slack accepts one more from the dead process (it never hears back), and the last three
    # are lost on the way: the database still says "sending" for all four.
    standin.let_through(1, "deliver")
    standin.let_through(3, "drop")
    standin.hold(None)
    standin.wait_for("chat.postMessage", count=3)
    assert sum(nudge_posts(standin).values()) == 3
    rows = await deliveries(runtime)
    assert Counter(r.status for r in rows) == {"sent": 2, "sending": 4}

    # Run again at once: the four claims are still within their lease (the killed process
    # might have been a slow replica), so nothing is sent twice.
    soon = kindred(["nudges", "run", "--at", MONDAY_0830], runtime, standin, tmp_path)
    assert soon.returncode == 0, soon.stderr
    assert "0 enqueued; nothing to send" in soon.stdout
    assert sum(nudge_posts(standin).values()) == 3

    # CLAIM_LEASE later (the claims are aged rather than the test sleeping five minutes).
    async with runtime.db.session() as session:
        await session.execute(
            update(Delivery)
            .where(Delivery.status == outbox.SENDING)
            .values(claimed_at=datetime.now(UTC) - outbox.CLAIM_LEASE - timedelta(seconds=1))
        )
    later = kindred(["nudges", "run", "--at", MONDAY_0830], runtime, standin, tmp_path)
    assert later.returncode == 0, later.stderr
    assert "0 enqueued; 4 sent" in later.stdout  # three posted now, one found in Slack

    assert nudge_posts(standin) == dict.fromkeys(managers, 1)
    for row in await deliveries(runtime):
        (message,) = nudges_in_slack(standin, row.recipient)
        assert message["metadata"]["event_payload"]["delivery_id"] == row.id
        assert (row.status, row.message_ts) == ("sent", message["ts"])


async def test_two_replicas_running_the_same_cycle_send_each_nudge_once(
    runtime: Runtime, standin: GatedStandIn, tmp_path: Path
) -> None:
    managers = {f"U0M{i:03d}": "Europe/Berlin" for i in range(2 * BATCH_SIZE)}
    await seed_managers(runtime, standin, managers)
    standin.hold("chat.postMessage")
    replicas = [
        start(["nudges", "run", "--at", MONDAY_0830], runtime, standin, tmp_path) for _ in range(2)
    ]
    try:
        # One sender has at most CONCURRENCY posts in flight: twice that means both replicas
        # are sending at the same moment, each from the rows it claimed.
        standin.wait_held(2 * CONCURRENCY)
    finally:
        standin.hold(None)
        standin.let_through(10_000)
        outputs = [replica.communicate(timeout=WAIT_SECONDS)[0] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0, 0], outputs
    reports = [re.search(r"(\d+) sent", out) for out in outputs]
    assert all(reports), outputs  # each replica sent some
    sent = [int(report.group(1)) for report in reports if report]
    assert sum(sent) == 2 * BATCH_SIZE and min(sent) > 0, outputs
    assert nudge_posts(standin) == dict.fromkeys(managers, 1)
    rows = await deliveries(runtime)
    assert len(rows) == 2 * BATCH_SIZE
    assert {r.status for r in rows} == {"sent"}
    assert len({r.claimed_by for r in rows}) == 2

"""Fault tests: Kindred keeps its promises while Slack misbehaves.

The real `kindred serve` and `kindred nudges run` work against a Slack stand-in that fails a
fifth of all calls with 5xx or 429. Every due reminder must still reach its member exactly once,
and every check-in acknowledged meanwhile must be stored. Bounded, loopback only, no timings.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from bot.sandbox.signing import SlackSender
from bot.sandbox.standin import SlackStandIn
from bot.services.reminders import KIND as REMINDER
from bot.store.models import CheckIn, Delivery, Member, Workspace
from tests.support.cli import run_nudges

TEAM = "T0KINDRED"
MEMBERS = [f"U0MEMBER{n:03d}" for n in range(40)]
CHECKERS = [f"U0CHECKER{n:02d}" for n in range(24)]
FAIL_RATIO = 0.2
# A row Slack kept refusing is put back for later; each round lets that later come at once.
MAX_ROUNDS = 8


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    """The built-in scheduler is off: the test runs the weekly cycle itself, as cron would."""
    return server_env | {"KINDRED_TICK_SECONDS": "0"}


def this_friday_afternoon() -> datetime:
    """15:05 UTC on the Friday of the current ISO week: every member's reminder is due."""
    today = datetime.now(UTC).date()
    friday = today - timedelta(days=today.weekday()) + timedelta(days=4)
    return datetime(friday.year, friday.month, friday.day, 15, 5, tzinfo=UTC)


def quick_checkin(slack: SlackSender, standin: SlackStandIn, user: str) -> tuple[str, int, str]:
    """`/checkin <mood> <note>` from `user`; returns what was sent once Kindred acked it."""
    mood = 1 + sum(map(ord, user)) % 5
    note = f"note from {user.lower()}"
    response = slack.command(
        "/checkin", f"{mood} {note}", user_id=user, response_url=standin.response_url()
    )
    assert response.status_code == 200, response.text
    return user, mood, note


def test_a_flaky_slack_still_gets_every_reminder_once_and_every_checkin_is_stored(
    slack: SlackSender,
    standin: SlackStandIn,
    database: Engine,
    db_url: str,
    tmp_path: Path,
) -> None:
    for user in MEMBERS + CHECKERS:
        standin.add_user(user, tz="UTC")
    now = datetime.now(UTC)
    with Session(database) as session, session.begin():
        session.add(Workspace(team_id=TEAM))
        session.flush()
        session.add_all(
            Member(team_id=TEAM, user_id=u, tz="UTC", tz_checked_at=now) for u in MEMBERS
        )
    # Bolt checks the bot token on its first request; that happens before the storm starts.
    assert slack.command("/checkin", "help", response_url=standin.response_url()).status_code == 200

    standin.fail_ratio(FAIL_RATIO, seed=7)
    at = this_friday_afternoon()
    with ThreadPoolExecutor(max_workers=4) as pool:
        submitted = pool.map(lambda user: quick_checkin(slack, standin, user), CHECKERS)
        outputs = [run_nudges(standin, db_url, at, tmp_path)]
        acked = sorted(submitted)
    for _ in range(MAX_ROUNDS):
        with Session(database) as session, session.begin():
            pending = session.execute(
                update(Delivery)
                .where(Delivery.status == "pending")
                .values(not_before=datetime.now(UTC) - timedelta(seconds=1))
            ).rowcount
        if not pending:
            break
        outputs.append(run_nudges(standin, db_url, at, tmp_path))
    faults = Counter(c.status for c in standin.calls() if c.status != 200)
    standin.fail_ratio(0)

    # The storm was real: both kinds of failure happened, to the fan-out as to the check-ins.
    assert faults[429] > 0 and faults[500] > 0, faults
    assert any(c.status != 200 for c in standin.calls("chat.postMessage"))

    # Every due reminder was delivered once: one accepted post per member, none refused twice
    # into a duplicate, and every outbox row says sent with the ts Slack gave it.
    with Session(database) as session:
        rows = list(session.scalars(select(Delivery).where(Delivery.kind == REMINDER)))
        stored = list(session.scalars(select(CheckIn).where(CheckIn.user_id.in_(CHECKERS))))
    accepted = [c for c in standin.calls("chat.postMessage") if c.status == 200]
    per_member = Counter(c.params["channel"] for c in accepted)
    assert per_member == Counter(MEMBERS), (per_member, outputs)
    dms = {standin.dm_channel_id(u): u for u in MEMBERS}
    in_slack = Counter(dms[m["channel"]] for m in standin.messages() if m["channel"] in dms)
    assert in_slack == Counter(MEMBERS)
    assert sorted(r.recipient for r in rows) == sorted(MEMBERS)
    by_delivery = {c.params["metadata"]["event_payload"]["delivery_id"]: c for c in accepted}
    for row in rows:
        assert row.status == "sent", (row.recipient, row.status, row.last_error)
        assert row.message_ts == by_delivery[row.id].response["ts"]

    # Every check-in Kindred acknowledged meanwhile is stored, once, as typed.
    assert sorted((c.user_id, c.mood, c.note) for c in stored) == acked
    assert len(acked) == len(CHECKERS)

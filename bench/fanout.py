"""The weekly fan-out: N members due at once, Slack's chat.postMessage limited to a set rate.

`kindred serve` runs its own scheduler (a cycle a second) and sends every reminder through the
outbox; the stand-in answers 429 with Retry-After beyond the rate. Utilisation is the ideal wall
time (members ÷ rate) over the measured one, from the first post to the last accepted one.
Duplicates and misses are counted from what the stand-in accepted. With `crash`, the server is
killed (SIGKILL) once half the members have their reminder, and started again.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func, insert, select

from bench.common import TEAM, PeakRss, Served, kindred_env
from bot.sandbox.standin import SlackStandIn
from bot.services.reminders import KIND as REMINDER
from bot.store.db import sync_database_url, upgrade
from bot.store.models import Delivery, Member, Workspace

# Zones 26 hours apart: at any moment at least one of them is on a weekday (reminders skip
# weekends).
ZONES = ("UTC", "Pacific/Kiritimati", "Etc/GMT+12")
CLAIM_LEASE_SECONDS = 30
FAST = 20


@dataclass
class FanoutResult:
    """One fan-out run."""

    backend: str
    crash: bool
    members: int
    rate: float
    ideal_seconds: float
    wall_seconds: float
    utilisation: float
    accepted: int
    rate_limited: int
    duplicates: int
    misses: int
    statuses: dict[str, int]
    peak_rss_mb: float
    progress: list[tuple[float, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def weekday_zone() -> tuple[str, int]:
    """A time zone where it is a weekday now, and that weekday."""
    now = datetime.now(UTC)
    for zone in ZONES:
        weekday = now.astimezone(ZoneInfo(zone)).weekday()
        if weekday < 5:
            return zone, weekday
    raise RuntimeError("no weekday anywhere (cannot happen with these zones)")


def user_id(n: int) -> str:
    return f"U0FAN{n:06d}"


def seed(db_url: str, members: int, zone: str, weekday: int) -> None:
    """A migrated database with `members` members whose reminder slot opened today at 00:00."""
    upgrade(db_url)
    engine = create_engine(sync_database_url(db_url))
    now = datetime.now(UTC)
    rows = [
        {
            "team_id": TEAM,
            "user_id": user_id(n),
            "tz": zone,
            "tz_checked_at": now,
            "reminder_weekday": weekday,
            "reminder_time": clock(0, 0),
        }
        for n in range(members)
    ]
    try:
        with engine.begin() as conn:
            conn.execute(insert(Workspace).values(team_id=TEAM))
            conn.execute(insert(Member), rows)
    finally:
        engine.dispose()


def outbox_statuses(db_url: str) -> dict[str, int]:
    engine = create_engine(sync_database_url(db_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Delivery.status, func.count())
                .where(Delivery.kind == REMINDER)
                .group_by(Delivery.status)
            )
            return {status: count for status, count in rows}
    finally:
        engine.dispose()


def settled(db_url: str, members: int) -> bool:
    """True when every reminder's outbox row is final (sent or otherwise settled)."""
    statuses = outbox_statuses(db_url)
    return sum(statuses.values()) >= members and not statuses.keys() & {"pending", "sending"}


def run_fanout(
    backend: str,
    db_url: str,
    members: int,
    rate: float,
    workdir: Path,
    log: list[str],
    *,
    crash: bool = False,
) -> FanoutResult:
    """Run one fan-out of `members` reminders at `rate` posts a second; see the module doc."""
    zone, weekday = weekday_zone()
    seed(db_url, members, zone, weekday)
    ideal = members / rate
    deadline = time.monotonic() + 3 * ideal + (CLAIM_LEASE_SECONDS * 2 if crash else 0) + 120
    progress: list[tuple[float, int]] = []
    with SlackStandIn() as standin:
        for n in range(members):
            standin.add_user(user_id(n), tz=zone)
        standin.rate_limit("chat.postMessage", rate)
        env = kindred_env(
            standin.url,
            db_url,
            KINDRED_TICK_SECONDS="1",
            KINDRED_CLAIM_LEASE_SECONDS=str(CLAIM_LEASE_SECONDS),
            # Kindred paces posts at the stand-in's rate (so the stand-in's limit is what binds),
            # and reads the directory 20 times faster than Slack's tiers (bench/scale.py models
            # every tier).
            KINDRED_SLACK_RATE_SCALE=str(FAST),
            KINDRED_SLACK_POSTS_PER_MINUTE=str(max(1, round(rate * 60 / FAST))),
            KINDRED_LOG_LEVEL="WARNING",
        )
        name = f"fanout-{backend}{'-crash' if crash else ''}"
        server = Served("bot", env, workdir, name).start()
        peaks: list[float] = []
        rss = PeakRss(server.pid).__enter__()
        crashed = False
        started = time.monotonic()
        try:
            while time.monotonic() < deadline:
                posts = standin.calls("chat.postMessage")
                accepted = {c.params["channel"] for c in posts if c.status == 200}
                progress.append((round(time.monotonic() - started, 2), len(accepted)))
                if len(accepted) >= members and (not crashed or settled(db_url, members)):
                    # After a crash, also wait for the restarted sender to take over the dead
                    # one's claims (after the lease) and find their messages already in Slack.
                    break
                if crash and not crashed and len(accepted) >= members // 2:
                    server.kill()
                    rss.__exit__()
                    peaks.append(rss.peak_mb)
                    log.append(f"fan-out {backend}: SIGKILL at {len(accepted)} sent, restarting")
                    print(log[-1], flush=True)
                    crashed = True
                    server = Served("bot", env, workdir, name).start()
                    rss = PeakRss(server.pid).__enter__()
                time.sleep(0.25)
            # A last look: nothing more may arrive (a duplicate would show up here).
            time.sleep(2)
        finally:
            server.stop()
            rss.__exit__()
            peaks.append(rss.peak_mb)
        posts = standin.calls("chat.postMessage")
    accepted_posts = [c for c in posts if c.status == 200]
    per_member = Counter(c.params["channel"] for c in accepted_posts)
    wall = (
        max(c.time for c in accepted_posts) - min(c.time for c in posts)
        if accepted_posts
        else float("nan")
    )
    result = FanoutResult(
        backend=backend,
        crash=crash,
        members=members,
        rate=rate,
        ideal_seconds=round(ideal, 2),
        wall_seconds=round(wall, 2),
        utilisation=round(ideal / wall, 3) if accepted_posts else 0.0,
        accepted=len(accepted_posts),
        rate_limited=sum(c.status == 429 for c in posts),
        duplicates=sum(n - 1 for n in per_member.values() if n > 1),
        misses=sum(1 for n in range(members) if user_id(n) not in per_member),
        statuses=outbox_statuses(db_url),
        peak_rss_mb=round(max(peaks), 1),
        progress=progress,
    )
    summary = {k: v for k, v in result.as_dict().items() if k != "progress"}
    log.append(f"fan-out {backend}{' crash' if crash else ''}: {summary}")
    print(log[-1], flush=True)
    return result

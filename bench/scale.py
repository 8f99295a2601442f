"""Company scale under Slack's published tiers: N people due in one slot, every method limited.

The stand-in limits every Web API method Kindred calls at its tier (`SlackStandIn.slack_tiers`,
from the table in bot/slack/limits.py) and chat.postMessage at a workspace budget, all scaled by
the same factor so a run takes minutes rather than half an hour; ratios do not depend on it.
`kindred serve` runs its own scheduler (a cycle a second) on a database of N members whose
reminder slot opens a little after it starts: it reads the directory on first use (users.list),
then sends every reminder through the outbox. With `crash`, it is killed (SIGKILL) once half the
people have their reminder, and started again.

Measured against a baseline taken in the same run: N posts through the same paced client
(bot/slack/client.py) straight to the same stand-in, with no database and no scheduler: the time
the post budget alone allows on this machine.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert

from bench.common import BOT_TOKEN, TEAM, Served, kindred_env
from bench.fanout import outbox_statuses, settled, user_id, weekday_zone
from bot.config import Settings
from bot.sandbox.standin import SlackStandIn
from bot.slack.client import create_web_client
from bot.store.db import sync_database_url, upgrade
from bot.store.models import Member, Workspace

CLAIM_LEASE_SECONDS = 30
# The slot opens this long after the server starts: time for the first directory read.
SLOT_DELAY_SECONDS = 45
BASELINE_WORKERS = 8


@dataclass
class ScaleResult:
    """One run: the slot's reminders under every tier."""

    backend: str
    crash: bool
    people: int
    posts_per_minute: int
    scale: float
    ideal_seconds: float
    baseline_seconds: float
    wall_seconds: float
    first_post_seconds: float
    wall_vs_baseline: float
    wall_vs_ideal: float
    reminded_once: int
    duplicates: int
    misses: int
    failed: int
    calls: dict[str, int]
    calls_per_reminder: float
    throttled: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def seed(db_url: str, people: int, zone: str, weekday: int, slot: datetime) -> None:
    """A migrated database with `people` members whose reminder slot opens at `slot`."""
    upgrade(db_url)
    local = slot.astimezone(ZoneInfo(zone))
    rows = [
        {
            "team_id": TEAM,
            "user_id": user_id(n),
            "tz": zone,
            "reminder_weekday": weekday,
            "reminder_time": local.time().replace(microsecond=0),
        }
        for n in range(people)
    ]
    engine = create_engine(sync_database_url(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(insert(Workspace).values(team_id=TEAM))
            conn.execute(insert(Member), rows)
    finally:
        engine.dispose()


def tiered_standin(people: int, zone: str, posts_per_minute: int, scale: float) -> SlackStandIn:
    standin = SlackStandIn().start()
    for n in range(people):
        standin.add_user(user_id(n), tz=zone)
    standin.slack_tiers(posts_per_minute=posts_per_minute, scale=scale)
    return standin


def baseline(people: int, posts_per_minute: int, scale: float, workdir: Path) -> float:
    """Seconds for `people` posts through Kindred's paced client alone, to the tiered stand-in."""
    with tiered_standin(people, "UTC", posts_per_minute, scale) as standin:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_API_URL=standin.url,
            KINDRED_SLACK_POSTS_PER_MINUTE=posts_per_minute,
            KINDRED_SLACK_RATE_SCALE=scale,
        )

        async def post_all() -> float:
            client = create_web_client(settings, BOT_TOKEN)
            queue = list(range(people))

            async def worker() -> None:
                while queue:
                    n = queue.pop()
                    await client.chat_postMessage(channel=user_id(n), text="Hello")

            started = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(BASELINE_WORKERS)))
            return time.monotonic() - started

        return asyncio.run(post_all())


def run_scale(
    backend: str,
    db_url: str,
    people: int,
    posts_per_minute: int,
    scale: float,
    baseline_seconds: float,
    workdir: Path,
    log: list[str],
    *,
    crash: bool = False,
) -> ScaleResult:
    """One slot of `people` reminders; see the module doc."""
    zone, weekday = weekday_zone()
    rate = posts_per_minute * scale / 60.0
    ideal = people / rate
    standin = tiered_standin(people, zone, posts_per_minute, scale)
    slot = datetime.now(UTC) + timedelta(seconds=SLOT_DELAY_SECONDS)
    slot_monotonic = time.monotonic() + SLOT_DELAY_SECONDS  # the stand-in's clock for calls
    seed(db_url, people, zone, weekday, slot)
    env = kindred_env(
        standin.url,
        db_url,
        KINDRED_TICK_SECONDS="1",
        KINDRED_CLAIM_LEASE_SECONDS=str(CLAIM_LEASE_SECONDS),
        KINDRED_LOG_LEVEL="WARNING",
        KINDRED_SLACK_POSTS_PER_MINUTE=str(posts_per_minute),
        KINDRED_SLACK_RATE_SCALE=str(scale),
    )
    name = f"scale-{backend}{'-crash' if crash else ''}"
    deadline = time.monotonic() + SLOT_DELAY_SECONDS + 3 * ideal + 2 * CLAIM_LEASE_SECONDS + 120
    server = Served("bot", env, workdir, name).start()
    crashed = False
    try:
        while time.monotonic() < deadline:
            accepted = {c.params["channel"] for c in standin.calls("chat.postMessage")
                        if c.status == 200}  # fmt: skip
            if len(accepted) >= people and settled(db_url, people):
                break
            if crash and not crashed and len(accepted) >= people // 2:
                server.kill()
                log.append(f"scale {backend}: SIGKILL at {len(accepted)} reminded, restarting")
                print(log[-1], flush=True)
                crashed = True
                server = Served("bot", env, workdir, name).start()
            time.sleep(0.25)
        time.sleep(2)  # a duplicate arriving late would show up here
    finally:
        server.stop()
        standin.stop()
    calls = standin.calls()
    posts = [c for c in calls if c.method == "chat.postMessage" and c.status == 200]
    per_person = Counter(c.params["channel"] for c in posts)
    wall = max(c.time for c in posts) - slot_monotonic if posts else float("nan")
    statuses = outbox_statuses(db_url)
    reminded = sum(1 for n in per_person.values() if n >= 1)
    result = ScaleResult(
        backend=backend,
        crash=crash,
        people=people,
        posts_per_minute=posts_per_minute,
        scale=scale,
        ideal_seconds=round(ideal, 1),
        baseline_seconds=round(baseline_seconds, 1),
        wall_seconds=round(wall, 1),
        first_post_seconds=round(min(c.time for c in posts) - slot_monotonic, 1) if posts else 0,
        wall_vs_baseline=round(wall / baseline_seconds, 3),
        wall_vs_ideal=round(wall / ideal, 3),
        reminded_once=sum(1 for n in per_person.values() if n == 1),
        duplicates=sum(n - 1 for n in per_person.values() if n > 1),
        misses=people - reminded,
        failed=statuses.get("failed", 0),
        calls=dict(Counter(c.method for c in calls)),
        calls_per_reminder=round(len(calls) / max(1, len(posts)), 4),
        throttled=sum(c.status == 429 for c in calls),
    )
    log.append(f"scale {backend}{' crash' if crash else ''}: {result.as_dict()}")
    print(log[-1], flush=True)
    return result


def markdown(results: list[ScaleResult]) -> str:
    """The table for docs/benchmarks.md."""
    lines = [
        "| run | people | budget | ideal s | baseline s | wall s | wall ÷ baseline | wall ÷ ideal "
        "| reminded once | duplicates | misses | failed | Slack calls per reminder | 429s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        run = f"{r.backend}{', SIGKILL half-way' if r.crash else ''}"
        budget = f"{r.posts_per_minute}/min ×{r.scale:g}"
        lines.append(
            f"| {run} | {r.people:,} | {budget} | {r.ideal_seconds} | {r.baseline_seconds} "
            f"| {r.wall_seconds} | {r.wall_vs_baseline} | {r.wall_vs_ideal} | {r.reminded_once:,} "
            f"| {r.duplicates} | {r.misses} | {r.failed} | {r.calls_per_reminder} "
            f"| {r.throttled} |"
        )
    calls = Counter[str]()
    for r in results:
        calls.update(r.calls)
    lines.append("")
    lines.append("Slack calls by method, all runs: " + ", ".join(
        f"`{m}` {n:,}" for m, n in calls.most_common()))  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import tempfile

    from tests.support.postgres import PostgresServer, find_pg_bin

    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--budget", type=int, default=300, help="chat.postMessage a minute")
    parser.add_argument("--speed", type=float, default=20, help="every tier this many times")
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--skip-crash", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="kindred-scale-"))
    log: list[str] = []
    base = baseline(args.people, args.budget, args.speed, workdir)
    log.append(f"baseline: {args.people} posts through the paced client alone in {base:.1f}s")
    print(log[-1], flush=True)
    postgres: PostgresServer | None = None
    results: list[ScaleResult] = []
    try:
        for backend in args.backends.split(","):
            if backend == "postgresql" and postgres is None:
                pg_bin = find_pg_bin()
                assert pg_bin is not None, "PostgreSQL is not installed"
                postgres = PostgresServer(pg_bin, synchronous_commit=True)
                postgres.start()
            for crash in (False,) if args.skip_crash else (False, True):
                if backend == "postgresql":
                    assert postgres is not None
                    db_url = postgres.create_database()
                else:
                    db_url = f"sqlite:///{workdir / f'scale-{len(results)}.db'}"
                results.append(run_scale(backend, db_url, args.people, args.budget, args.speed,
                                         base, workdir, log, crash=crash))  # fmt: skip
    finally:
        if postgres is not None:
            postgres.stop()
    table = markdown(results)
    (args.out / "scale.md").write_text(table)
    found = {"baseline_seconds": base, "runs": [r.as_dict() for r in results], "log": log}
    (args.out / "scale.json").write_text(json.dumps(found, indent=1))
    print(table)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())

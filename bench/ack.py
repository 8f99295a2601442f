"""Ack latency under load: signed `/checkin` quick forms and reminder-button clicks.

N concurrent clients (each one request at a time, as N people would) send a fixed number of
requests, alternating the two kinds, to Kindred and to the bare baseline in the same run. The
latency of a request is the time until the HTTP answer, which is Slack's ack.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import asdict, dataclass
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from bench.common import (
    SIGNING_SECRET,
    TEAM,
    PeakRss,
    Served,
    kindred_env,
    percentile,
)
from bot.sandbox.signing import FORM, SLACK_USER_AGENT, block_action, sign
from bot.sandbox.standin import DEFAULT_BOT_USER_ID, SlackStandIn

USERS = 200
DRAIN_TIMEOUT_SECONDS = 120.0


@dataclass
class AckResult:
    """One (backend, app, concurrency) run."""

    backend: str
    app: str
    clients: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    peak_rss_mb: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _user(n: int) -> str:
    return f"U0BENCH{n % USERS:04d}"


def _quick_form(n: int, response_url: str) -> bytes:
    form = {
        "token": "bench",
        "team_id": TEAM,
        "team_domain": "kindred-test",
        "channel_id": "C0GENERAL",
        "channel_name": "general",
        "user_id": _user(n),
        "user_name": _user(n).lower(),
        "command": "/checkin",
        "text": f"{1 + n % 5} benchmark note {n}",
        "api_app_id": "A0KINDRED",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"bench.{n}",
    }
    return urlencode(form).encode()


def _button_click(n: int, response_url: str, message_ts: str) -> bytes:
    user = _user(n)
    payload = block_action(
        f"checkin_mood_{1 + n % 5}",
        str(1 + n % 5),
        user_id=user,
        channel_id="D" + user,
        message_ts=message_ts,
        response_url=response_url,
    )
    return urlencode({"payload": json.dumps(payload)}).encode()


def body_for(n: int, standin: SlackStandIn) -> bytes:
    """Request n: even ones are quick forms, odd ones reminder-button clicks."""
    if n % 2 == 0:
        return _quick_form(n, standin.response_url("commands"))
    # The reminder the button is on, so Kindred's chat.update of it finds it, as in Slack.
    user = _user(n)
    ts = standin.add_message("D" + user, "Weekly reminder", DEFAULT_BOT_USER_ID)
    return _button_click(n, standin.response_url("actions"), ts)


async def load(
    url: str, bodies: list[bytes], clients: int, warmups: list[bytes] | None = None
) -> tuple[list[float], int, float]:
    """Send `bodies` with `clients` concurrent clients; latencies (s), errors, wall time (s).

    Each client first sends one of `warmups`, not measured, so that opening `clients` TCP
    connections at once is not mistaken for the app's latency (Slack keeps connections open).
    """
    latencies: list[float] = []
    errors = 0
    next_index = count()
    # aiohttp rather than httpx: at 50 connections httpx's own pool costs more than the app.
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:

        async def send(body: bytes) -> bool:
            ts = int(time.time())
            headers = {
                "Content-Type": FORM,
                "User-Agent": SLACK_USER_AGENT,
                "X-Slack-Request-Timestamp": str(ts),
                "X-Slack-Signature": sign(SIGNING_SECRET, body, ts),
            }
            try:
                async with client.post(f"{url}/slack/events", data=body, headers=headers) as answer:
                    await answer.read()
                    return answer.status == 200
            except (aiohttp.ClientError, TimeoutError):
                return False

        async def one_client() -> None:
            nonlocal errors
            while (i := next(next_index)) < len(bodies):
                started = time.perf_counter()
                ok = await send(bodies[i])
                latencies.append(time.perf_counter() - started)
                errors += not ok

        await asyncio.gather(*(send(body) for body in warmups or []))
        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        wall = time.perf_counter() - started
    return latencies, errors, wall


def wait_for_follow_ups(standin: SlackStandIn, expected: int) -> None:
    """Kindred keeps working after each ack (save, thank); let it finish before the next run."""
    deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        done = len(standin.calls("response_url")) + len(standin.calls("chat.update"))
        if done >= expected:
            return
        time.sleep(0.1)


def run_ack(
    backend: str,
    db_url: str | None,
    levels: list[int],
    requests: int,
    workdir: Path,
    log: list[str],
) -> list[AckResult]:
    """Kindred (on `db_url`) and the bare app at each concurrency level; bare app first."""
    results: list[AckResult] = []
    with SlackStandIn() as standin:
        for n in range(USERS):
            standin.add_user(_user(n), tz="UTC")
        apps: list[tuple[str, Served]] = [
            ("bare Bolt", Served("bench.bare_app", kindred_env(standin.url, ""), workdir, "bare"))
        ]
        if db_url is not None:
            env = kindred_env(standin.url, db_url, KINDRED_TICK_SECONDS="0")
            apps.append(("Kindred", Served("bot", env, workdir, f"kindred-{backend}")))
        for name, served in apps:
            with served, PeakRss(served.pid) as rss:
                # One warm-up request each way (Bolt's auth.test, connection pools).
                warm = [body_for(0, standin), body_for(1, standin)]
                asyncio.run(load(served.url, warm, 1))
                for clients in levels:
                    standin.clear()
                    warmups = [body_for(requests + i, standin) for i in range(clients)]
                    bodies = [body_for(i, standin) for i in range(requests)]
                    measured = load(served.url, bodies, clients, warmups)
                    latencies, errors, wall = asyncio.run(measured)
                    if name == "Kindred":
                        wait_for_follow_ups(standin, requests + clients)
                    result = AckResult(
                        backend=backend,
                        app=name,
                        clients=clients,
                        requests=len(latencies),
                        errors=errors,
                        seconds=round(wall, 3),
                        rps=round(len(latencies) / wall, 1),
                        p50_ms=round(percentile(latencies, 50) * 1000, 1),
                        p95_ms=round(percentile(latencies, 95) * 1000, 1),
                        p99_ms=round(percentile(latencies, 99) * 1000, 1),
                        max_ms=round(max(latencies) * 1000, 1),
                        peak_rss_mb=round(rss.peak_mb, 1),
                    )
                    log.append(f"ack {backend} {name} x{clients}: {result}")
                    print(log[-1], flush=True)
                    results.append(result)
    return results

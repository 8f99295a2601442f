"""Thousands of malformed or random signed requests: never a 5xx, never a dead server."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import string
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from bot.cli import serve_config
from bot.sandbox.signing import sign
from tests.conftest import SIGNING_SECRET
from tests.support.server import InProcessServer

EXAMPLES = 2000
CONCURRENT = 50

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
slack_ids = st.sampled_from(["U0MEMBER1", "T0KINDRED", "C0GENERAL", "", "<!channel>", "Ü"])
interaction_types = st.sampled_from(
    [
        "block_actions",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
        "block_suggestion",
        "interactive_message",
        "nonsense",
    ]
)
commands = st.sampled_from(["/checkin", "/kindly", "/share", "/unknown", "", "checkin"])


@st.composite
def interaction_payloads(draw: st.DrawFn) -> dict[str, Any]:
    payload: dict[str, Any] = draw(st.dictionaries(st.text(max_size=10), json_values, max_size=5))
    payload["type"] = draw(interaction_types)
    if draw(st.booleans()):
        payload["user"] = {"id": draw(slack_ids), "team_id": draw(slack_ids)}
    if draw(st.booleans()):
        payload["team"] = {"id": draw(slack_ids)}
    if draw(st.booleans()):
        payload["callback_id"] = draw(
            st.sampled_from(["read_the_room", "reply_anonymously", "share_anonymously", "x"])
        )
    if draw(st.booleans()):
        payload["actions"] = draw(
            st.lists(
                st.dictionaries(st.sampled_from(["action_id", "value", "block_id"]), json_values),
                max_size=2,
            )
        )
    if draw(st.booleans()):
        payload["view"] = draw(st.dictionaries(st.text(max_size=10), json_values, max_size=4))
    if draw(st.booleans()):
        payload["trigger_id"] = draw(st.text(max_size=20))
    return payload


@st.composite
def request_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    form = "application/x-www-form-urlencoded"
    kind = draw(st.integers(min_value=0, max_value=6))
    if kind == 0:  # a slash command with random or missing fields
        fields = {"command": draw(commands), "text": draw(st.text(max_size=300))}
        for name in ("user_id", "team_id", "channel_id", "trigger_id", "response_url"):
            if draw(st.booleans()):
                fields[name] = draw(slack_ids)
        return urlencode(fields).encode(), form
    if kind == 1:  # interactivity with a well-formed but odd payload
        return urlencode({"payload": json.dumps(draw(interaction_payloads()))}).encode(), form
    if kind == 2:  # interactivity whose payload is not JSON at all
        return urlencode({"payload": draw(st.text(max_size=200))}).encode(), form
    if kind == 3:  # Events API envelopes with random events
        event = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=4))
        event["type"] = draw(st.sampled_from(["app_home_opened", "message", "x", ""]))
        envelope = {"type": draw(st.sampled_from(["event_callback", "url_verification", "?"]))}
        envelope |= {"event": event, "team_id": draw(slack_ids)}
        return json.dumps(envelope).encode(), "application/json"
    if kind == 4:  # raw bytes: broken JSON, invalid UTF-8, odd content types
        content_type = draw(
            st.sampled_from(["application/json", form, "text/plain", "", "multipart/form-data"])
        )
        return draw(st.binary(max_size=500)), content_type
    if kind == 5:  # text in another encoding than declared
        text = draw(st.text(alphabet=string.printable + "éüßñ€", max_size=200))
        return ("payload=" + text).encode("latin-1", errors="replace"), form
    size = draw(st.sampled_from([10_000, 500_000, 1_100_000]))  # big and too big
    return b"text=" + b"a" * size, form


@pytest.fixture
def db_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only: the property is about HTTP and Bolt, and 2,000 requests take a while."""
    path = tmp_path / "kindred.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {"KINDRED_TICK_SECONDS": "0", "KINDRED_LOG_LEVEL": "WARNING"}


def test_random_signed_requests_never_break_the_server(
    server_env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """`kindred serve`'s app in this process (httpx.ASGITransport, one event loop): the same
    Starlette, Bolt and listeners, without 2,000 round trips over a socket. The requests go
    CONCURRENT at a time: most of the time a malformed request costs is Bolt waiting (up to 3 s)
    for an acknowledgement that a failed listener never gives, and those waits overlap."""
    caplog.set_level(logging.WARNING)
    bodies = draw_request_bodies()
    assert len(bodies) >= EXAMPLES
    app = serve_config(InProcessServer(server_env, Path()).settings, "127.0.0.1", 0).app
    statuses = asyncio.run(send_all(app, bodies))
    assert sum(statuses.values()) == len(bodies) + 1  # and /healthz at the end
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [p for p in problems if "Task exception was never retrieved" in p], problems


def draw_request_bodies() -> list[tuple[bytes, str]]:
    """EXAMPLES request bodies from hypothesis (derandomized: the same ones on every run)."""
    bodies: list[tuple[bytes, str]] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request_bodies())
    def collect(request: tuple[bytes, str]) -> None:
        bodies.append(request)

    collect()
    return bodies


async def send_all(app: Starlette, bodies: list[tuple[bytes, str]]) -> dict[int, int]:
    """Post every body signed to /slack/events, then ask /healthz; counts of statuses.

    An exception escaping the app reaches this client (raise_app_exceptions: under uvicorn it
    would be "Exception in ASGI application" and a 500) and fails the test, as does any 5xx."""
    statuses: dict[int, int] = {}
    gate = asyncio.Semaphore(CONCURRENT)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=30) as client,
    ):

        async def send(body: bytes, content_type: str) -> None:
            now = int(time.time())
            async with gate:
                response = await client.post(
                    "/slack/events",
                    content=body,
                    headers={
                        "Content-Type": content_type,
                        "X-Slack-Request-Timestamp": str(now),
                        "X-Slack-Signature": sign(SIGNING_SECRET, body, now),
                    },
                )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code < 500, (response.status_code, body[:300])

        await asyncio.gather(*(send(body, content_type) for body, content_type in bodies))
        # Work the app started after acknowledging (listeners, Slack calls) ends too.
        await settle()
        health = await client.get("/healthz")
        statuses[health.status_code] = statuses.get(health.status_code, 0) + 1
        assert health.status_code == 200
    return statuses


async def settle(timeout: float = 30.0) -> None:
    """Wait (bounded) until no task but this one is left on the loop."""
    deadline = time.monotonic() + timeout
    me = asyncio.current_task()
    while [t for t in asyncio.all_tasks() if t is not me] and time.monotonic() < deadline:
        await asyncio.sleep(0.05)

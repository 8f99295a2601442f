"""The app factory and web routes in-process: the one error handler, health, body limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_bolt.async_app import AsyncAck

from bot.app import create_app, describe_request
from bot.runtime import Runtime, build_runtime
from bot.sandbox.server import free_port
from bot.sandbox.signing import sign
from bot.sandbox.standin import SlackStandIn
from bot.store.db import Database
from bot.web import create_web_app
from tests.conftest import SIGNING_SECRET


async def fail_before_ack(ack: AsyncAck) -> None:
    raise RuntimeError("database exploded before ack")


async def fail_after_ack(ack: AsyncAck) -> None:
    await ack()
    raise RuntimeError("database exploded after ack")


@pytest.fixture
async def web(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime.settings, runtime=runtime)
    app.command("/boom-before-ack")(fail_before_ack)
    app.command("/boom-after-ack")(fail_after_ack)
    transport = httpx.ASGITransport(app=create_web_app(app, runtime))
    async with httpx.AsyncClient(transport=transport, base_url="http://kindred") as client:
        yield client


def signed_command(command: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    body = urlencode(
        {
            "command": command,
            "text": "",
            "team_id": "T0KINDRED",
            "user_id": "U0MEMBER1",
            "channel_id": "C0GENERAL",
            "response_url": response_url,
            "trigger_id": "1.2",
        }
    ).encode()
    now = int(time.time())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(now),
        "X-Slack-Signature": sign(SIGNING_SECRET, body, now),
    }
    return body, headers


async def wait_for_calls(standin: SlackStandIn, method: str) -> list[Any]:
    """Poll without blocking the event loop the app's background work runs on (bounded)."""
    for _ in range(100):
        if calls := standin.calls(method):
            return calls
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {method} call")


async def test_failure_before_ack_is_answered_kindly_in_the_response(
    web: httpx.AsyncClient, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    body, headers = signed_command("/boom-before-ack", standin.response_url())
    response = await web.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 200
    assert response.text.startswith("Sorry, something went wrong on Kindred's side")
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "failed to handle command /boom-before-ack" in errors[0].getMessage()
    assert "U0MEMBER1" not in caplog.text


async def test_failure_after_ack_is_told_to_the_person(
    web: httpx.AsyncClient, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    body, headers = signed_command("/boom-after-ack", standin.response_url())
    response = await web.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 200
    (reply,) = await wait_for_calls(standin, "response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert reply.params["text"].startswith("Sorry, something went wrong on Kindred's side")
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 1


async def test_health_turns_503_when_the_database_is_unreachable(runtime: Runtime) -> None:
    down = build_runtime(
        runtime.settings, db=Database(f"postgresql://nobody@127.0.0.1:{free_port()}/kindred")
    )
    app = create_app(down.settings, runtime=down)
    transport = httpx.ASGITransport(app=create_web_app(app, down))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://kindred") as client:
            health = await client.get("/healthz")
            metrics = await client.get("/metrics")
    finally:
        await down.db.dispose()
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "database": "unreachable"}
    assert "kindred_database_up 0.0" in metrics.text


async def test_a_body_with_a_lying_length_is_refused(web: httpx.AsyncClient) -> None:
    response = await web.post(
        "/slack/events", content=b"x", headers={"Content-Length": "not-a-number"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "described"),
    [
        ({"command": "/checkin", "user_id": "U1"}, "command /checkin"),
        ({"type": "event_callback", "event": {"type": "app_home_opened"}}, "event app_home_opened"),
        (
            {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "a"}]},
            "block_actions a",
        ),
        (
            {"type": "view_submission", "view": {"callback_id": "checkin"}},
            "view_submission checkin",
        ),
        ({"type": "shortcut", "callback_id": "share_anonymously"}, "shortcut share_anonymously"),
    ],
)
def test_requests_are_described_for_logs_without_the_user(
    body: dict[str, Any], described: str
) -> None:
    assert describe_request(body) == described
    assert "U1" not in describe_request(body)


def test_the_factory_builds_nothing_at_import() -> None:
    import bot.app

    assert not any(
        type(value).__name__ in ("AsyncApp", "Database", "AsyncWebClient")
        for value in vars(bot.app).values()
    )

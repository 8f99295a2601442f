"""The real `kindred serve`, driven over HTTP with requests signed as Slack signs them."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import httpx
import pytest

from bot.listeners.commands import SLASH_COMMANDS
from bot.listeners.shortcuts import SHORTCUTS
from bot.sandbox.server import KindredServer
from bot.sandbox.signing import SlackSender, global_shortcut, message_shortcut
from bot.sandbox.standin import SlackStandIn
from tests.support.blockkit import assert_valid_call
from tests.support.server import InProcessServer

SLACK_ACK_LIMIT_SECONDS = 3.0


def test_healthz_and_metrics(server: InProcessServer) -> None:
    health = httpx.get(f"{server.url}/healthz", timeout=5)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok"}
    metrics = httpx.get(f"{server.url}/metrics", timeout=5)
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    assert 'kindred_http_requests_total{route="/healthz",status="200"}' in metrics.text
    assert "kindred_database_up 1.0" in metrics.text


def test_signed_checkin_is_answered_privately_within_slacks_limit(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    started = time.monotonic()
    response = slack.command("/checkin", "help")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < SLACK_ACK_LIMIT_SECONDS
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "/checkin 4 tired but ok" in body["text"]
    assert [c.method for c in standin.calls()] == ["auth.test"]


@pytest.mark.parametrize("command", SLASH_COMMANDS)
def test_every_manifest_command_is_handled(
    slack: SlackSender, standin: SlackStandIn, command: str
) -> None:
    response = slack.command(command, "")
    assert response.status_code == 200
    if response.content:
        assert response.json()["response_type"] == "ephemeral"
    else:  # answered with a modal, which only the person sees
        (call,) = standin.wait_for("views.open")
        assert_valid_call(call.method, call.params)
    assert standin.calls("chat.postMessage") == []


@pytest.mark.parametrize("callback_id", sorted(SHORTCUTS))
def test_every_manifest_shortcut_is_handled(
    slack: SlackSender, standin: SlackStandIn, callback_id: str
) -> None:
    if SHORTCUTS[callback_id] == "global":
        payload = global_shortcut(callback_id, user_id="U0MEMBER1", team_id="T0KINDRED")
    else:
        message = {"type": "message", "user": "U0OTHER", "ts": "1700000000.000100", "text": "hi"}
        payload = message_shortcut(
            callback_id,
            user_id="U0MEMBER1",
            team_id="T0KINDRED",
            channel_id="C0GENERAL",
            message=message,
        )
    assert slack.interaction(payload).status_code == 200
    (call,) = standin.wait_for("views.open")
    assert call.params["trigger_id"] == payload["trigger_id"]
    assert_valid_call(call.method, call.params)


def test_app_home_is_published_with_valid_blocks(slack: SlackSender, standin: SlackStandIn) -> None:
    event = {"type": "app_home_opened", "user": "U0MEMBER1", "channel": "D0HOME", "tab": "home"}
    assert slack.event(event).status_code == 200
    (call,) = standin.wait_for("views.publish")
    assert call.params["user_id"] == "U0MEMBER1"
    assert_valid_call(call.method, call.params)
    assert "Who can see what" in json.dumps(call.params["view"])


def test_url_verification_challenge(slack: SlackSender) -> None:
    response = slack.url_verification("challenge-token-123")
    assert response.status_code == 200
    assert "challenge-token-123" in response.text


def test_unknown_action_is_acknowledged_quietly(slack: SlackSender) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": "T0KINDRED", "domain": "kindred"},
        "user": {"id": "U0MEMBER1", "team_id": "T0KINDRED"},
        "api_app_id": "A0KINDRED",
        "trigger_id": "1337.42",
        "actions": [{"action_id": "from_an_older_version", "block_id": "b", "type": "button"}],
    }
    assert slack.interaction(payload).status_code == 200


def test_bad_signatures_get_401_and_cause_no_slack_call(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    body = b"command=%2Fcheckin&text=5&user_id=U0MEMBER1&team_id=T0KINDRED&trigger_id=1.2"
    form = "application/x-www-form-urlencoded"
    now = int(time.time())
    unsigned = httpx.post(
        f"{slack.base_url}/slack/events", content=body, headers={"Content-Type": form}
    )
    wrong_secret = slack.post(body, form, sign_with="not-the-secret")
    garbage_signature = slack.post(body, form, signature="v0=deadbeef")
    replayed = slack.post(body, form, timestamp=now - 6 * 60)
    from_the_future = slack.post(body, form, timestamp=now + 6 * 60)
    for response in (unsigned, wrong_secret, garbage_signature, replayed, from_the_future):
        assert response.status_code == 401
    time.sleep(0.3)  # anything the server might have started would have called Slack by now
    assert standin.calls() == []


def test_oversized_body_is_refused(slack: SlackSender, standin: SlackStandIn) -> None:
    body = b"text=" + b"a" * 1_100_000
    response = slack.post(body, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert standin.calls() == []


def test_sigterm_stops_the_server_cleanly(server_env: dict[str, str], tmp_path: Path) -> None:
    # The real process: uvicorn finishes in-flight requests and the lifespan shutdown, then
    # exits by the signal.
    server = KindredServer(server_env, tmp_path).start()
    assert server.stop() in (0, -signal.SIGTERM)
    logs = server.logs()
    assert "Waiting for application shutdown" in logs
    assert "Application shutdown complete" in logs
    assert "Traceback" not in logs

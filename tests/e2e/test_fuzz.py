"""Thousands of malformed or random signed requests: never a 5xx, never a dead server."""

from __future__ import annotations

import json
import string
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import sign
from tests.conftest import SIGNING_SECRET

EXAMPLES = 2000

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
def db_url(tmp_path) -> str:
    """SQLite only: the property is about HTTP and Bolt, and 2,000 requests take a while."""
    return f"sqlite:///{tmp_path / 'kindred.db'}"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {"KINDRED_TICK_SECONDS": "0", "KINDRED_LOG_LEVEL": "WARNING"}


def test_random_signed_requests_never_break_the_server(server: KindredServer) -> None:
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=server.url, timeout=10) as client:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(request_bodies())
        def send(request: tuple[bytes, str]) -> None:
            body, content_type = request
            now = int(time.time())
            response = client.post(
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

        send()
        assert sum(statuses.values()) >= EXAMPLES
        assert client.get("/healthz").status_code == 200
    assert server.process is not None and server.process.poll() is None
    logs = server.logs()
    assert "Exception in ASGI application" not in logs
    assert "Task exception was never retrieved" not in logs

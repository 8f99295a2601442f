"""A distributed app outside the Slack Marketplace: history reads at 1 a minute, 15 a page."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import SlackSender, message_shortcut
from bot.sandbox.standin import SlackStandIn
from tests.e2e.test_grid import CLIENT_ID, CLIENT_SECRET, install
from tests.e2e.test_read_the_room import final_view

TEAM = "T0KINDRED"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    env = dict(server_env)
    del env["SLACK_BOT_TOKEN"]
    return env | {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}


def workspace_access(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "app_id": "A0KINDRED",
        "authed_user": {"id": "U0ADMIN"},
        "scope": "commands,chat:write,channels:history",
        "token_type": "bot",
        "access_token": "xoxb-distributed",
        "bot_user_id": "U0KINDREDBOT",
        "team": {"id": TEAM, "name": "Kindred Test"},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def test_read_the_room_says_how_much_it_read_under_the_non_marketplace_limit(
    server: KindredServer, standin: SlackStandIn, slack: SlackSender
) -> None:
    install(server, standin, workspace_access)
    standin.slack_tiers(distributed=True)
    parent = standin.add_message("C0GENERAL", "How is the migration going?", "U0ANA")
    for i in range(39):
        standin.add_message("C0GENERAL", f"step {i} done", "U0BEN", thread_ts=parent)
    message = {"user": "U0ANA", "ts": parent, "thread_ts": parent, "text": "How is it going?"}
    shortcut = message_shortcut(
        "read_the_room", user_id="U0READER", channel_id="C0GENERAL", message=message
    )
    assert slack.interaction(shortcut).status_code == 200
    text = final_view(standin, timeout=10.0)
    (read,) = standin.calls("conversations.replies")  # one read: the next is a minute away
    assert read.params["limit"] == "15" and read.status == 200
    assert "Read the first 15 messages of this thread" in text
    assert "about once a minute" in text

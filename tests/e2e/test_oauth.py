"""Multi-workspace install: Slack's OAuth flow through the real server and the stand-in."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from bot.sandbox.signing import SlackSender
from bot.sandbox.standin import SlackStandIn

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "client-secret-for-tests"
INSTALLED_TOKEN = "xoxb-installed-by-oauth"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    env = dict(server_env)
    del env["SLACK_BOT_TOKEN"]
    return env | {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}


def oauth_access(params: dict[str, Any]) -> dict[str, Any]:
    assert params.get("code") == "code-from-slack"
    return {
        "ok": True,
        "app_id": "A0KINDRED",
        "authed_user": {"id": "U0ADMIN"},
        "scope": "commands,chat:write",
        "token_type": "bot",
        "access_token": INSTALLED_TOKEN,
        "bot_user_id": "U0KINDREDBOT",
        "team": {"id": "T0NEWTEAM", "name": "New Team"},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def test_install_flow_stores_the_workspace_token_and_uses_it(
    server, standin: SlackStandIn, slack: SlackSender
) -> None:
    standin.set_handler("oauth.v2.access", oauth_access)
    with httpx.Client(base_url=server.url, timeout=10) as browser:
        install = browser.get("/slack/install")
        assert install.status_code == 200
        link = re.search(r'href="([^"]+/oauth/v2/authorize\?[^"]+)"', install.text)
        assert link, install.text
        authorize = urlparse(link.group(1).replace("&amp;", "&"))
        assert f"{authorize.scheme}://{authorize.netloc}/" == standin.url.removesuffix("api/")
        query = parse_qs(authorize.query)
        assert query["client_id"] == [CLIENT_ID]
        assert "commands" in query["scope"][0].split(",")

        # Bolt's state cookie is Secure (https only); a browser on https would send it back.
        state_cookie = install.headers["set-cookie"].split(";")[0]
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": "code-from-slack", "state": query["state"][0]},
            headers={"Cookie": state_cookie},
        )
    assert done.status_code == 200, done.text
    (access,) = standin.calls("oauth.v2.access")
    assert access.params["code"] == "code-from-slack"

    response = slack.command("/checkin", "help", team_id="T0NEWTEAM")
    assert response.status_code == 200
    assert "Checking in with Kindred" in response.json()["text"]


def test_redirect_with_a_forged_state_is_refused(server, standin: SlackStandIn) -> None:
    standin.set_handler("oauth.v2.access", oauth_access)
    response = httpx.get(
        f"{server.url}/slack/oauth_redirect",
        params={"code": "code-from-slack", "state": "forged"},
        timeout=10,
    )
    assert response.status_code == 400
    assert standin.calls("oauth.v2.access") == []


def test_request_from_a_workspace_that_never_installed_is_not_served(
    server, standin: SlackStandIn, slack: SlackSender
) -> None:
    response = slack.command("/checkin", "help", team_id="T0STRANGER")
    assert response.status_code == 200
    assert "Checking in with Kindred" not in response.text
    assert standin.calls("auth.test") == []

"""Enterprise Grid: an org-wide install through OAuth, then Slack's real Grid payload shapes.

Shapes follow Slack's org-wide installs (as in slackapi/bolt-python's own tests): interactions
carry `enterprise` and `is_enterprise_install: true`, and `team` may be null (the workspace is
then only in `user.team_id`); events carry `team_id` and `enterprise_id`, with
`authorizations[0].team_id` null; user IDs start with W.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.deliveries import delivery_kinds
from bot.deliveries.cycle import run_cycle
from bot.runtime import build_runtime
from bot.sandbox.server import KindredServer
from bot.sandbox.signing import (
    SlackSender,
    block_action,
    global_shortcut,
    plain_text_value,
    radio_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn
from bot.slack.blocks import CHECKIN_CALLBACK, HOME_TOGGLE_ACTION, MOOD_BLOCK, NOTE_BLOCK
from bot.slack.sender import Sender
from bot.store.models import CheckIn, Delivery, Member, Workspace
from tests.conftest import SECRET_KEY, SIGNING_SECRET

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "client-secret-for-tests"
ORG_TOKEN = "xoxb-org-wide-install"
ORG = "E0GRIDORG"
TEAM = "T0GRIDWS1"
ADA = "W0GRIDADA"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    env = dict(server_env)
    del env["SLACK_BOT_TOKEN"]
    return env | {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "KINDRED_TICK_SECONDS": "0",
    }


def org_wide_access(params: dict[str, Any]) -> dict[str, Any]:
    """oauth.v2.access for an org-wide install: no team, the enterprise, W… ids."""
    return {
        "ok": True,
        "app_id": "A0KINDRED",
        "authed_user": {"id": "W0ADMIN"},
        "scope": "commands,chat:write,users:read",
        "token_type": "bot",
        "access_token": ORG_TOKEN,
        "bot_user_id": "W0KINDREDBOT",
        "team": None,
        "enterprise": {"id": ORG, "name": "Grid Org"},
        "is_enterprise_install": True,
    }


def install_org_wide(server: KindredServer, standin: SlackStandIn) -> None:
    install(server, standin, org_wide_access)


def install(server: KindredServer, standin: SlackStandIn, access: Any) -> None:
    """Slack's install flow through the server, with `access` answering oauth.v2.access."""
    standin.set_handler("oauth.v2.access", access)
    with httpx.Client(base_url=server.url, timeout=10) as browser:
        install = browser.get("/slack/install")
        link = re.search(r'href="([^"]+/oauth/v2/authorize\?[^"]+)"', install.text)
        assert link, install.text
        query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": "code-from-slack", "state": query["state"][0]},
            headers={"Cookie": install.headers["set-cookie"].split(";")[0]},
        )
    assert done.status_code == 200, done.text


def org_wide(payload: dict[str, Any], *, team_null: bool) -> dict[str, Any]:
    """An interaction payload as an org-wide install receives it."""
    payload = dict(payload)
    payload["enterprise"] = {"id": ORG, "name": "Grid Org"}
    payload["is_enterprise_install"] = True
    if team_null:
        payload["team"] = None
    else:
        payload["team"] = {**payload["team"], "enterprise_id": ORG, "enterprise_name": "Grid Org"}
    return payload


def grid_event(slack: SlackSender, event: dict[str, Any]) -> httpx.Response:
    """An Events API callback for an org-wide install (authorizations[0].team_id is null)."""
    envelope = {
        "token": "verification-token",
        "team_id": TEAM,
        "enterprise_id": ORG,
        "context_team_id": TEAM,
        "context_enterprise_id": ORG,
        "api_app_id": "A0KINDRED",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{time.time_ns()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": ORG,
                "team_id": None,
                "user_id": "W0KINDREDBOT",
                "is_bot": True,
                "is_enterprise_install": True,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return slack.post(json.dumps(envelope).encode(), "application/json")


def test_org_wide_install_serves_every_surface_and_sends_reminders(
    server: KindredServer,
    standin: SlackStandIn,
    slack: SlackSender,
    database: Engine,
    db_url: str,
    tmp_path: Path,
) -> None:
    standin.add_user(ADA, tz="UTC")
    install_org_wide(server, standin)

    # An org admin grants the install to a workspace: Kindred learns its org from the event.
    granted = {"type": "team_access_granted", "team_ids": [TEAM], "event_ts": "1606805974.1"}
    envelope = {
        "token": "verification-token",
        "enterprise_id": ORG,
        "api_app_id": "A0KINDRED",
        "event": granted,
        "type": "event_callback",
        "event_id": "Ev0GRANTED",
        "event_time": int(time.time()),
    }
    assert slack.post(json.dumps(envelope).encode(), "application/json").status_code == 200

    # Slash command: team_id plus the org fields.
    command = slack.command(
        "/checkin",
        "4 a good week",
        user_id=ADA,
        team_id=TEAM,
        enterprise_id=ORG,
        enterprise_name="Grid Org",
        is_enterprise_install="true",
    )
    assert command.status_code == 200, command.text

    # A modal submission whose `team` is null: the workspace comes from user.team_id.
    submission = org_wide(
        view_submission(
            CHECKIN_CALLBACK,
            {
                MOOD_BLOCK: {MOOD_BLOCK: radio_value("3")},
                NOTE_BLOCK: {NOTE_BLOCK: plain_text_value("tired")},
            },
            user_id=ADA,
            team_id=TEAM,
        ),
        team_null=True,
    )
    assert slack.interaction(submission).status_code == 200

    # A Home button with `team` null, then the Home tab itself from an org-wide event.
    toggle = org_wide(
        block_action(
            HOME_TOGGLE_ACTION, "off", user_id=ADA, team_id=TEAM, view={"id": "V1", "type": "home"}
        ),
        team_null=True,
    )
    assert slack.interaction(toggle).status_code == 200
    home = grid_event(slack, {"type": "app_home_opened", "user": ADA, "tab": "home"})
    assert home.status_code == 200
    standin.wait_for("views.publish", count=2, timeout=10)

    # A global shortcut whose team carries the org.
    shortcut = org_wide(
        global_shortcut("share_anonymously", user_id=ADA, team_id=TEAM), team_null=False
    )
    assert slack.interaction(shortcut).status_code == 200
    standin.wait_for("views.open", timeout=10)

    with Session(database) as session:
        saved = session.scalars(select(CheckIn).where(CheckIn.user_id == ADA)).all()
        assert [c.team_id for c in saved] == [TEAM, TEAM]
        assert session.get(Workspace, TEAM).enterprise_id == ORG  # type: ignore[union-attr]
        member = session.scalar(select(Member).where(Member.user_id == ADA))
        assert member is not None and member.reminders_enabled is False
        member.reminders_enabled = True
        session.commit()
    for call in standin.calls():
        if call.method not in {"oauth.v2.access", "response_url"}:  # these carry no token
            assert call.headers.get("authorization") == f"Bearer {ORG_TOKEN}", call.method

    # A scheduled reminder, sent by a sender that knows the workspace only by its id.
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=standin.url,
        DATABASE_URL=db_url,
        KINDRED_SECRET_KEY=SECRET_KEY,
    )
    next_friday = datetime.now(UTC).date() + timedelta(
        days=(4 - datetime.now(UTC).weekday()) % 7 + 7
    )
    at = datetime.combine(next_friday, datetime.min.time(), UTC).replace(hour=15, minute=5)
    standin.clear()

    async def cycle() -> None:
        runtime = build_runtime(settings)
        kinds = delivery_kinds()
        try:
            await run_cycle(runtime, kinds, Sender(runtime, kinds), at)
        finally:
            await runtime.db.dispose()

    import asyncio

    asyncio.run(cycle())
    (post,) = standin.calls("chat.postMessage")
    assert post.params["channel"] == ADA
    assert post.headers.get("authorization") == f"Bearer {ORG_TOKEN}"
    with Session(database) as session:
        (row,) = session.scalars(select(Delivery)).all()
        assert (row.team_id, row.status) == (TEAM, "sent")

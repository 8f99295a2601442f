"""Slack's user_change and team_join events keep the workspace directory fresh."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.sandbox.signing import SlackSender
from bot.sandbox.standin import SlackStandIn
from bot.store.models import DirectoryEntry

TEAM = "T0KINDRED"


def wait_for_entry(database: Engine, user_id: str, check: Any) -> DirectoryEntry:
    """The directory entry of `user_id` once `check(entry)` holds (events are handled after ack)."""
    deadline = time.monotonic() + 10
    while True:
        with Session(database) as session:
            entry = session.scalar(select(DirectoryEntry).where(DirectoryEntry.user_id == user_id))
            if entry is not None and check(entry):
                return entry
        assert time.monotonic() < deadline, f"directory never caught up for {user_id}"
        time.sleep(0.05)


def test_joining_changing_status_and_leaving_reach_the_directory(
    server, standin: SlackStandIn, slack: SlackSender, database: Engine
) -> None:
    user = standin.add_user("U0NEWBIE", tz="Asia/Tokyo", email="newbie@example.com")
    assert slack.event({"type": "team_join", "user": user}).status_code == 200
    joined = wait_for_entry(database, "U0NEWBIE", lambda e: True)
    assert (joined.tz, joined.away, joined.deleted) == ("Asia/Tokyo", False, False)

    user["profile"].update(status_text="On holiday", status_emoji=":palm_tree:")
    user["tz"] = "Europe/Lisbon"
    assert slack.event({"type": "user_change", "user": user}).status_code == 200
    changed = wait_for_entry(database, "U0NEWBIE", lambda e: e.away)
    assert changed.tz == "Europe/Lisbon"

    user["deleted"] = True
    assert slack.event({"type": "user_change", "user": user}).status_code == 200
    wait_for_entry(database, "U0NEWBIE", lambda e: e.deleted)
    assert standin.calls("users.info") == []  # the events said it all

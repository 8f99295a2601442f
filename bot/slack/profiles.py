"""What Slack says about people: time zone, whether they are away, deactivated or a bot."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.services.directory import Profile

# Slack recommends pages of 200 or fewer people for users.list.
USERS_PAGE = 200

# Status words and emoji people use for being away; Kindred does not nudge them then.
AWAY_WORDS = re.compile(
    r"\b(vacation|vacay|holidays?|ooo|out of (the )?office|off sick|sick|ill|pto|"
    r"annual leave|parental leave|maternity|paternity|on leave|leave|away|travell?ing|"
    r"day off|off today|off work)\b",
    re.IGNORECASE,
)
AWAY_EMOJI = frozenset(
    {
        ":palm_tree:",
        ":desert_island:",
        ":beach_with_umbrella:",
        ":airplane:",
        ":face_with_thermometer:",
        ":sick:",
        ":thermometer:",
        ":baby:",
        ":luggage:",
        ":sun_with_face:",
    }
)


def status_says_away(status_text: str, status_emoji: str) -> bool:
    """True when a Slack status reads like vacation, OOO, sick leave and the like."""
    return bool(AWAY_WORDS.search(status_text or "")) or status_emoji in AWAY_EMOJI


def profile_from_user(user: dict[str, Any]) -> Profile:
    """A Profile from a Slack `user` object (users.info, users.list, user_change, team_join)."""
    status = user.get("profile") or {}
    expires = int(status.get("status_expiration") or 0)
    return Profile(
        user_id=str(user.get("id", "")),
        tz=user.get("tz") or None,
        away=status_says_away(status.get("status_text", ""), status.get("status_emoji", "")),
        away_until=datetime.fromtimestamp(expires, UTC) if expires > 0 else None,
        deleted=bool(user.get("deleted")),
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        name=str(status.get("display_name") or status.get("real_name") or user.get("name") or ""),
    )


def email_of(user: dict[str, Any]) -> str | None:
    """The lower-cased email of a Slack `user` object (for an import only; never stored)."""
    email = (user.get("profile") or {}).get("email")
    return str(email).strip().lower() if email else None


async def fetch_profile(client: AsyncWebClient, user_id: str) -> Profile:
    """Ask Slack (users.info) about one person: only for someone the directory lacks."""
    response = await client.users_info(user=user_id)
    return profile_from_user(response["user"])


async def list_users(client: AsyncWebClient) -> AsyncIterator[list[dict[str, Any]]]:
    """Every member of the workspace, a page of USERS_PAGE at a time (users.list, Tier 2)."""
    cursor: str | None = None
    while True:
        page = await client.users_list(limit=USERS_PAGE, cursor=cursor)
        yield list(page.get("members") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return

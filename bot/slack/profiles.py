"""What Slack's users.info says about a person: time zone, and whether they are away."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

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


@dataclass(frozen=True)
class Profile:
    """The parts of a Slack user Kindred uses for scheduling."""

    user_id: str
    tz: str | None
    away: bool
    reachable: bool
    name: str = ""  # how Slack shows them (display name, else real name), for plain text


def status_says_away(status_text: str, status_emoji: str) -> bool:
    """True when a Slack status reads like vacation, OOO, sick leave and the like."""
    return bool(AWAY_WORDS.search(status_text or "")) or status_emoji in AWAY_EMOJI


def profile_from_user(user: dict[str, Any]) -> Profile:
    """A Profile from the `user` object of users.info."""
    status = user.get("profile") or {}
    return Profile(
        user_id=str(user.get("id", "")),
        tz=user.get("tz") or None,
        away=status_says_away(status.get("status_text", ""), status.get("status_emoji", "")),
        reachable=not (user.get("deleted") or user.get("is_bot")),
        name=str(status.get("display_name") or status.get("real_name") or user.get("name") or ""),
    )


async def fetch_profile(client: AsyncWebClient, user_id: str) -> Profile:
    """Ask Slack (users.info) for `user_id`'s time zone and status."""
    response = await client.users_info(user=user_id)
    return profile_from_user(response["user"])

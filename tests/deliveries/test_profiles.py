"""Time zones and away statuses from users.info, refreshed a bounded number per cycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.deliveries.cycle import refresh_profiles
from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services.members import PROFILE_MAX_AGE, ensure_member
from bot.slack.profiles import fetch_profile, status_says_away
from bot.store.models import Member


@pytest.mark.parametrize(
    ("text", "emoji", "away"),
    [
        ("Vacationing", ":palm_tree:", True),
        ("On vacation until Monday", "", True),
        ("OOO", "", True),
        ("Out of office", "", True),
        ("Off sick", "", True),
        ("", ":face_with_thermometer:", True),
        ("parental leave", ":baby:", True),
        ("In a meeting", ":calendar:", False),
        ("Focusing", "", False),
        ("", "", False),
        ("Looking at the oomph metrics", "", False),
    ],
)
def test_status_says_away(text: str, emoji: str, away: bool) -> None:
    assert status_says_away(text, emoji) is away


async def test_fetch_profile_reads_time_zone_and_status(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_user("U1", tz="Asia/Tokyo", status_text="OOO until the 4th", status_emoji="")
    standin.add_user("U2", tz="Europe/Berlin")
    client = await runtime.clients.for_team("T0KINDRED")
    tokyo = await fetch_profile(client, "U1")
    berlin = await fetch_profile(client, "U2")
    assert (tokyo.tz, tokyo.away, tokyo.reachable) == ("Asia/Tokyo", True, True)
    assert (berlin.tz, berlin.away) == ("Europe/Berlin", False)


async def test_refresh_reads_new_and_stale_members_only(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_user("U1", tz="America/Los_Angeles")
    standin.add_user("U2", tz="Europe/Berlin")
    standin.add_user("U3", tz="Asia/Tokyo")
    now = datetime.now(UTC)
    async with runtime.db.session() as session:
        for user in ("U1", "U2", "U3"):
            await ensure_member(session, "T0KINDRED", user)
        fresh = await ensure_member(session, "T0KINDRED", "U3")
        fresh.tz, fresh.tz_checked_at = "Europe/Lisbon", now - timedelta(days=1)
    assert await refresh_profiles(runtime) == 2
    assert sorted(c.params["user"] for c in standin.calls("users.info")) == ["U1", "U2"]
    async with runtime.db.session() as session:
        zones = {m.user_id: m.tz for m in await session.scalars(select(Member))}
    assert zones == {"U1": "America/Los_Angeles", "U2": "Europe/Berlin", "U3": "Europe/Lisbon"}
    # Nothing is stale now: the next cycle asks Slack nothing.
    standin.clear()
    assert await refresh_profiles(runtime) == 0
    assert standin.calls("users.info") == []


async def test_refresh_is_bounded_and_survives_unknown_users(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    async with runtime.db.session() as session:
        for i in range(5):
            await ensure_member(session, "T0KINDRED", f"UGONE{i}")
    assert await refresh_profiles(runtime, limit=3) == 3
    assert await refresh_profiles(runtime, limit=3) == 2
    async with runtime.db.session() as session:
        members = list(await session.scalars(select(Member)))
    assert all(m.tz == "UTC" and m.tz_checked_at is not None for m in members)
    assert all(datetime.now(UTC) - m.tz_checked_at < PROFILE_MAX_AGE for m in members)

"""The directory: time zones and away statuses read in bulk (users.list), users.info for one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import directory
from bot.services.directory import Profile
from bot.services.members import ensure_member
from bot.slack.directory import people, read_directory, refresh_directories
from bot.slack.profiles import fetch_profile, status_says_away
from bot.store.models import DirectoryEntry, Member

TEAM = "T0KINDRED"


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


async def test_the_directory_is_read_in_pages_of_200_and_keeps_no_email(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    for i in range(450):
        standin.add_user(f"U{i:04d}", email=f"p{i}@example.com", tz="America/Los_Angeles")
    standin.set_status("U0001", "On vacation", ":palm_tree:", expiration=2_000_000_000)
    async with runtime.db.session() as session:
        await ensure_member(session, TEAM, "U0002")
    emails = await read_directory(runtime, TEAM)
    assert [c.params["limit"] for c in standin.calls("users.list")] == ["200"] * 3
    assert emails["p7@example.com"].user_id == "U0007"
    async with runtime.db.session() as session:
        entries = list(await session.scalars(select(DirectoryEntry)))
        member = await session.scalar(select(Member).where(Member.user_id == "U0002"))
        assert await directory.synced_at(session, TEAM) is not None
    assert len(entries) == 451  # and Kindred's own bot user
    assert member is not None and member.tz == "America/Los_Angeles"
    away = next(e for e in entries if e.user_id == "U0001")
    assert away.away and away.away_until == datetime.fromtimestamp(2_000_000_000, UTC)
    stored = {str(getattr(e, column.key)) for e in entries for column in DirectoryEntry.__table__.c}
    assert not any("@" in value for value in stored)


async def test_a_status_that_has_expired_is_not_away(runtime: Runtime) -> None:
    now = datetime.now(UTC)
    back_yesterday = Profile("U1", "UTC", away=True, away_until=now - timedelta(days=1))
    back_tomorrow = Profile("U1", "UTC", away=True, away_until=now + timedelta(days=1))
    assert not back_yesterday.away_at(now)
    assert back_tomorrow.away_at(now)
    assert Profile("U1", "UTC", away=True).away_at(now)


async def test_directories_are_read_daily_and_shortly_before_a_slot(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_user("U1", tz="Asia/Tokyo")
    now = datetime.now(UTC)
    async with runtime.db.session() as session:
        await ensure_member(session, TEAM, "U1")
    asked: list[str] = []

    def due(teams: set[str]) -> Callable[[], Awaitable[set[str]]]:
        async def slot_soon() -> set[str]:
            asked.append("?")
            return teams

        return slot_soon

    assert await refresh_directories(runtime, now, due(set())) == 1  # first use
    assert await refresh_directories(runtime, now + timedelta(minutes=30), due({TEAM})) == 0
    assert asked == []  # fresh: nobody's slot needed working out
    assert await refresh_directories(runtime, now + timedelta(hours=2), due(set())) == 0
    assert await refresh_directories(runtime, now + timedelta(hours=2), due({TEAM})) == 1  # slot
    assert await refresh_directories(runtime, now + timedelta(days=1, hours=3), due(set())) == 1
    assert len(standin.calls("users.list")) == 3


async def test_people_asks_slack_only_about_someone_the_directory_lacks(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_user("U1", tz="Asia/Tokyo")
    await read_directory(runtime, TEAM)
    standin.add_user("U2", tz="Europe/Berlin")  # joined since (no team_join seen)
    client = await runtime.clients.for_team(TEAM)
    found = await people(runtime, client, TEAM, ["U1", "U2", "UGONE"])
    assert {k: p.tz for k, p in found.items()} == {"U1": "Asia/Tokyo", "U2": "Europe/Berlin"}
    assert sorted(c.params["user"] for c in standin.calls("users.info")) == ["U2", "UGONE"]
    standin.clear()
    await people(runtime, client, TEAM, ["U1", "U2"])
    assert standin.calls("users.info") == []  # U2 is in the directory now

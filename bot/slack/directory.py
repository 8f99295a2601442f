"""The workspace directory, from Slack: read in bulk with users.list, asked about one person only
when the directory lacks them (users.info). See bot/services/directory.py for what is kept."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from bot.services import directory
from bot.services.directory import Profile
from bot.services.schedule import utcnow
from bot.services.teams import Person
from bot.slack.profiles import email_of, fetch_profile, list_users, profile_from_user

logger = logging.getLogger(__name__)

# Slack answers these for someone who cannot be asked about (left, or not visible to Kindred).
GONE_ERRORS = frozenset({"user_not_found", "user_not_visible", "account_inactive"})
READ_FAILURES = (SlackApiError, LookupError, aiohttp.ClientError, TimeoutError)

Progress = Callable[[int], None]


async def read_directory(
    runtime: Runtime, team_id: str, *, progress: Progress | None = None
) -> dict[str, Person]:
    """Read the whole directory of `team_id` (users.list, 200 people a call) into the database.

    Returns everyone's email with who they are, for an import to resolve its rows; the caller
    keeps that map only while it runs (emails are never stored).
    """
    client = await runtime.clients.for_team(team_id)
    now = utcnow()
    emails: dict[str, Person] = {}
    async for users in list_users(client):
        profiles = []
        for user in users:
            if not user.get("id"):
                continue
            profile = profile_from_user(user)
            profiles.append(profile)
            email = email_of(user)
            if email:
                emails[email] = Person(profile.user_id, profile.tz, profile.reachable)
        async with runtime.db.session() as session:
            await directory.save(session, team_id, profiles, now)
        if progress is not None:
            progress(len(profiles))
    async with runtime.db.session() as session:
        await directory.mark_synced(session, team_id, now)
    logger.info("directory of a workspace read: %d people", len(emails))
    return emails


async def refresh_directories(
    runtime: Runtime, now: datetime, slot_soon: Callable[[], Awaitable[set[str]]]
) -> int:
    """Read again every directory that is a day old, or an hour old with a slot coming up.

    `slot_soon` names the workspaces where someone is due within SLOT_LEAD; it is only asked
    when some directory is old enough for it to matter (it reads every member). Returns how
    many directories were read.
    """
    async with runtime.db.session() as session:
        ages = {
            team: await directory.synced_at(session, team)
            for team in await directory.workspaces_with_members(session)
        }
    stale = [team for team, last in ages.items() if directory.is_stale(last, now, False)]
    maybe = [
        t for t, last in ages.items() if t not in stale and directory.is_stale(last, now, True)
    ]
    if maybe:
        soon = await slot_soon()
        stale += [team for team in maybe if team in soon]
    for team_id in stale:
        try:
            await read_directory(runtime, team_id)
        except READ_FAILURES as exc:
            # The directory Kindred has is still good enough; the next cycle tries again.
            logger.warning("could not read a workspace directory: %s", type(exc).__name__)
    return len(stale)


async def people(
    runtime: Runtime, client: AsyncWebClient, team_id: str, user_ids: Iterable[str]
) -> dict[str, Profile]:
    """What the directory says about these people; users.info only for one it lacks.

    Someone Slack no longer knows is left out of the answer.
    """
    wanted = list(dict.fromkeys(user_ids))
    async with runtime.db.session() as session:
        found = await directory.lookup(session, team_id, wanted)
    missing = [user_id for user_id in wanted if user_id not in found]
    fetched: list[Profile] = []
    for user_id in missing:
        try:
            fetched.append(await fetch_profile(client, user_id))
        except SlackApiError as exc:
            if exc.response.get("error") not in GONE_ERRORS:
                raise
    if fetched:
        async with runtime.db.session() as session:
            await directory.save(session, team_id, fetched, utcnow())
        found.update((p.user_id, p) for p in fetched)
    return found


async def person(
    runtime: Runtime, client: AsyncWebClient, team_id: str, user_id: str
) -> Profile | None:
    """What the directory says about one person (users.info if it lacks them), or None."""
    return (await people(runtime, client, team_id, [user_id])).get(user_id)

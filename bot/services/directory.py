"""The workspace directory: who is in Slack, their time zone, and whether they are away.

Read in bulk from Slack (users.list, a page of 200 people per call) once a day, on first use and
shortly before a slot, and kept fresh between reads by Slack's `user_change` and `team_join`
events, so a reminder or a nudge reads the database instead of asking Slack about each person.
No name and no email is stored here (an import uses emails only while it runs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.workspaces import ensure_workspaces
from bot.store.models import DirectoryEntry, Member, Workspace

# A directory older than this is read again, whatever else happens.
REFRESH_EVERY = timedelta(days=1)
# ...and one older than this is read again before anyone in the workspace is due.
FRESH_FOR_A_SLOT = timedelta(hours=1)
# How far ahead of a slot the read happens, so it does not delay the slot itself.
SLOT_LEAD = timedelta(minutes=15)
# Rows written per statement (well under SQLite's and PostgreSQL's parameter limits).
CHUNK = 200


@dataclass(frozen=True)
class Profile:
    """What Kindred keeps of one person in Slack's directory."""

    user_id: str
    tz: str | None
    away: bool
    away_until: datetime | None = None
    deleted: bool = False
    is_bot: bool = False
    # How Slack shows them, for plain text; read from Slack when needed, never stored here.
    name: str = ""

    @property
    def reachable(self) -> bool:
        """A person Kindred may write to (not deactivated, not a bot)."""
        return not (self.deleted or self.is_bot)

    def away_at(self, at: datetime) -> bool:
        """Whether their Slack status says they are away at `at` (it may expire before)."""
        return self.away and (self.away_until is None or at < self.away_until)


def _profile(entry: DirectoryEntry) -> Profile:
    return Profile(
        user_id=entry.user_id,
        tz=entry.tz,
        away=entry.away,
        away_until=entry.away_until,
        deleted=entry.deleted,
        is_bot=entry.is_bot,
    )


async def save(
    session: AsyncSession, team_id: str, profiles: Sequence[Profile], now: datetime
) -> None:
    """Insert or update these people, and carry their time zones over to Kindred's members."""
    if not profiles:
        return
    await ensure_workspaces(session, [team_id])
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for start in range(0, len(profiles), CHUNK):
        rows = [
            {
                "team_id": team_id,
                "user_id": p.user_id,
                "tz": p.tz,
                "away": p.away,
                "away_until": p.away_until,
                "deleted": p.deleted,
                "is_bot": p.is_bot,
                "updated_at": now,
            }
            for p in profiles[start : start + CHUNK]
        ]
        statement = insert(DirectoryEntry).values(rows)
        columns = ("tz", "away", "away_until", "deleted", "is_bot", "updated_at")
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["team_id", "user_id"],
                set_={column: statement.excluded[column] for column in columns},
            )
        )
    # One statement per time zone (a company has few), not one per person.
    by_zone: dict[str, list[str]] = defaultdict(list)
    for p in profiles:
        if p.tz:
            by_zone[p.tz].append(p.user_id)
    for tz, user_ids in by_zone.items():
        for start in range(0, len(user_ids), CHUNK):
            await session.execute(
                update(Member)
                .where(
                    Member.team_id == team_id, Member.user_id.in_(user_ids[start : start + CHUNK])
                )
                .values(tz=tz, tz_checked_at=now)
            )


async def mark_synced(session: AsyncSession, team_id: str, now: datetime) -> None:
    """Record that the whole directory of `team_id` was just read."""
    await ensure_workspaces(session, [team_id])
    await session.execute(
        update(Workspace).where(Workspace.team_id == team_id).values(directory_synced_at=now)
    )


async def synced_at(session: AsyncSession, team_id: str) -> datetime | None:
    """When the directory of `team_id` was last read in full (None: never)."""
    return await session.scalar(
        select(Workspace.directory_synced_at).where(Workspace.team_id == team_id)
    )


def is_stale(last: datetime | None, now: datetime, slot_soon: bool) -> bool:
    """Whether a directory read at `last` should be read again now."""
    if last is None or now - last >= REFRESH_EVERY:
        return True
    return slot_soon and now - last >= FRESH_FOR_A_SLOT


async def lookup(
    session: AsyncSession, team_id: str, user_ids: Iterable[str]
) -> dict[str, Profile]:
    """The directory entries of these people (those it has), by user ID."""
    wanted = sorted(set(user_ids))
    found: dict[str, Profile] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = await session.scalars(
            select(DirectoryEntry).where(
                DirectoryEntry.team_id == team_id,
                DirectoryEntry.user_id.in_(wanted[start : start + CHUNK]),
            )
        )
        found.update((row.user_id, _profile(row)) for row in rows)
    return found


async def workspaces_with_members(session: AsyncSession) -> list[str]:
    """Every workspace where someone uses Kindred (their directories are worth keeping)."""
    return list(await session.scalars(select(Member.team_id).distinct()))

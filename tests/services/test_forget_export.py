"""`/checkin export` lists everything `/checkin forget` deletes, and forget leaves nothing behind.

The person is put in every place Kindred can hold a user ID (their own rows, a report's manager
link, a nudge that suggested them to their manager, the pulses they were shown as a manager, a
team request, a report's check-in shared with them, the workspace directory); then every column
of every table is searched for their ID, before and after.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.runtime import Runtime
from bot.services import checkins
from bot.services.checkins import CheckinInput
from bot.services.members import ensure_member
from bot.services.outbox import Due, enqueue
from bot.store.models import (
    Base,
    DirectoryEntry,
    NudgeFeedback,
    PulseRelease,
    TeamRequest,
    WeeklyFocus,
)

TEAM = "T0TEAM"
ADA, BOSS, REPORT = "U0ADA0001", "U0BOSS002", "U0REPRT03"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def tables_naming(runtime: Runtime, user_id: str) -> set[str]:
    """Every table with a row holding `user_id` in any column."""
    found: set[str] = set()
    async with runtime.db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                if any(user_id in str(value) for value in row):
                    found.add(table.name)
    return found


async def test_export_covers_exactly_what_forget_deletes(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await checkins.record(
            session, TEAM, ADA, CheckinInput(3, "a note"), source="quick", now=NOW
        )
        (await ensure_member(session, TEAM, ADA)).manager_user_id = BOSS
        (await ensure_member(session, TEAM, REPORT)).manager_user_id = ADA
        await session.flush()
        await checkins.record(
            session,
            TEAM,
            REPORT,
            CheckinInput(2, "the report's own note"),
            source="modal",
            now=NOW,
            share_with_manager=True,
        )
        await enqueue(session, [Due(TEAM, ADA, "checkin_reminder", "2026-W48")], NOW)
        session.add_all(
            [
                NudgeFeedback(team_id=TEAM, manager_user_id=ADA, action="done", subject=REPORT),
                NudgeFeedback(team_id=TEAM, manager_user_id=BOSS, action="suggested", subject=ADA),
                WeeklyFocus(team_id=TEAM, user_id=ADA, week=NOW.date(), text="what matters"),
                PulseRelease(
                    team_id=TEAM,
                    manager_user_id=ADA,
                    period="2026-W47",
                    window_start=NOW,
                    as_of=NOW,
                    team_size=6,
                    cohort="digest",
                    form="hidden",
                ),
                TeamRequest(team_id=TEAM, user_id="U0OTHER04", manager_user_id=ADA),
                DirectoryEntry(team_id=TEAM, user_id=ADA, tz="Europe/Berlin"),
            ]
        )
    before = await tables_naming(runtime, ADA)
    assert before == {
        "checkins",
        "members",
        "deliveries",
        "nudge_feedback",
        "weekly_focus",
        "pulse_releases",
        "team_requests",
        "directory",
    }

    async with runtime.db.session() as session:
        data = await checkins.export(session, TEAM, ADA, NOW)
    listed = {checkins.EXPORT_SOURCES[part] for part, value in data.items() if value and (
        part in checkins.EXPORT_SOURCES)}  # fmt: skip
    assert listed == before
    assert set(checkins.FORGET_TABLES) >= before
    assert data["reports"] == [REPORT]
    assert [a["about"] for a in data["nudge_actions"]] == [REPORT]
    assert [a["action"] for a in data["suggested_to_your_manager"]] == ["suggested"]

    async with runtime.db.session() as session:
        await checkins.forget(session, TEAM, ADA, NOW)
    await runtime.db.erase(checkins.FORGET_TABLES)
    assert await tables_naming(runtime, ADA) == set()
    # The report's own rows stay (their check-in, no longer naming Ada), unlinked, and a note to
    # them waits in the outbox.
    assert await tables_naming(runtime, REPORT) == {"members", "deliveries", "checkins"}
    assert await tables_naming(runtime, BOSS) == set()  # Boss's only row named Ada

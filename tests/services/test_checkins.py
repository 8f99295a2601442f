"""Check-ins as a service: parsing, storing, privacy, weeks, streaks, export and forget."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.runtime import Runtime
from bot.services import checkins, releases
from bot.services.checkins import CheckinInput, CheckinInputError, PauseInputError
from bot.services.members import ensure_member
from bot.services.outbox import Due, enqueue
from bot.store.models import CheckIn, Delivery, Member, NudgeFeedback, PulseRelease, TeamRequest

TEAM = "T0KINDRED"
ADA, GRACE = "U0ADA", "U0GRACE"
# Monday 23 November 2026 (ISO week 2026-W48), noon UTC.
MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


# ---------------------------------------------------------------------- the quick form


@pytest.mark.parametrize(
    ("text", "mood", "note"),
    [
        ("4 tired but ok", 4, "tired but ok"),
        ("4", 4, None),
        ("  3  ", 3, None),
        ("5/5 great week", 5, "great week"),
        ("2, long week", 2, "long week"),
        ("1 - rough", 1, "rough"),
        ("+4 fine", 4, "fine"),
        ("4 two\nlines\tand a tab", 4, "two\nlines\tand a tab"),
        ("3 <!channel> & <@U0GRACE>", 3, "<!channel> & <@U0GRACE>"),
        ("4 " + "x" * checkins.NOTE_LIMIT, 4, "x" * checkins.NOTE_LIMIT),
        ("4 😴 tired 👩‍👩‍👧", 4, "😴 tired 👩‍👩‍👧"),  # emoji joiners are not control characters
    ],
)
def test_quick_form_accepts(text: str, mood: int, note: str | None) -> None:
    assert checkins.parse_quick(text) == CheckinInput(mood, note)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("11", checkins.MOOD_RANGE),
        ("-3", checkins.MOOD_RANGE),
        ("0 zero", checkins.MOOD_RANGE),
        ("6", checkins.MOOD_RANGE),
        ("99999999999999999999", checkins.MOOD_RANGE),
        ("3.5", checkins.MOOD_WHOLE),
        ("3,5 ok", checkins.MOOD_WHOLE),
        ("happy", checkins.UNPARSABLE),
        ("4tired", checkins.UNPARSABLE),
        ("four", checkins.UNPARSABLE),
        ("4 " + "x" * 5000, checkins.NOTE_TOO_LONG),
        ("4 " + "x" * (checkins.NOTE_LIMIT + 1), checkins.NOTE_TOO_LONG),
        ("4 bell\x07here", checkins.CONTROL_CHARACTERS),
        ("4 null\x00byte", checkins.CONTROL_CHARACTERS),
        ("4 escape\x1b[31mred", checkins.CONTROL_CHARACTERS),
    ],
)
def test_quick_form_refuses(text: str, problem: str) -> None:
    with pytest.raises(CheckinInputError) as caught:
        checkins.parse_quick(text)
    assert caught.value.problem == problem


def test_modal_fields_are_validated_the_same_way() -> None:
    assert checkins.checkin_input("4", "  \r\n hello\r\nthere  ") == CheckinInput(4, "hello\nthere")
    assert checkins.checkin_input("2", "   ") == CheckinInput(2, None)
    for mood, problem in [(None, "mood_missing"), ("", "mood_missing"), ("9", "mood_range")]:
        with pytest.raises(CheckinInputError, match=problem):
            checkins.checkin_input(mood, None)
    with pytest.raises(CheckinInputError, match="note_too_long"):
        checkins.checkin_input("3", "y" * 3001)


# ---------------------------------------------------------------------- pause


@pytest.mark.parametrize(
    ("args", "resume_on"),
    [
        ("2w", date(2026, 12, 7)),
        ("2 weeks", date(2026, 12, 7)),
        ("1 week", date(2026, 11, 30)),
        ("10d", date(2026, 12, 3)),
        ("3 days", date(2026, 11, 26)),
        ("until 2027-01-04", date(2027, 1, 4)),
        ("UNTIL  2027-01-04", date(2027, 1, 4)),
        ("2027-01-04", date(2027, 1, 4)),
    ],
)
def test_pause_lengths_and_dates(args: str, resume_on: date) -> None:
    assert checkins.parse_pause(args, date(2026, 11, 23)) == resume_on


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("", checkins.PAUSE_MISSING),
        ("0d", checkins.PAUSE_PAST),
        ("until 2026-11-23", checkins.PAUSE_PAST),
        ("until 2020-01-01", checkins.PAUSE_PAST),
        ("60w", checkins.PAUSE_TOO_LONG),
        ("until 2030-01-01", checkins.PAUSE_TOO_LONG),
        ("until 2027-02-30", checkins.PAUSE_UNPARSABLE),
        ("for a while", checkins.PAUSE_UNPARSABLE),
        ("2 fortnights", checkins.PAUSE_UNPARSABLE),
    ],
)
def test_pause_refuses(args: str, problem: str) -> None:
    with pytest.raises(PauseInputError) as caught:
        checkins.parse_pause(args, date(2026, 11, 23))
    assert caught.value.problem == problem


# ---------------------------------------------------------------------- weeks and trends


def test_sparkline_and_streak() -> None:
    assert checkins.sparkline([1, 2, 3, 4, 5, None, 3.6]) == "▁▂▄▆█·▆"
    monday = date(2026, 11, 23)
    weeks = {monday - timedelta(days=7 * n) for n in (1, 2, 3, 5)}
    assert checkins.streak_of(weeks, monday) == 3  # this week not yet: the streak holds
    assert checkins.streak_of(weeks | {monday}, monday) == 4
    assert checkins.streak_of({monday - timedelta(days=14)}, monday) == 0


def test_weeks_are_local() -> None:
    # Sunday 22:30 UTC is already Monday morning in Auckland.
    late_sunday = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert checkins.week_start(late_sunday, "UTC") == date(2026, 11, 16)
    assert checkins.week_start(late_sunday, "Pacific/Auckland") == date(2026, 11, 23)
    start, end = checkins.week_bounds(date(2026, 11, 23), "Pacific/Auckland")
    assert (start, end) == (
        datetime(2026, 11, 22, 11, 0, tzinfo=UTC),
        datetime(2026, 11, 29, 11, 0, tzinfo=UTC),
    )
    assert checkins.period_monday("2026-W48") == date(2026, 11, 23)
    assert checkins.period_monday("2027-W01") == date(2027, 1, 4)


# ---------------------------------------------------------------------- storage and privacy


async def test_history_is_only_ever_the_askers_own(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        for n, (user, note) in enumerate(
            [(ADA, "ada's garden"), (GRACE, "grace's secret"), (ADA, "ada again")]
        ):
            await checkins.record(
                session,
                TEAM,
                user,
                CheckinInput(3 + n % 2, note),
                source=checkins.SOURCE_QUICK,
                now=MONDAY + timedelta(minutes=n),
            )
        await checkins.record(
            session, "T0OTHER", ADA, CheckinInput(1, "other workspace"), source="quick", now=MONDAY
        )
    async with runtime.db.session() as session:
        ada = await checkins.history(session, TEAM, ADA)
        grace = await checkins.history(session, TEAM, GRACE)
    assert [c.note for c in ada] == ["ada again", "ada's garden"]
    assert [c.note for c in grace] == ["grace's secret"]


async def test_history_holds_the_last_eight(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        for n in range(10):
            await checkins.record(
                session, TEAM, ADA, CheckinInput(1 + n % 5, f"note {n}"), source="quick",
                now=MONDAY - timedelta(days=7 * n),
            )  # fmt: skip
        recent = await checkins.history(session, TEAM, ADA)
        assert await checkins.count(session, TEAM, ADA) == 10
    assert [c.note for c in recent] == [f"note {n}" for n in range(8)]


async def test_sharing_needs_a_manager(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        alone = await checkins.record(
            session, TEAM, ADA, CheckinInput(4, None), source="modal", now=MONDAY,
            share_with_manager=True,
        )  # fmt: skip
        member = await ensure_member(session, TEAM, GRACE)
        member.manager_user_id = "U0BOSS"
        shared = await checkins.record(
            session, TEAM, GRACE, CheckinInput(4, None), source="modal", now=MONDAY,
            share_with_manager=True,
        )  # fmt: skip
    assert (alone.shared_with_manager, shared.shared_with_manager) == (False, True)
    assert shared.shared_with == "U0BOSS"


async def test_a_share_goes_only_to_the_manager_the_form_named(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        member = await ensure_member(session, TEAM, GRACE)
        member.manager_user_id = "U0NEWBOSS"  # changed while the form was open
        moved = await checkins.record(
            session, TEAM, GRACE, CheckinInput(4, None), source="modal", now=MONDAY,
            share_with_manager=True, shown_manager="U0BOSS",
        )  # fmt: skip
        named = await checkins.record(
            session, TEAM, GRACE, CheckinInput(4, None), source="modal", now=MONDAY,
            share_with_manager=True, shown_manager="U0NEWBOSS",
        )  # fmt: skip
    assert (moved.shared_with, named.shared_with) == (None, "U0NEWBOSS")


async def test_summary_streak_trend_and_this_week(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        member = await ensure_member(session, TEAM, ADA)
        member.tz = "Pacific/Auckland"
        # Three weeks running, ending last week; a gap before them; two in one week average.
        for days_ago, mood in [(7, 5), (8, 3), (14, 2), (21, 4), (35, 1)]:
            await checkins.record(
                session, TEAM, ADA, CheckinInput(mood, None), source="quick",
                now=MONDAY - timedelta(days=days_ago),
            )  # fmt: skip
        before = await checkins.summary(session, TEAM, ADA, member.tz, MONDAY)
        # The member's local week, as the weekly reminder asks whether they checked in already.
        week = checkins.week_bounds(checkins.week_start(MONDAY, member.tz), member.tz)
        checked = await checkins.checked_in_between(session, TEAM, ADA, *week)
        await checkins.record(session, TEAM, ADA, CheckinInput(4, None), source="quick", now=MONDAY)
        after = await checkins.summary(session, TEAM, ADA, member.tz, MONDAY)
        assert await checkins.checked_in_between(session, TEAM, ADA, *week)
    assert not checked
    assert before.streak == 3 and after.streak == 4
    assert before.count == 5 and after.count == 6
    assert len(before.trend) == checkins.TREND_WEEKS
    assert before.trend[-6:] == [1.0, None, 4.0, 2.0, 4.0, None]
    assert after.sparkline.endswith("▁·▆▂▆▆")
    assert after.last is not None and after.last.mood == 4


async def test_pause_resume_and_reminder_settings(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        member = await checkins.pause(session, TEAM, ADA, date(2026, 12, 7))
        assert checkins.is_paused(member, MONDAY)
        assert not checkins.is_paused(member, datetime(2026, 12, 7, 0, 30, tzinfo=UTC))
        member.reminders_enabled = False
        member = await checkins.resume(session, TEAM, ADA)
        assert (member.paused_until, member.reminders_enabled) == (None, True)
        member = await checkins.set_reminders(session, TEAM, ADA, weekday=1, at=time(9, 30))
        assert (member.reminder_weekday, member.reminder_time) == (1, time(9, 30))
        with pytest.raises(ValueError, match="weekdays"):
            await checkins.set_reminders(session, TEAM, ADA, weekday=5)


async def _two_members_with_everything(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        for user in (ADA, GRACE):
            await checkins.record(
                session, TEAM, user, CheckinInput(2, f"{user} note"), source="quick", now=MONDAY
            )
        await enqueue(
            session,
            [Due(TEAM, ADA, "checkin_reminder", "2026-W48"), Due(TEAM, GRACE, "x", "2026-W48")],
            MONDAY,
        )
        session.add(NudgeFeedback(team_id=TEAM, manager_user_id=ADA, action="done"))
        (await ensure_member(session, TEAM, GRACE)).manager_user_id = ADA
        await releases.release_for(session, TEAM, ADA, "2026-W48", MONDAY, 5)
        session.add_all(
            [
                TeamRequest(team_id=TEAM, user_id=GRACE, manager_user_id=ADA),
                TeamRequest(team_id=TEAM, user_id=ADA, manager_user_id="U0OTHER"),
                TeamRequest(team_id=TEAM, user_id=GRACE, manager_user_id="U0OTHER"),
            ]
        )


async def test_export_holds_the_members_data_and_nobody_elses(runtime: Runtime) -> None:
    await _two_members_with_everything(runtime)
    async with runtime.db.session() as session:
        data = await checkins.export(session, TEAM, ADA, MONDAY)
    assert data["user"] == ADA
    assert [c["note"] for c in data["checkins"]] == [f"{ADA} note"]
    assert data["settings"]["reminder_day"] == "Friday"
    assert data["settings"]["reminder_time"] == "15:00"
    assert [(m["kind"], m["period"]) for m in data["messages"]] == [
        ("checkin_reminder", "2026-W48")
    ]
    assert data["reports"] == [GRACE]  # Grace is on Ada's team; nothing of Grace's is here
    # Whom Ada asked to join her team is hers too, like her reports; nothing else names Grace.
    assert data["team_requests"][0]["asked"] == GRACE
    mine = ("reports", "team_requests")
    assert GRACE not in repr({k: v for k, v in data.items() if k not in mine})


async def test_forget_deletes_every_row_of_the_member_only(runtime: Runtime) -> None:
    await _two_members_with_everything(runtime)
    async with runtime.db.session() as session:
        forgotten = await checkins.forget(session, TEAM, ADA, MONDAY)
    assert forgotten == checkins.Forgotten(
        checkins=1, deliveries=1, settings=1, nudge_feedback=1, reports=1
    )
    async with runtime.db.session() as session:
        for model, column in [
            (CheckIn, CheckIn.user_id),
            (Delivery, Delivery.recipient),
            (Member, Member.user_id),
            (NudgeFeedback, NudgeFeedback.manager_user_id),
            (PulseRelease, PulseRelease.manager_user_id),
            (TeamRequest, TeamRequest.manager_user_id),
            (TeamRequest, TeamRequest.user_id),
        ]:
            rows = select(func.count()).select_from(model).where(column == ADA)
            assert await session.scalar(rows) == 0, model.__tablename__
        assert await checkins.count(session, TEAM, GRACE) == 1
        grace = await session.scalar(select(Member).where(Member.user_id == GRACE))
        assert grace is not None and grace.manager_user_id is None  # unlinked, her row stays
        assert await session.scalar(select(func.count()).select_from(TeamRequest)) == 1
        kinds = await session.scalars(select(Delivery.kind).where(Delivery.recipient == GRACE))
        assert sorted(kinds) == [checkins.MANAGER_GONE, "x"]  # and she is told, once

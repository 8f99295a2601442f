"""Check-ins: record, history, streak, trend, pause, export and forget.

Privacy is built into the shape of this module: every function that reads or changes check-ins
takes the (team_id, user_id) of the person asking, which listeners take from the authenticated
Slack request, never from text someone typed. There is no function that reads another person's
check-ins, and nothing here logs a note.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Result, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox
from bot.services.members import ensure_member, get_member
from bot.services.outbox import Due
from bot.services.schedule import zone
from bot.services.teams import link_period
from bot.store.models import (
    CheckIn,
    Delivery,
    DirectoryEntry,
    Member,
    NudgeFeedback,
    PulseRelease,
    TeamRequest,
    WeeklyFocus,
)

MOOD_MIN, MOOD_MAX = 1, 5
# Slack's plain_text_input holds at most 3,000 characters; the quick form gets the same limit.
NOTE_LIMIT = 3000
HISTORY_SIZE = 8
TREND_WEEKS = 12
MAX_PAUSE_DAYS = 365
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Where a check-in came from (stored in checkins.source).
SOURCE_MODAL = "modal"
SOURCE_QUICK = "quick"
SOURCE_REMINDER = "reminder"
SOURCE_HOME = "home"

_SPARK = {1: "▁", 2: "▂", 3: "▄", 4: "▆", 5: "█"}
_SPARK_GAP = "·"
_ALLOWED_CONTROLS = frozenset("\n\t")


class CheckinInputError(ValueError):
    """Input that cannot become a check-in; `problem` names what is wrong for the templates."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


# The problems CheckinInputError and PauseInputError report (templates word each one).
MOOD_MISSING = "mood_missing"
MOOD_RANGE = "mood_range"
MOOD_WHOLE = "mood_whole"
UNPARSABLE = "unparsable"
NOTE_TOO_LONG = "note_too_long"
CONTROL_CHARACTERS = "control_characters"
PAUSE_MISSING = "pause_missing"
PAUSE_UNPARSABLE = "pause_unparsable"
PAUSE_PAST = "pause_past"
PAUSE_TOO_LONG = "pause_too_long"


class PauseInputError(CheckinInputError):
    """`/checkin pause …` with a length or date Kindred does not accept."""


@dataclass(frozen=True)
class CheckinInput:
    """A validated mood and optional note, ready to store."""

    mood: int
    note: str | None


# ---------------------------------------------------------------------- parsing and validation


def clean_note(note: str | None) -> str | None:
    """The note as stored: trimmed, line endings normalised; None when empty.

    Raises CheckinInputError for control characters (other than line breaks and tabs) and for
    notes over NOTE_LIMIT characters: they are refused whole, never cut short silently.
    """
    if note is None:
        return None
    text = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS for c in text):
        raise CheckinInputError(CONTROL_CHARACTERS)
    if len(text) > NOTE_LIMIT:
        raise CheckinInputError(NOTE_TOO_LONG)
    return text


def validate_mood(value: object) -> int:
    """A mood from 1 to 5, from an int or the text of a radio button or button value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CheckinInputError(MOOD_MISSING)
    try:
        mood = int(str(value).strip())
    except ValueError:
        raise CheckinInputError(UNPARSABLE) from None
    if not MOOD_MIN <= mood <= MOOD_MAX:
        raise CheckinInputError(MOOD_RANGE)
    return mood


def checkin_input(mood: object, note: str | None) -> CheckinInput:
    """Validate a mood and a note together (the modal's fields)."""
    return CheckinInput(validate_mood(mood), clean_note(note))


_QUICK = re.compile(
    r"(?P<number>[+-]?\d+)(?P<fraction>[.,]\d+)?(?:\s*/\s*5)?(?P<rest>.*)", re.DOTALL
)
_NOTE_SEPARATORS = " \t\n,;:-–—"


def parse_quick(text: str) -> CheckinInput:
    """`4 tired but ok` -> mood 4 with the note `tired but ok` (also `4/5`, `4, tired`).

    Anything else raises CheckinInputError: a number outside 1-5, a fraction, a word where the
    number should be, a note that is too long or holds control characters.
    """
    match = _QUICK.fullmatch(text.strip())
    if match is None:
        raise CheckinInputError(UNPARSABLE)
    rest = match["rest"]
    if rest and rest[0] not in _NOTE_SEPARATORS:
        raise CheckinInputError(UNPARSABLE)  # "4tired", "4x"
    if match["fraction"]:
        raise CheckinInputError(MOOD_WHOLE)
    number = int(match["number"])
    if not MOOD_MIN <= number <= MOOD_MAX:
        raise CheckinInputError(MOOD_RANGE)
    return CheckinInput(number, clean_note(rest.lstrip(_NOTE_SEPARATORS)))


_PAUSE_LENGTH = re.compile(r"(?P<count>\d{1,4})\s*(?P<unit>d|days?|w|wks?|weeks?)")
_PAUSE_UNTIL = re.compile(r"(?:until\s+)?(?P<date>\d{4}-\d{2}-\d{2})")


def parse_pause(args: str, today: date) -> date:
    """The date reminders start again, from `2w`, `10d`, `3 weeks` or `until 2027-01-04`.

    `today` is the member's local date. A pause lasts at least a day and at most a year.
    """
    text = " ".join(args.lower().split())
    if not text:
        raise PauseInputError(PAUSE_MISSING)
    if length := _PAUSE_LENGTH.fullmatch(text):
        days = int(length["count"]) * (7 if length["unit"].startswith("w") else 1)
        if days < 1:
            raise PauseInputError(PAUSE_PAST)
        if days > MAX_PAUSE_DAYS:
            raise PauseInputError(PAUSE_TOO_LONG)
        return today + timedelta(days=days)
    if until := _PAUSE_UNTIL.fullmatch(text):
        try:
            resume_on = date.fromisoformat(until["date"])
        except ValueError:
            raise PauseInputError(PAUSE_UNPARSABLE) from None
        if resume_on <= today:
            raise PauseInputError(PAUSE_PAST)
        if resume_on > today + timedelta(days=MAX_PAUSE_DAYS):
            raise PauseInputError(PAUSE_TOO_LONG)
        return resume_on
    raise PauseInputError(PAUSE_UNPARSABLE)


# ---------------------------------------------------------------------- weeks and trends


def local_today(member: Member | None, now: datetime) -> date:
    """The member's local date at `now`."""
    return now.astimezone(zone(member.tz if member else None)).date()


def is_paused(member: Member, now: datetime) -> bool:
    """True while `paused_until` (the day reminders start again) is still ahead locally."""
    return member.paused_until is not None and local_today(member, now) < member.paused_until


def week_start(moment: datetime, tz: str | None) -> date:
    """The Monday of the local week that holds `moment`."""
    local = moment.astimezone(zone(tz)).date()
    return local - timedelta(days=local.weekday())


def week_bounds(monday: date, tz: str | None) -> tuple[datetime, datetime]:
    """The UTC instants where the local week starting on `monday` begins and ends."""
    tzinfo = zone(tz)
    start = datetime.combine(monday, time(0), tzinfo).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo).astimezone(UTC)
    return start, end


def period_monday(period: str) -> date:
    """The Monday of an ISO-week period such as `2026-W48`."""
    year, _, week = period.partition("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def sparkline(moods: Sequence[float | None]) -> str:
    """One character per value, low to high (`▁▂▄▆█`); `·` where there is no check-in."""
    return "".join(_SPARK_GAP if m is None else _SPARK[max(1, min(5, round(m)))] for m in moods)


def streak_of(mondays: set[date], this_monday: date) -> int:
    """Consecutive weeks with a check-in, ending this week (or last week, until this one ends)."""
    week = this_monday if this_monday in mondays else this_monday - timedelta(days=7)
    count = 0
    while week in mondays:
        count += 1
        week -= timedelta(days=7)
    return count


# ---------------------------------------------------------------------- storing and reading


def _mine(team_id: str, user_id: str) -> ColumnElement[bool]:
    return (CheckIn.team_id == team_id) & (CheckIn.user_id == user_id)


async def record(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    entry: CheckinInput,
    *,
    source: str,
    now: datetime,
    share_with_manager: bool = False,
    shown_manager: str | None = None,
) -> CheckIn:
    """Store one check-in (creating the member on first use).

    Sharing is kept only when the member has a manager to share with, and names that manager:
    the check-in reaches them and nobody else, whoever manages the member later. When the form
    named a manager (`shown_manager`) and that is no longer who manages them, nothing is shared.
    """
    member = await ensure_member(session, team_id, user_id)
    manager = member.manager_user_id
    if shown_manager is not None and shown_manager != manager:
        manager = None
    shared_with = manager if share_with_manager else None
    checkin = CheckIn(
        team_id=team_id,
        user_id=user_id,
        mood=entry.mood,
        note=entry.note,
        shared_with_manager=shared_with is not None,
        shared_with=shared_with,
        source=source,
        created_at=now,
    )
    session.add(checkin)
    await session.flush()
    return checkin


async def history(
    session: AsyncSession, team_id: str, user_id: str, limit: int = HISTORY_SIZE
) -> list[CheckIn]:
    """The member's own most recent check-ins, newest first."""
    rows = await session.scalars(
        select(CheckIn)
        .where(_mine(team_id, user_id))
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(limit)
    )
    return list(rows)


async def count(session: AsyncSession, team_id: str, user_id: str) -> int:
    """How many check-ins the member has (it turns the rotating questions and thanks)."""
    return int(await session.scalar(select(func.count()).where(_mine(team_id, user_id))) or 0)


async def checked_in_between(
    session: AsyncSession, team_id: str, user_id: str, start: datetime, end: datetime
) -> bool:
    """True when the member checked in at least once in [start, end)."""
    found = await session.scalar(
        select(CheckIn.id)
        .where(_mine(team_id, user_id), CheckIn.created_at >= start, CheckIn.created_at < end)
        .limit(1)
    )
    return found is not None


@dataclass(frozen=True)
class Summary:
    """What App Home and the thank-you line show the member about their own check-ins."""

    count: int
    streak: int
    trend: list[float | None]  # weekly average mood, oldest first, None for a week without one
    last: CheckIn | None

    @property
    def sparkline(self) -> str:
        return sparkline(self.trend)


async def summary(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    tz: str | None,
    now: datetime,
    weeks: int = TREND_WEEKS,
) -> Summary:
    """Count, streak, the weekly trend over `weeks` weeks and the last check-in."""
    rows = (
        await session.execute(
            select(CheckIn.created_at, CheckIn.mood)
            .where(_mine(team_id, user_id))
            .order_by(CheckIn.created_at.desc())
        )
    ).all()
    by_week: dict[date, list[int]] = defaultdict(list)
    for created_at, mood in rows:
        by_week[week_start(created_at, tz)].append(mood)
    this_monday = week_start(now, tz)
    mondays = [this_monday - timedelta(days=7 * n) for n in range(weeks - 1, -1, -1)]
    trend = [
        sum(by_week[m]) / len(by_week[m]) if m in by_week else None for m in mondays
    ]  # a missing week stays a gap rather than a made-up value
    latest = await history(session, team_id, user_id, limit=1)
    last = latest[0] if latest else None
    return Summary(
        count=len(rows), streak=streak_of(set(by_week), this_monday), trend=trend, last=last
    )


# ---------------------------------------------------------------------- settings


async def pause(session: AsyncSession, team_id: str, user_id: str, resume_on: date) -> Member:
    """No reminders before `resume_on` (the member's local date)."""
    member = await ensure_member(session, team_id, user_id)
    member.paused_until = resume_on
    return member


async def resume(session: AsyncSession, team_id: str, user_id: str) -> Member:
    """End a pause and turn reminders back on."""
    member = await ensure_member(session, team_id, user_id)
    member.paused_until = None
    member.reminders_enabled = True
    return member


async def set_reminders(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    *,
    enabled: bool | None = None,
    weekday: int | None = None,
    at: time | None = None,
) -> Member:
    """Change when (or whether) the weekly reminder comes; the next cycle uses it."""
    member = await ensure_member(session, team_id, user_id)
    if weekday is not None:
        if not 0 <= weekday <= 4:
            raise ValueError("reminders come on weekdays only")
        member.reminder_weekday = weekday
    if at is not None:
        member.reminder_time = at
    if enabled is not None:
        member.reminders_enabled = enabled
    return member


# ---------------------------------------------------------------------- export and forget


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


# What `export` lists, and the table each part comes from: exactly the tables `forget` deletes
# from or unlinks the member in (tests/services/test_forget_export.py compares the two).
EXPORT_SOURCES = {
    "settings": "members",
    "reports": "members",
    "checkins": "checkins",
    "messages": "deliveries",
    "nudge_actions": "nudge_feedback",
    "suggested_to_your_manager": "nudge_feedback",
    "what_matters_most": "weekly_focus",
    "team_pulses_you_were_shown": "pulse_releases",
    "team_requests": "team_requests",
    "shared_with_you": "checkins",
    "slack_directory": "directory",
}
# Every table `forget` deletes from or changes; the disk clean-up after it covers these.
FORGET_TABLES = frozenset(EXPORT_SOURCES.values())
MANAGER_GONE = "team_manager_gone"


async def export(
    session: AsyncSession, team_id: str, user_id: str, now: datetime
) -> dict[str, Any]:
    """Everything Kindred keeps about the member, as plain data (for a JSON file or message)."""
    member = await get_member(session, team_id, user_id)
    checkins = await session.scalars(
        select(CheckIn).where(_mine(team_id, user_id)).order_by(CheckIn.created_at, CheckIn.id)
    )
    deliveries = await session.scalars(
        select(Delivery)
        .where(Delivery.team_id == team_id, Delivery.recipient == user_id)
        .order_by(Delivery.created_at, Delivery.id)
    )
    focus = await session.scalar(
        select(WeeklyFocus).where(WeeklyFocus.team_id == team_id, WeeklyFocus.user_id == user_id)
    )
    reports = await session.scalars(
        select(Member.user_id)
        .where(Member.team_id == team_id, Member.manager_user_id == user_id)
        .order_by(Member.user_id)
    )
    feedback = list(
        await session.scalars(
            select(NudgeFeedback)
            .where(
                NudgeFeedback.team_id == team_id,
                (NudgeFeedback.manager_user_id == user_id) | (NudgeFeedback.subject == user_id),
            )
            .order_by(NudgeFeedback.created_at, NudgeFeedback.id)
        )
    )
    pulses = await session.scalars(
        select(PulseRelease)
        .where(PulseRelease.team_id == team_id, PulseRelease.manager_user_id == user_id)
        .order_by(PulseRelease.as_of)
    )
    requests = await session.scalars(
        select(TeamRequest)
        .where(
            TeamRequest.team_id == team_id,
            (TeamRequest.user_id == user_id) | (TeamRequest.manager_user_id == user_id),
        )
        .order_by(TeamRequest.created_at, TeamRequest.id)
    )
    # Check-ins others shared with them: only when and that it happened (the check-in is its
    # author's; `forget` takes this member's name off it).
    shared_with_them = await session.scalars(
        select(CheckIn.created_at)
        .where(CheckIn.team_id == team_id, CheckIn.shared_with == user_id)
        .where(CheckIn.user_id != user_id)
        .order_by(CheckIn.created_at)
    )
    entry = await session.get(DirectoryEntry, (team_id, user_id))
    settings = None
    if member is not None:
        settings = {
            "time_zone": member.tz,
            "manager": member.manager_user_id,
            "reminders_enabled": member.reminders_enabled,
            "reminder_day": WEEKDAYS[member.reminder_weekday],
            "reminder_time": member.reminder_time.strftime("%H:%M"),
            "paused_until": member.paused_until.isoformat() if member.paused_until else None,
            "member_since": _iso(member.created_at),
        }
    return {
        "exported_at": _iso(now),
        "workspace": team_id,
        "user": user_id,
        "settings": settings,
        "reports": list(reports),
        "checkins": [
            {
                "at": _iso(c.created_at),
                "mood": c.mood,
                "note": c.note,
                "shared_with_manager": c.shared_with_manager,
                "source": c.source,
            }
            for c in checkins
        ],
        "messages": [
            {
                "kind": d.kind,
                "period": d.period,
                "status": d.status,
                "sent_at": _iso(d.sent_at),
            }
            for d in deliveries
        ],
        "what_matters_most": (
            {"week_of": focus.week.isoformat(), "text": focus.text} if focus else None
        ),
        # What they did with their weekly nudges as a manager (Done, Next week, tips).
        "nudge_actions": [
            {"at": _iso(f.created_at), "action": f.action, "about": f.subject}
            for f in feedback
            if f.manager_user_id == user_id
        ],
        # When their manager's nudge suggested checking in with them, and what came of it.
        "suggested_to_your_manager": [
            {"at": _iso(f.created_at), "action": f.action}
            for f in feedback
            if f.subject == user_id and f.manager_user_id != user_id
        ],
        # As a manager: the team figures their nudges showed, exactly as stored.
        "team_pulses_you_were_shown": [
            {
                "week": p.period,
                "form": p.form,
                "team_size": p.team_size,
                "checked_in": p.responses,
                "average": None if p.average_tenths is None else p.average_tenths / 10,
                "change": None if p.change_tenths is None else p.change_tenths / 10,
            }
            for p in pulses
        ],
        "team_requests": [
            {
                "at": _iso(r.created_at),
                "asked_by" if r.user_id == user_id else "asked": (
                    r.manager_user_id if r.user_id == user_id else r.user_id
                ),
            }
            for r in requests
        ],
        "shared_with_you": [{"at": _iso(at)} for at in shared_with_them],
        # Kindred's copy of what Slack's directory says about them (read again from Slack daily).
        "slack_directory": (
            {
                "time_zone": entry.tz,
                "away": entry.away,
                "away_until": _iso(entry.away_until),
            }
            if entry
            else None
        ),
    }


@dataclass(frozen=True)
class Forgotten:
    """How many rows `forget` deleted (or, for reports, unlinked), per kind."""

    checkins: int
    deliveries: int
    settings: int
    nudge_feedback: int
    reports: int


async def forget(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> Forgotten:
    """Delete every check-in, setting (the member row), "what matters most" answer and delivery
    of the member.

    Their nudge feedback as a manager goes, and so do the rows where a manager's nudge named
    them. If they were a manager, their reports are unlinked (they then have no manager in
    Kindred) and each is told so kindly through the outbox, without naming anyone.
    """
    deleted_checkins = await session.execute(delete(CheckIn).where(_mine(team_id, user_id)))
    await session.execute(
        delete(WeeklyFocus).where(WeeklyFocus.team_id == team_id, WeeklyFocus.user_id == user_id)
    )
    deleted_feedback = await session.execute(
        delete(NudgeFeedback).where(
            NudgeFeedback.team_id == team_id,
            (NudgeFeedback.manager_user_id == user_id) | (NudgeFeedback.subject == user_id),
        )
    )
    deleted_deliveries = await session.execute(
        delete(Delivery).where(Delivery.team_id == team_id, Delivery.recipient == user_id)
    )
    # As a manager: the pulses they were shown (their own history), and team requests to or
    # from them (no trace of who asked whom).
    await session.execute(
        delete(PulseRelease).where(
            PulseRelease.team_id == team_id, PulseRelease.manager_user_id == user_id
        )
    )
    await session.execute(
        delete(TeamRequest).where(
            TeamRequest.team_id == team_id,
            (TeamRequest.user_id == user_id) | (TeamRequest.manager_user_id == user_id),
        )
    )
    # Check-ins others shared with them stay their authors', without this member's name.
    await session.execute(
        update(CheckIn)
        .where(CheckIn.team_id == team_id, CheckIn.shared_with == user_id)
        .where(CheckIn.user_id != user_id)
        .values(shared_with=None)
    )
    # Kindred's copy of Slack's directory entry: read again at the next daily refresh while
    # they are in the workspace, but nothing of it outlives `forget` until then.
    await session.execute(
        delete(DirectoryEntry).where(
            DirectoryEntry.team_id == team_id, DirectoryEntry.user_id == user_id
        )
    )
    deleted_members = await session.execute(
        delete(Member).where(Member.team_id == team_id, Member.user_id == user_id)
    )
    reports = list(
        await session.scalars(
            update(Member)
            .where(Member.team_id == team_id, Member.manager_user_id == user_id)
            .values(manager_user_id=None, manager_since=now)
            .returning(Member.user_id)
        )
    )
    period = link_period(now)
    await outbox.enqueue(
        session, [Due(team_id, report, MANAGER_GONE, period) for report in reports], now
    )
    return Forgotten(
        checkins=_rowcount(deleted_checkins),
        deliveries=_rowcount(deleted_deliveries),
        settings=_rowcount(deleted_members),
        nudge_feedback=_rowcount(deleted_feedback),
        reports=len(reports),
    )


def _rowcount(result: Result[Any]) -> int:
    """How many rows a DELETE removed (SQLAlchemy types `execute` as a plain Result, while a
    DELETE's result is a CursorResult, which has the count)."""
    return cast("CursorResult[Any]", result).rowcount or 0

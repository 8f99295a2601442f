"""The weekly manager nudge: who is due, the k-anonymous team pulse, shared check-ins, fair
suggestions of who to check in with, rotating tips, and what the buttons record.

Domain decisions only; bot/deliveries/manager_nudge.py turns them into a Slack message.

Privacy rules kept here (each has tests):

- Every figure about the team (the pulse, its change, whether to read the room) is a release
  from bot/services/releases.py, which holds those rules; nothing here computes one.
- A check-in reaches a manager only when its author ticked "share" for it, and only the manager
  it was shared with (`checkins.shared_with`), never a later or a colleague's.
- Who is suggested depends on fairness alone, never on anyone's mood or whether they answered,
  and nothing here ever names who answered or who did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.services.checkins import is_paused
from bot.services.members import get_member
from bot.services.outbox import Due
from bot.services.releases import Release
from bot.services.schedule import weekly_slot_period, zone
from bot.store.models import CheckIn, Delivery, Member, NudgeFeedback

MANAGER_NUDGE = "manager_nudge"
WEEK = timedelta(days=7)

# The rotating tips, in order; the words are in prompts/nudges/tips/<key>.j2.
TIPS = (
    "kind_feedback",
    "good_days_too",
    "outcomes_and_life",
    "space_to_process",
    "listen_and_acknowledge",
)

# nudge_feedback.action values
SUGGESTED = "suggested"
DONE = "done"
SNOOZED = "snoozed"
TIP_SHOWN = "tip_shown"
HELPFUL = "helpful"
UNHELPFUL = "unhelpful"
OPTED_OUT = "opted_out"
# After Done: is anything worth coming back to next week? Kept as this yes or no only.
REVISIT_YES = "revisit_yes"
REVISIT_NO = "revisit_no"
SUGGESTION_ACTIONS = frozenset({DONE, SNOOZED})
TIP_ACTIONS = frozenset({HELPFUL, UNHELPFUL})
REVISIT_ACTIONS = frozenset({REVISIT_YES, REVISIT_NO})


# ---------------------------------------------------------------------------- when it is due


def slot_instant(period: str, tz_name: str | None, weekday: int, at: time) -> datetime:
    """The moment of a weekly slot: `weekday` at local time `at` in ISO week `period`."""
    year, week = period.split("-W")
    day = date.fromisocalendar(int(year), int(week), weekday + 1)
    return datetime.combine(day, at, tzinfo=zone(tz_name))


async def due_nudges(session: AsyncSession, as_of: datetime) -> list[Due]:
    """Managers whose weekly nudge slot is due at `as_of`, at their own local time.

    A manager is anyone with at least one report. Only managers whose time zone Kindred has
    read from Slack are considered, so nobody is nudged at 1 a.m. because of a guessed zone.
    """
    report = aliased(Member)
    has_reports = exists().where(
        report.team_id == Member.team_id, report.manager_user_id == Member.user_id
    )
    managers = await session.scalars(
        select(Member).where(
            Member.manager_nudges_enabled.is_(True),
            Member.tz_checked_at.is_not(None),
            has_reports,
        )
    )
    due = []
    for manager in managers:
        if is_paused(manager, as_of):
            continue
        period = weekly_slot_period(as_of, manager.tz, manager.nudge_weekday, manager.nudge_time)
        if period is not None:
            due.append(Due(manager.team_id, manager.user_id, MANAGER_NUDGE, period))
    return due


async def team(session: AsyncSession, team_id: str, manager_id: str) -> list[Member]:
    """The manager's reports, in a stable order."""
    rows = await session.scalars(
        select(Member)
        .where(Member.team_id == team_id, Member.manager_user_id == manager_id)
        .order_by(Member.id)
    )
    return list(rows)


async def skip_reason(
    session: AsyncSession, team_id: str, manager_id: str, as_of: datetime
) -> str | None:
    """Why a nudge enqueued earlier should no longer be sent, or None to send it."""
    manager = await get_member(session, team_id, manager_id)
    if manager is None:
        return "not a member"
    if not manager.manager_nudges_enabled:
        return "nudges turned off"
    if is_paused(manager, as_of):
        return "paused"
    if not await team(session, team_id, manager_id):
        return "no reports"
    return None


# ---------------------------------------------------------------------------- team pulse


def _shared_with(checkin: CheckIn, manager_id: str) -> bool:
    return checkin.shared_with_manager and checkin.shared_with == manager_id


async def _checkins(
    session: AsyncSession, team_id: str, members: Sequence[Member], start: datetime, end: datetime
) -> list[CheckIn]:
    rows = await session.scalars(
        select(CheckIn)
        .where(
            CheckIn.team_id == team_id,
            CheckIn.user_id.in_([m.user_id for m in members]),
            CheckIn.created_at >= start,
            CheckIn.created_at < end,
        )
        .order_by(CheckIn.created_at, CheckIn.id)
    )
    return list(rows)


@dataclass(frozen=True)
class SharedCheckIn:
    """A check-in its author chose to share with their manager."""

    user_id: str
    mood: int
    note: str | None
    created_at: datetime


def _shared(checkins: Sequence[CheckIn], manager_id: str) -> list[SharedCheckIn]:
    return [
        SharedCheckIn(c.user_id, c.mood, c.note, c.created_at)
        for c in checkins
        if _shared_with(c, manager_id)
    ]


async def shared_by(
    session: AsyncSession, team_id: str, manager_id: str, since: datetime
) -> list[str]:
    """Who shared a check-in with this manager since `since` (for their Home), by user ID."""
    rows = await session.scalars(
        select(CheckIn.user_id)
        .where(
            CheckIn.team_id == team_id,
            CheckIn.shared_with == manager_id,
            CheckIn.shared_with_manager.is_(True),
            CheckIn.created_at >= since,
        )
        .distinct()
    )
    return sorted(rows)


# ---------------------------------------------------------------------------- suggestions


def suggestion_count(team_size: int) -> int:
    """One or two people a week: enough that everyone on a team comes up about monthly."""
    return 1 if team_size <= 4 else 2


async def _feedback(
    session: AsyncSession, team_id: str, manager_id: str, actions: Sequence[str]
) -> list[NudgeFeedback]:
    """This manager's feedback rows of the given actions, oldest first."""
    rows = await session.scalars(
        select(NudgeFeedback)
        .where(
            NudgeFeedback.team_id == team_id,
            NudgeFeedback.manager_user_id == manager_id,
            NudgeFeedback.action.in_(actions),
        )
        .order_by(NudgeFeedback.id)
    )
    return list(rows)


def _snoozed_last_time(feedback: Sequence[NudgeFeedback]) -> set[str]:
    """People whose most recent suggestion the manager snoozed ("next week")."""
    last_suggested: dict[str, int | None] = {}
    snoozed: set[tuple[int | None, str | None]] = set()
    for row in feedback:
        if row.action == SUGGESTED and row.subject:
            last_suggested[row.subject] = row.delivery_id
        elif row.action == SNOOZED:
            snoozed.add((row.delivery_id, row.subject))
    return {user for user, delivery in last_suggested.items() if (delivery, user) in snoozed}


def _candidates(
    members: Sequence[Member], feedback: Sequence[NudgeFeedback], as_of: datetime
) -> list[str]:
    """Reports in the order they should be suggested; paused people are left out.

    Snoozed last time first (the manager asked for them again), then least recently suggested
    (never suggested first). Whether someone is away on Slack is checked by the caller.
    """
    snoozed = _snoozed_last_time(feedback)
    available = [m for m in members if not is_paused(m, as_of)]
    available.sort(
        key=lambda m: (
            m.user_id not in snoozed,
            m.last_suggested_at is not None,
            m.last_suggested_at or as_of,
            m.id,
        )
    )
    return [m.user_id for m in available]


def _recorded(feedback: Sequence[NudgeFeedback], delivery_id: int, action: str) -> list[str]:
    return [
        row.subject
        for row in feedback
        if row.delivery_id == delivery_id and row.action == action and row.subject
    ]


async def record_suggestions(
    session: AsyncSession,
    team_id: str,
    manager_id: str,
    delivery_id: int,
    users: Sequence[str],
    as_of: datetime,
) -> None:
    """Remember who was suggested, for fairness next week and to check Done/Snooze clicks."""
    session.add_all(
        NudgeFeedback(
            team_id=team_id,
            manager_user_id=manager_id,
            delivery_id=delivery_id,
            action=SUGGESTED,
            subject=user,
        )
        for user in users
    )
    if users:
        await session.execute(
            update(Member)
            .where(Member.team_id == team_id, Member.user_id.in_(users))
            .values(last_suggested_at=as_of)
        )


async def _previous_nudge(
    session: AsyncSession, team_id: str, manager_id: str, delivery_id: int
) -> int | None:
    return await session.scalar(
        select(func.max(Delivery.id)).where(
            Delivery.team_id == team_id,
            Delivery.recipient == manager_id,
            Delivery.kind == MANAGER_NUDGE,
            Delivery.id < delivery_id,
        )
    )


async def done_last_time(
    session: AsyncSession, team_id: str, manager_id: str, delivery_id: int
) -> int:
    """How many people the manager marked Done on their previous nudge (their habit forming)."""
    previous = await _previous_nudge(session, team_id, manager_id, delivery_id)
    if previous is None:
        return 0
    count = await session.scalar(
        select(func.count(func.distinct(NudgeFeedback.subject))).where(
            NudgeFeedback.delivery_id == previous, NudgeFeedback.action == DONE
        )
    )
    return int(count or 0)


async def revisit_from_last_time(
    session: AsyncSession, team_id: str, manager_id: str, delivery_id: int
) -> list[str]:
    """People the manager said, on their previous nudge, were worth coming back to this week."""
    previous = await _previous_nudge(session, team_id, manager_id, delivery_id)
    if previous is None:
        return []
    rows = await session.scalars(
        select(NudgeFeedback.subject)
        .where(NudgeFeedback.delivery_id == previous, NudgeFeedback.action == REVISIT_YES)
        .order_by(NudgeFeedback.id)
    )
    return [subject for subject in rows if subject]


# ---------------------------------------------------------------------------- tips


def _unhelpful(feedback: Sequence[NudgeFeedback]) -> set[str]:
    latest: dict[str, str] = {}
    for row in feedback:
        if row.action in TIP_ACTIONS and row.subject:
            latest[row.subject] = row.action
    return {tip for tip, vote in latest.items() if vote == UNHELPFUL}


def next_tip(tips: Sequence[str], last_shown: str | None, unhelpful: set[str]) -> str | None:
    """The tip after `last_shown` in rotation, skipping unhelpful ones; None if none is left."""
    start = tips.index(last_shown) + 1 if last_shown in tips else 0
    for offset in range(len(tips)):
        tip = tips[(start + offset) % len(tips)]
        if tip not in unhelpful:
            return tip
    return None


def _tip(
    feedback: Sequence[NudgeFeedback], delivery_id: int, tips: Sequence[str]
) -> tuple[str | None, bool]:
    """This nudge's tip, and whether it still has to be recorded with `record_tip`: the tip
    recorded for this nudge already (a retry shows the same one), or the next in rotation after
    the manager's last one, skipping tips they marked unhelpful."""
    shown = [row for row in feedback if row.action == TIP_SHOWN]
    for row in shown:
        if row.delivery_id == delivery_id:
            return row.subject, False
    last_shown = shown[-1].subject if shown else None
    tip = next_tip(tips, last_shown, _unhelpful(feedback))
    return tip, tip is not None


def record_tip(
    session: AsyncSession, team_id: str, manager_id: str, delivery_id: int, tip: str
) -> None:
    """Remember which tip this nudge showed (for the rotation and to check 👍/👎 clicks)."""
    session.add(
        NudgeFeedback(
            team_id=team_id,
            manager_user_id=manager_id,
            delivery_id=delivery_id,
            action=TIP_SHOWN,
            subject=tip,
        )
    )


# ---------------------------------------------------------------------------- the nudge


@dataclass(frozen=True)
class NudgePlan:
    """Everything one nudge holds, read in one go (the composer adds who is away on Slack)."""

    team_size: int
    pulse: Release
    shared: list[SharedCheckIn]
    suggested: list[str]  # recorded when this nudge was composed before; else empty
    candidates: list[str]  # in fairness order, when nobody was recorded yet
    tip: str | None
    tip_is_new: bool  # to be recorded with `record_tip` once the nudge is composed
    done_last_time: int
    revisit: list[str]  # marked "worth coming back to" on the previous nudge
    one_to_one_turn: int  # suggestions made before this nudge: turns the 1:1 questions


async def plan_nudge(
    session: AsyncSession,
    team_id: str,
    manager_id: str,
    delivery_id: int,
    as_of: datetime,
    pulse: Release,
    tips: Sequence[str] = TIPS,
) -> NudgePlan:
    """What the nudge for `delivery_id` says about the 7 days before `as_of`.

    `pulse` is the week's release (bot/services/releases.py), made and stored by the caller.
    """
    members = await team(session, team_id, manager_id)
    checkins = await _checkins(session, team_id, members, as_of - WEEK, as_of)
    feedback = await _feedback(
        session, team_id, manager_id, (SUGGESTED, SNOOZED, TIP_SHOWN, HELPFUL, UNHELPFUL)
    )
    suggested = _recorded(feedback, delivery_id, SUGGESTED)
    tip, tip_is_new = _tip(feedback, delivery_id, tips)
    return NudgePlan(
        team_size=len(members),
        pulse=pulse,
        shared=_shared(checkins, manager_id),
        suggested=suggested,
        candidates=[] if suggested else _candidates(members, feedback, as_of),
        tip=tip,
        tip_is_new=tip_is_new,
        done_last_time=await done_last_time(session, team_id, manager_id, delivery_id),
        revisit=await revisit_from_last_time(session, team_id, manager_id, delivery_id),
        one_to_one_turn=sum(
            1 for row in feedback if row.action == SUGGESTED and row.delivery_id != delivery_id
        ),
    )


# ---------------------------------------------------------------------------- buttons


class Recorded(Enum):
    """What became of a button click."""

    RECORDED = "recorded"
    ALREADY = "already"  # the same click arrived twice (Slack retries, double clicks)
    REFUSED = "refused"  # not this person's nudge, or not something this nudge offered


async def _nudge_of(
    session: AsyncSession, team_id: str, manager_id: str, delivery_id: int
) -> Delivery | None:
    delivery = await session.get(Delivery, delivery_id)
    if (
        delivery is None
        or delivery.kind != MANAGER_NUDGE
        or delivery.team_id != team_id
        or delivery.recipient != manager_id
    ):
        return None
    return delivery


async def record_action(
    session: AsyncSession,
    team_id: str,
    manager_id: str,
    delivery_id: int,
    action: str,
    subject: str,
) -> Recorded:
    """Record Done/Snooze on a suggested person, whether a conversation marked Done is worth
    coming back to (yes/no), or Helpful 👍/👎 on the nudge's tip.

    Only the manager the nudge was sent to can click, and only on what that nudge offered.
    """
    if await _nudge_of(session, team_id, manager_id, delivery_id) is None:
        return Recorded.REFUSED
    if action in SUGGESTION_ACTIONS:
        offered = SUGGESTED
    elif action in TIP_ACTIONS:
        offered = TIP_SHOWN
    elif action in REVISIT_ACTIONS:
        offered = DONE
    else:
        return Recorded.REFUSED

    async def has(wanted: str | Sequence[str]) -> bool:
        actions = [wanted] if isinstance(wanted, str) else list(wanted)
        found = await session.scalar(
            select(NudgeFeedback.id).where(
                NudgeFeedback.delivery_id == delivery_id,
                NudgeFeedback.action.in_(actions),
                NudgeFeedback.subject == subject,
            )
        )
        return found is not None

    if not await has(offered):
        return Recorded.REFUSED
    if action in SUGGESTION_ACTIONS and await has(list(SUGGESTION_ACTIONS)):
        return Recorded.ALREADY
    if action in TIP_ACTIONS and await has(action):
        return Recorded.ALREADY
    if action in REVISIT_ACTIONS and await has(list(REVISIT_ACTIONS)):
        return Recorded.ALREADY
    session.add(
        NudgeFeedback(
            team_id=team_id,
            manager_user_id=manager_id,
            delivery_id=delivery_id,
            action=action,
            subject=subject,
        )
    )
    return Recorded.RECORDED


async def set_nudges_enabled(
    session: AsyncSession, team_id: str, manager_id: str, enabled: bool
) -> bool:
    """Turn the manager's weekly nudge on or off; returns whether anything changed."""
    manager = await get_member(session, team_id, manager_id)
    if manager is None or manager.manager_nudges_enabled == enabled:
        return False
    manager.manager_nudges_enabled = enabled
    return True


async def opt_out(session: AsyncSession, team_id: str, manager_id: str, delivery_id: int) -> bool:
    """ "Stop these nudges" on a nudge: recorded with it, and no more nudges until turned on."""
    if await _nudge_of(session, team_id, manager_id, delivery_id) is None:
        return False
    session.add(
        NudgeFeedback(
            team_id=team_id,
            manager_user_id=manager_id,
            delivery_id=delivery_id,
            action=OPTED_OUT,
        )
    )
    await set_nudges_enabled(session, team_id, manager_id, False)
    return True

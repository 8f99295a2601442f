"""Every figure a manager sees about their team is a *release*, made here and nowhere else.

The rules (README, "Privacy model", says the same in plain words; each has tests):

1. **Published once, never recomputed.** A release covers the check-ins of one window, from the
   manager's previous release (or 7 days) up to the nudge's slot. It is stored the first time it
   is composed; a retry, the Home tab and every later comparison read the stored figures and
   never count an earlier window again, over whoever is on the team now. Windows of one manager
   never overlap, so no check-in is ever in two releases.
2. **Only what the manager does not already know.** A release is about the *pool*: the people on
   the team when it is made who did not share a check-in of that window with this manager. Their
   latest check-in of the window is their answer. Shared check-ins are seen one by one instead,
   and never count towards k.
3. **No figure that isolates anyone.** Given the pool's size, the manager could try every way the
   pool might have answered (each person: no answer, or a mood from 1 to 5) that gives exactly
   what they were shown, knowing these rules. `decide` only releases figures for which, in those
   worlds, no report's mood is determined (not even "if they answered, it was 4"):
   - *full* (how many answered, the average, how many chose each mood) needs at least k answers,
     fewer answers than people in the pool (never "N checked in" when N is everyone), and at
     least two different moods (otherwise every answer would be known);
   - otherwise *average* (the average, and "k or more checked in") when the average alone cannot
     pin anyone's mood, given every pool that would also have been shown only its average;
   - otherwise *hidden*: the kind "not enough to show yet" line.
4. **A change only over the same people.** The change from the week before is the difference of
   two stored averages, shown only when the team was exactly the same at both releases and the
   two windows follow each other.

Earlier releases cover other windows (other check-ins), shared check-ins are kept out of the
pool, and team size and changes are public to the manager; so checking each release on its own,
against everything the manager could know about its window, is the whole check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import CheckIn, Member, PulseRelease

WINDOW = timedelta(days=7)
MOODS = (1, 2, 3, 4, 5)
FULL, AVERAGE, HIDDEN = "full", "average", "hidden"
# The pulse "dips" when the average falls by at least this much (in tenths) from the week before,
# and is "low" below LOW_AVERAGE (on the 1-5 scale, 3 is "okay").
DIP_TENTHS = 5
LOW_AVERAGE_TENTHS = 30


def tenths(total: int, count: int) -> int:
    """total / count in tenths, rounded half up, in whole numbers (as it is shown: 3.7 -> 37)."""
    return (20 * total + count) // (2 * count)


@dataclass(frozen=True)
class Figures:
    """What one release shows: its form and the numbers that form shows (else None)."""

    form: str
    responses: int | None = None
    average_tenths: int | None = None
    distribution: tuple[int, ...] | None = None  # how many answered 1, 2, 3, 4, 5


def _full_allowed(answers: Sequence[int], pool_size: int, min_group: int) -> bool:
    return min_group <= len(answers) < pool_size and len(set(answers)) > 1


@lru_cache(maxsize=4096)
def possible_moods_given_average(average: int, pool_size: int, min_group: int) -> frozenset[int]:
    """Every mood someone in the pool could have given, in a world shown only `average`.

    Those worlds are the ones `decide` would show as the average alone: at least k answered,
    and either everyone in the pool answered, or all answers were alike (else it shows *full*).
    With n answers summing to s, a mood m is possible for someone when the other n-1 answers
    can sum to s-m, i.e. n-1 <= s-m <= 5(n-1).
    """
    possible: set[int] = set()
    for n in range(min_group, pool_size + 1):
        for total in range(n, 5 * n + 1):
            if tenths(total, n) != average:
                continue
            if n == pool_size:
                possible |= {m for m in MOODS if n - 1 <= total - m <= 5 * (n - 1)}
            elif total % n == 0:
                possible.add(total // n)  # all alike, fewer than everyone
    return frozenset(possible)


def decide(answers: Sequence[int], pool_size: int, min_group: int) -> Figures:
    """The figures a pool of `pool_size` people with these `answers` (moods) may be shown.

    A pure function of how the pool answered (not who), so people who swap answers get the same
    release, and the manager can be assumed to know it exactly (see the module's rule 3).
    """
    if len(answers) < min_group:
        return Figures(HIDDEN)
    average = tenths(sum(answers), len(answers))
    if _full_allowed(answers, pool_size, min_group):
        counts = tuple(answers.count(m) for m in MOODS)
        return Figures(FULL, len(answers), average, counts)
    if len(possible_moods_given_average(average, pool_size, min_group)) > 1:
        return Figures(AVERAGE, None, average)
    return Figures(HIDDEN)


def cohort_digest(user_ids: Sequence[str]) -> str:
    """Who was on the team, as a digest: enough to tell whether it changed, and nothing else."""
    return hashlib.sha256(",".join(sorted(user_ids)).encode()).hexdigest()


@dataclass(frozen=True)
class Release:
    """A stored release, as every surface shows it."""

    period: str
    as_of: datetime
    team_size: int
    form: str
    responses: int | None
    average: float | None
    distribution: tuple[int, ...] | None
    change: float | None

    @property
    def shown(self) -> bool:
        return self.form != HIDDEN

    @property
    def dipped(self) -> bool:
        return self.change is not None and self.change <= -DIP_TENTHS / 10

    @property
    def low(self) -> bool:
        return self.average is not None and self.average * 10 < LOW_AVERAGE_TENTHS

    @property
    def read_the_room(self) -> bool:
        """True when the team seems to be having a harder time than usual."""
        return self.dipped or self.low


def _release(row: PulseRelease) -> Release:
    return Release(
        period=row.period,
        as_of=row.as_of,
        team_size=row.team_size,
        form=row.form,
        responses=row.responses,
        average=None if row.average_tenths is None else row.average_tenths / 10,
        distribution=(
            tuple(int(c) for c in row.distribution.split(",")) if row.distribution else None
        ),
        change=None if row.change_tenths is None else row.change_tenths / 10,
    )


async def _stored(session: AsyncSession, team_id: str, manager_id: str) -> list[PulseRelease]:
    rows = await session.scalars(
        select(PulseRelease)
        .where(PulseRelease.team_id == team_id, PulseRelease.manager_user_id == manager_id)
        .order_by(PulseRelease.as_of, PulseRelease.id)
    )
    return list(rows)


async def _team(session: AsyncSession, team_id: str, manager_id: str) -> list[str]:
    rows = await session.scalars(
        select(Member.user_id).where(
            Member.team_id == team_id, Member.manager_user_id == manager_id
        )
    )
    return sorted(rows)


async def _pool_answers(
    session: AsyncSession,
    team_id: str,
    manager_id: str,
    team: Sequence[str],
    start: datetime,
    end: datetime,
) -> tuple[int, list[int]]:
    """(pool size, each pool member's latest mood in [start, end) if they answered)."""
    rows = await session.scalars(
        select(CheckIn)
        .where(
            CheckIn.team_id == team_id,
            CheckIn.user_id.in_(team),
            CheckIn.created_at >= start,
            CheckIn.created_at < end,
        )
        .order_by(CheckIn.created_at, CheckIn.id)
    )
    latest: dict[str, int] = {}
    known: set[str] = set()
    for checkin in rows:
        latest[checkin.user_id] = checkin.mood
        if checkin.shared_with == manager_id:
            known.add(checkin.user_id)
    pool = [user for user in team if user not in known]
    return len(pool), [latest[user] for user in pool if user in latest]


async def release_for(
    session: AsyncSession,
    team_id: str,
    manager_id: str,
    period: str,
    as_of: datetime,
    min_group: int,
) -> Release:
    """The release of `period` for this manager: the stored one, or made now and stored.

    Made now, it covers the check-ins since the manager's previous release (at most 7 days
    before `as_of`) of the people on the team now, and compares with the previous release only
    when that one ended where this one starts and the team is exactly the same.
    """
    stored = await _stored(session, team_id, manager_id)
    for row in stored:
        if row.period == period:
            return _release(row)
    earlier = [row for row in stored if row.as_of <= as_of]
    previous = earlier[-1] if earlier else None
    start = max(as_of - WINDOW, previous.as_of) if previous else as_of - WINDOW
    team = await _team(session, team_id, manager_id)
    pool_size, answers = await _pool_answers(session, team_id, manager_id, team, start, as_of)
    # A later release made first (a nudge sent late, after the next one) may already cover part
    # of this window: then this one shows nothing rather than count check-ins a second time.
    overlaps = any(row.window_start < as_of and start < row.as_of for row in stored)
    figures = Figures(HIDDEN) if overlaps else decide(answers, pool_size, min_group)
    cohort = cohort_digest(team)
    change = None
    if (
        previous is not None
        and previous.as_of == start
        and previous.cohort == cohort
        and previous.average_tenths is not None
        and figures.average_tenths is not None
    ):
        change = figures.average_tenths - previous.average_tenths
    row = PulseRelease(
        team_id=team_id,
        manager_user_id=manager_id,
        period=period,
        window_start=start,
        as_of=as_of,
        team_size=len(team),
        cohort=cohort,
        form=figures.form,
        responses=figures.responses,
        average_tenths=figures.average_tenths,
        distribution=",".join(map(str, figures.distribution)) if figures.distribution else None,
        change_tenths=change,
    )
    session.add(row)
    await session.flush()
    return _release(row)


async def history(
    session: AsyncSession, team_id: str, manager_id: str, limit: int = 12
) -> list[Release]:
    """This manager's stored releases, oldest first (the last `limit`): what they were shown."""
    return [_release(row) for row in (await _stored(session, team_id, manager_id))[-limit:]]

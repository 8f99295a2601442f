"""Releases: what a manager may be shown about a pool, checked by an exact adversary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.runtime import Runtime
from bot.services import releases
from bot.services.releases import AVERAGE, FULL, HIDDEN, Figures, decide
from bot.services.workspaces import ensure_workspaces
from bot.store.models import CheckIn, Member
from tests.support.adversary import STATES, possible_moods


@pytest.mark.parametrize("k", [3, 5])
@pytest.mark.parametrize("size", [3, 5, 6, 8, 12])
def test_no_release_of_any_pool_pins_down_a_mood(size: int, k: int) -> None:
    moods = possible_moods(size, k)
    assert [shown for shown, m in moods.items() if shown.form != HIDDEN and len(m) < 2] == []
    # And the pulse still appears: for teams of k or more, some worlds show it.
    assert any(shown.form != HIDDEN for shown in moods) == (size >= k)


def test_full_needs_k_answers_two_moods_and_not_everyone() -> None:
    assert decide([4, 4, 4, 2], 8, 5) == Figures(HIDDEN)  # k - 1
    assert decide([4, 4, 4, 4, 2], 8, 5) == Figures(FULL, 5, 36, (0, 1, 0, 4, 0))
    # Everyone in the pool answered: no exact "5 checked in" on a team of five.
    assert decide([4, 4, 4, 4, 2], 5, 5) == Figures(AVERAGE, None, 36)
    # All alike: the distribution would say every answer; the average alone does not here
    # (a pool of 8 where everyone answered could also average 4.0).
    assert decide([4] * 5, 8, 5) == Figures(AVERAGE, None, 40)
    # All answered 5 (or 1): any figure says everyone's mood, so nothing is shown.
    assert decide([5] * 5, 8, 5) == Figures(HIDDEN)
    assert decide([1] * 6, 6, 5) == Figures(HIDDEN)


def test_averages_are_rounded_half_up_in_tenths() -> None:
    assert [releases.tenths(total, 4) for total in (13, 14, 15)] == [33, 35, 38]
    assert releases.tenths(37, 10) == 37


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(3, 12),
    k=st.integers(3, 6),
    data=st.data(),
)
def test_people_who_swap_answers_get_the_same_release(
    size: int, k: int, data: st.DataObject
) -> None:
    states = data.draw(st.lists(st.sampled_from(STATES), min_size=size, max_size=size))
    swapped = data.draw(st.permutations(states))
    assert decide([s for s in states if s], size, k) == decide([s for s in swapped if s], size, k)


TEAM, BOSS = "T0KINDRED", "U0BOSS"
SLOT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


async def seed(runtime: Runtime, reports: list[str]) -> None:
    async with runtime.db.session() as session:
        await ensure_workspaces(session, [TEAM])
        session.add(Member(team_id=TEAM, user_id=BOSS))
        session.add_all(Member(team_id=TEAM, user_id=u, manager_user_id=BOSS) for u in reports)


async def check_in(
    runtime: Runtime, user: str, mood: int, when: datetime, shared_with: str | None = None
) -> None:
    async with runtime.db.session() as session:
        session.add(
            CheckIn(
                team_id=TEAM,
                user_id=user,
                mood=mood,
                shared_with_manager=shared_with is not None,
                shared_with=shared_with,
                created_at=when,
            )
        )


async def release(runtime: Runtime, period: str, as_of: datetime) -> releases.Release:
    async with runtime.db.session() as session:
        return await releases.release_for(session, TEAM, BOSS, period, as_of, 5)


async def test_a_release_counts_each_private_answer_once_and_is_never_recomputed(
    runtime: Runtime,
) -> None:
    reports = [f"U0R{i}" for i in range(8)]
    await seed(runtime, reports)
    for i, user in enumerate(reports[:6]):
        await check_in(runtime, user, 2, SLOT - timedelta(days=5))
        await check_in(runtime, user, 3 + i % 2, SLOT - timedelta(days=1))  # the latest counts
    await check_in(runtime, "U0ELSEWHERE", 1, SLOT - timedelta(days=1))  # another team
    await check_in(runtime, reports[6], 1, SLOT - timedelta(days=7, seconds=1))  # too early
    await check_in(runtime, reports[6], 1, SLOT)  # at the slot: next week's
    # Someone who shared with this manager is known to them: out of the pool, not towards k.
    await check_in(runtime, reports[5], 5, SLOT - timedelta(hours=2), shared_with=BOSS)
    first = await release(runtime, "2026-W48", SLOT)
    assert (first.form, first.responses, first.average) == (FULL, 5, 3.4)
    assert first.distribution == (0, 0, 3, 2, 0)

    # Someone leaves and someone answers late: the stored release is what every reader gets.
    async with runtime.db.session() as session:
        leaver = await session.get(Member, 2)
        assert leaver is not None
        leaver.manager_user_id = None
    await check_in(runtime, reports[7], 5, SLOT - timedelta(minutes=1))
    assert await release(runtime, "2026-W48", SLOT) == first


async def test_the_change_is_only_between_adjacent_releases_over_the_same_team(
    runtime: Runtime,
) -> None:
    reports = [f"U0R{i}" for i in range(7)]
    await seed(runtime, reports)
    for week, moods in enumerate([(4, 4, 4, 5, 4, 4), (3, 3, 3, 2, 3, 3), (2, 3, 2, 3, 2, 3)]):
        for user, mood in zip(reports, moods, strict=False):
            await check_in(runtime, user, mood, SLOT + timedelta(weeks=week, days=-1))
    week1 = await release(runtime, "2026-W48", SLOT)
    week2 = await release(runtime, "2026-W49", SLOT + timedelta(weeks=1))
    assert (week1.average, week2.average, week2.change) == (4.2, 2.8, -1.4)
    assert week2.dipped and week2.low and week2.read_the_room
    # Someone leaves between week 2 and week 3: week 3 has no change, whatever the figures.
    async with runtime.db.session() as session:
        leaver = await session.get(Member, 3)
        assert leaver is not None
        leaver.manager_user_id = None
    week3 = await release(runtime, "2026-W50", SLOT + timedelta(weeks=2))
    assert week3.shown and week3.change is None
    async with runtime.db.session() as session:
        history = await releases.history(session, TEAM, BOSS)
    assert [r.period for r in history] == ["2026-W48", "2026-W49", "2026-W50"]


async def test_windows_of_one_manager_never_overlap(runtime: Runtime) -> None:
    reports = [f"U0R{i}" for i in range(6)]
    await seed(runtime, reports)
    for i, user in enumerate(reports[:5]):
        await check_in(runtime, user, 2 + i % 3, SLOT - timedelta(days=2))
    assert (await release(runtime, "2026-W48", SLOT)).shown
    # A nudge moved to Thursday the same week: its window starts where the last one ended, so
    # Monday's check-ins are never counted twice.
    thursday = await release(runtime, "2026-W49", SLOT + timedelta(days=3))
    assert thursday.form == HIDDEN


async def test_a_late_release_never_counts_what_a_later_one_already_did(runtime: Runtime) -> None:
    reports = [f"U0R{i}" for i in range(6)]
    await seed(runtime, reports)
    for i, user in enumerate(reports[:5]):
        await check_in(runtime, user, 2 + i % 3, SLOT - timedelta(days=2))
    # Next week's release is made first and covers the 7 days before it; this week's then
    # overlaps it and shows nothing.
    assert (await release(runtime, "2026-W49", SLOT + timedelta(days=3))).shown
    assert (await release(runtime, "2026-W48", SLOT)).form == HIDDEN

"""Manager nudges, domain rules: sharing, due times, fairness, tips."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.runtime import Runtime
from bot.services import nudges, outbox, releases
from bot.services.nudges import Recorded
from bot.services.outbox import Due
from bot.services.workspaces import ensure_workspaces
from bot.store.models import CheckIn, Delivery, Member, NudgeFeedback

TEAM = "T0KINDRED"
BOSS = "U0BOSS"
K = 5
# Monday 2026-11-23, 09:30 in Berlin: the slot of the Berlin manager's nudge.
SLOT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
CHECKED = datetime(2026, 11, 1, tzinfo=UTC)


async def seed_team(
    runtime: Runtime,
    reports: list[str],
    *,
    manager: str = BOSS,
    tz: str = "Europe/Berlin",
    manager_since: datetime | None = None,
) -> None:
    async with runtime.db.session() as session:
        await ensure_workspaces(session, [TEAM])
        session.add(Member(team_id=TEAM, user_id=manager, tz=tz, tz_checked_at=CHECKED))
        session.add_all(
            Member(
                team_id=TEAM,
                user_id=user,
                manager_user_id=manager,
                manager_since=manager_since,
                tz="Europe/London",
                tz_checked_at=CHECKED,
            )
            for user in reports
        )


async def check_in(
    runtime: Runtime,
    user: str,
    mood: int,
    when: datetime,
    note: str | None = None,
    shared: bool = False,
    shared_with: str = BOSS,
) -> None:
    async with runtime.db.session() as session:
        session.add(
            CheckIn(
                team_id=TEAM,
                user_id=user,
                mood=mood,
                note=note,
                shared_with_manager=shared,
                shared_with=shared_with if shared else None,
                created_at=when,
            )
        )


async def plan(runtime: Runtime, delivery_id: int, as_of: datetime = SLOT) -> nudges.NudgePlan:
    """What the composer reads for the nudge `delivery_id` (bot/deliveries/manager_nudge.py)."""
    async with runtime.db.session() as session:
        delivery = await session.get(Delivery, delivery_id)
        assert delivery is not None
        pulse = await releases.release_for(session, TEAM, BOSS, delivery.period, as_of, K)
        return await nudges.plan_nudge(session, TEAM, BOSS, delivery_id, as_of, pulse)


async def test_only_check_ins_shared_with_this_manager_are_shown(runtime: Runtime) -> None:
    joined = SLOT - timedelta(days=4)
    await seed_team(runtime, ["U0ADA", "U0BEA"], manager_since=joined)
    await check_in(runtime, "U0ADA", 2, SLOT - timedelta(days=2), "rough week", shared=True)
    await check_in(runtime, "U0ADA", 1, SLOT - timedelta(days=1), "private", shared=False)
    # Shared with their previous manager, before joining this team: not for this one.
    await check_in(
        runtime, "U0BEA", 3, SLOT - timedelta(days=5), "for my old boss", True, "U0OLDBOSS"
    )
    await check_in(runtime, "U0BEA", 4, SLOT - timedelta(days=9), "last week", shared=True)
    shared = (await plan(runtime, await enqueue_nudge(runtime, 48))).shared
    assert [(s.user_id, s.mood, s.note) for s in shared] == [("U0ADA", 2, "rough week")]


async def test_berlin_and_los_angeles_managers_are_due_at_their_own_0930(
    runtime: Runtime,
) -> None:
    await seed_team(runtime, ["U0ADA"], manager="U0BERLIN", tz="Europe/Berlin")
    await seed_team(runtime, ["U0BO"], manager="U0LA", tz="America/Los_Angeles")
    at_0830 = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    at_1730 = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    async with runtime.db.session() as session:
        assert await nudges.due_nudges(session, at_0830 - timedelta(minutes=1)) == []
        assert await nudges.due_nudges(session, at_0830) == [
            Due(TEAM, "U0BERLIN", "manager_nudge", "2026-W48")
        ]
        assert sorted(await nudges.due_nudges(session, at_1730), key=str) == [
            Due(TEAM, "U0BERLIN", "manager_nudge", "2026-W48"),
            Due(TEAM, "U0LA", "manager_nudge", "2026-W48"),
        ]


async def test_not_due_without_reports_a_known_zone_or_when_off_or_paused(
    runtime: Runtime,
) -> None:
    await seed_team(runtime, ["U0ADA"])
    async with runtime.db.session() as session:
        session.add(Member(team_id=TEAM, user_id="U0LONER", tz="Europe/Berlin"))

    async def due() -> list[str]:
        async with runtime.db.session() as session:
            return [d.recipient for d in await nudges.due_nudges(session, SLOT)]

    assert await due() == [BOSS]
    async with runtime.db.session() as session:
        boss = await session.scalar(select(Member).where(Member.user_id == BOSS))
        boss.tz_checked_at = None  # zone never read from Slack: not guessed
    assert await due() == []
    async with runtime.db.session() as session:
        boss = await session.scalar(select(Member).where(Member.user_id == BOSS))
        boss.tz_checked_at = CHECKED
        boss.paused_until = date(2026, 11, 24)  # back tomorrow
    assert await due() == []
    async with runtime.db.session() as session:
        boss = await session.scalar(select(Member).where(Member.user_id == BOSS))
        boss.paused_until = date(2026, 11, 23)  # back today
        assert await nudges.set_nudges_enabled(session, TEAM, BOSS, False)
    assert await due() == []
    async with runtime.db.session() as session:
        assert await nudges.skip_reason(session, TEAM, BOSS, SLOT) == "nudges turned off"
        assert await nudges.skip_reason(session, TEAM, "U0LONER", SLOT) == "no reports"
        assert await nudges.skip_reason(session, TEAM, "U0NOBODY", SLOT) == "not a member"


def test_slot_instant_is_the_local_slot_of_the_period() -> None:
    assert nudges.slot_instant("2026-W48", "Europe/Berlin", 0, time(9, 30)) == SLOT
    la = nudges.slot_instant("2026-W48", "America/Los_Angeles", 0, time(9, 30))
    assert la == datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


async def enqueue_nudge(runtime: Runtime, week: int) -> int:
    async with runtime.db.session() as session:
        await outbox.enqueue(session, [Due(TEAM, BOSS, "manager_nudge", f"2026-W{week}")], SLOT)
        return await session.scalar(select(Delivery.id).where(Delivery.period == f"2026-W{week}"))


async def suggest(runtime: Runtime, delivery_id: int, as_of: datetime, away=()) -> list[str]:
    """What the composer does: candidates in order, the first available ones recorded."""
    planned = await plan(runtime, delivery_id, as_of)
    wanted = nudges.suggestion_count(planned.team_size)
    chosen = [c for c in planned.candidates if c not in away][:wanted]
    async with runtime.db.session() as session:
        await nudges.record_suggestions(session, TEAM, BOSS, delivery_id, chosen, as_of)
    return chosen


async def choose_tip(runtime: Runtime, delivery_id: int) -> str | None:
    """What the composer does: the plan's tip, recorded when it is new."""
    planned = await plan(runtime, delivery_id)
    if planned.tip_is_new and planned.tip is not None:
        async with runtime.db.session() as session:
            nudges.record_tip(session, TEAM, BOSS, delivery_id, planned.tip)
    return planned.tip


async def test_suggestions_take_turns_and_skip_paused_people(runtime: Runtime) -> None:
    reports = [f"U0R{i}" for i in range(6)]
    await seed_team(runtime, reports)
    async with runtime.db.session() as session:
        paused = await session.scalar(select(Member).where(Member.user_id == "U0R5"))
        paused.paused_until = date(2027, 1, 1)
    seen: Counter[str] = Counter()
    for week in range(48, 51):
        as_of = SLOT + timedelta(weeks=week - 48)
        picked = await suggest(runtime, await enqueue_nudge(runtime, week), as_of)
        assert len(picked) == 2
        seen.update(picked)
    # Three weeks of two: each of the five who are not paused once, the first one again.
    assert seen == Counter({"U0R0": 2, "U0R1": 1, "U0R2": 1, "U0R3": 1, "U0R4": 1})


async def test_snoozed_people_come_first_next_week(runtime: Runtime) -> None:
    reports = [f"U0R{i}" for i in range(4)]
    await seed_team(runtime, reports)
    first = await enqueue_nudge(runtime, 48)
    assert await suggest(runtime, first, SLOT) == ["U0R0"]
    async with runtime.db.session() as session:
        recorded = await nudges.record_action(session, TEAM, BOSS, first, nudges.SNOOZED, "U0R0")
    assert recorded is Recorded.RECORDED
    second = await enqueue_nudge(runtime, 49)
    assert await suggest(runtime, second, SLOT + timedelta(weeks=1)) == ["U0R0"]
    third = await enqueue_nudge(runtime, 50)
    assert await suggest(runtime, third, SLOT + timedelta(weeks=2)) == ["U0R1"]
    # A retry of the second nudge suggests whom it suggested then, without choosing again.
    again = await plan(runtime, second, SLOT + timedelta(weeks=1))
    assert (again.suggested, again.candidates) == (["U0R0"], [])


async def test_buttons_record_only_what_the_nudge_offered_to_its_recipient(
    runtime: Runtime,
) -> None:
    await seed_team(runtime, ["U0ADA", "U0BEA"])
    delivery_id = await enqueue_nudge(runtime, 48)
    await suggest(runtime, delivery_id, SLOT)
    tip = await choose_tip(runtime, delivery_id)

    async def click(user: str, action: str, subject: str, nudge: int = delivery_id) -> Recorded:
        async with runtime.db.session() as session:
            return await nudges.record_action(session, TEAM, user, nudge, action, subject)

    assert await click(BOSS, nudges.DONE, "U0ADA") is Recorded.RECORDED
    assert await click(BOSS, nudges.DONE, "U0ADA") is Recorded.ALREADY
    assert await click(BOSS, nudges.SNOOZED, "U0ADA") is Recorded.ALREADY
    assert await click(BOSS, nudges.DONE, "U0BEA") is Recorded.REFUSED  # not suggested
    assert await click("U0ADA", nudges.DONE, "U0ADA") is Recorded.REFUSED  # not their nudge
    assert await click(BOSS, nudges.DONE, "U0ADA", nudge=delivery_id + 99) is Recorded.REFUSED
    assert await click(BOSS, nudges.UNHELPFUL, tip or "") is Recorded.RECORDED
    assert await click(BOSS, nudges.HELPFUL, "some_other_tip") is Recorded.REFUSED
    assert await click(BOSS, "delete_everything", "U0ADA") is Recorded.REFUSED
    async with runtime.db.session() as session:
        actions = [
            (row.action, row.subject)
            for row in await session.scalars(select(NudgeFeedback).order_by(NudgeFeedback.id))
        ]
    assert actions == [
        ("suggested", "U0ADA"),
        ("tip_shown", "kind_feedback"),
        ("done", "U0ADA"),
        ("unhelpful", "kind_feedback"),
    ]
    next_week = await enqueue_nudge(runtime, 49)
    async with runtime.db.session() as session:
        assert await nudges.done_last_time(session, TEAM, BOSS, next_week) == 1
        assert await nudges.done_last_time(session, TEAM, BOSS, delivery_id) == 0


def test_tips_rotate_and_skip_unhelpful_ones() -> None:
    tips = ("a", "b", "c")
    assert nudges.next_tip(tips, None, set()) == "a"
    assert nudges.next_tip(tips, "a", set()) == "b"
    assert nudges.next_tip(tips, "c", set()) == "a"
    assert nudges.next_tip(tips, "a", {"b"}) == "c"
    assert nudges.next_tip(tips, "gone", {"a"}) == "b"
    assert nudges.next_tip(tips, "a", {"a", "b", "c"}) is None


async def test_a_tip_marked_unhelpful_stops_coming(runtime: Runtime) -> None:
    await seed_team(runtime, ["U0ADA"])
    shown = []
    for week in range(40, 52):
        delivery_id = await enqueue_nudge(runtime, week)
        tip = await choose_tip(runtime, delivery_id)
        assert await choose_tip(runtime, delivery_id) == tip  # a retry
        shown.append(tip)
        if tip == "good_days_too":
            async with runtime.db.session() as session:
                vote = nudges.UNHELPFUL
                await nudges.record_action(session, TEAM, BOSS, delivery_id, vote, tip)
    assert shown[:5] == list(nudges.TIPS)
    assert shown.count("good_days_too") == 1
    assert shown[5:9] == [t for t in nudges.TIPS if t != "good_days_too"]

"""The weekly manager nudge through the real cycle, sender and Slack stand-in (SQLite and PG)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.deliveries import OutgoingMessage, Skip, delivery_kinds
from bot.deliveries.cycle import run_cycle
from bot.deliveries.manager_nudge import compose
from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import nudges, outbox, teams
from bot.services.outbox import Due
from bot.services.workspaces import ensure_workspaces
from bot.slack.directory import read_directory
from bot.slack.sender import Sender
from bot.store.models import CheckIn, Delivery, Member
from tests.support.blockkit import assert_valid_blocks, assert_valid_call

TEAM = "T0KINDRED"
MONDAY_0830 = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
MONDAY_1730 = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 09:30 in Los Angeles
BERLIN, LA = "U0BERLIN", "U0LA"


async def cycle(runtime: Runtime, as_of: datetime):
    kinds = delivery_kinds()
    return await run_cycle(runtime, kinds, Sender(runtime, kinds), as_of)


def posts(standin: SlackStandIn, kind: str = "manager_nudge") -> list[Any]:
    """Successful chat.postMessage calls of one delivery kind, each checked against Block Kit."""
    found = []
    for call in standin.calls("chat.postMessage"):
        assert_valid_call(call.method, call.params)
        metadata = call.params.get("metadata") or {}
        if call.status == 200 and metadata.get("event_payload", {}).get("kind") == kind:
            found.append(call)
    return found


async def import_chart(runtime: Runtime, links: dict[str, str | None]) -> None:
    async with runtime.db.session() as session:
        await teams.replace_chart(session, TEAM, links, MONDAY_0830 - timedelta(days=30))


async def test_each_manager_is_nudged_at_their_own_local_time_once(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    standin.add_user(BERLIN, tz="Europe/Berlin")
    standin.add_user(LA, tz="America/Los_Angeles")
    for user in ("U0ADA", "U0BEA", "U0CY", "U0DEE"):
        standin.add_user(user, tz="Europe/London")
    await import_chart(
        runtime, {"U0ADA": BERLIN, "U0BEA": BERLIN, "U0CY": LA, "U0DEE": LA, BERLIN: None}
    )
    # The first cycle reads everyone's time zone from Slack, then finds who is due.
    first = await cycle(runtime, MONDAY_0830)
    assert [c.params["channel"] for c in posts(standin)] == [BERLIN]
    assert sorted(c.params["channel"] for c in posts(standin, "team_welcome")) == [
        "U0ADA",
        "U0BEA",
        "U0CY",
        "U0DEE",
    ]
    assert first.drained.outcomes == {"sent": 5}

    standin.clear()
    assert (await cycle(runtime, MONDAY_0830)).enqueued == 0
    late = await cycle(runtime, MONDAY_1730)
    assert (late.enqueued, late.drained.sent) == (1, 1)
    assert [c.params["channel"] for c in posts(standin)] == [LA]

    standin.clear()
    for again in (MONDAY_0830, MONDAY_1730, MONDAY_1730 + timedelta(hours=4)):
        report = await cycle(runtime, again)
        assert (report.enqueued, report.drained.outcomes) == (0, {})
    assert standin.calls("chat.postMessage") == []
    # The next Monday is a new week.
    next_week = await cycle(runtime, MONDAY_0830 + timedelta(weeks=1))
    assert next_week.drained.sent == 1


async def seed_team(runtime: Runtime, standin: SlackStandIn, size: int) -> list[str]:
    reports = [f"U0R{i:02d}" for i in range(size)]
    standin.add_user(BERLIN, tz="Europe/Berlin")
    for user in reports:
        standin.add_user(user, tz="Europe/London")
    await import_chart(runtime, dict.fromkeys(reports, BERLIN))
    async with runtime.db.session() as session:
        for member in await session.scalars(select(Member)):
            member.tz = "Europe/Berlin" if member.user_id == BERLIN else "Europe/London"
            member.tz_checked_at = MONDAY_0830 - timedelta(days=1)
    return reports


async def check_in(
    runtime: Runtime, user: str, mood: int, days_ago: float, note: str, shared: bool = False
) -> None:
    async with runtime.db.session() as session:
        session.add(
            CheckIn(
                team_id=TEAM,
                user_id=user,
                mood=mood,
                note=note,
                shared_with_manager=shared,
                shared_with=BERLIN if shared else None,
                created_at=MONDAY_0830 - timedelta(days=days_ago),
            )
        )


async def the_nudge(runtime: Runtime, period: str = "2026-W48") -> Delivery:
    async with runtime.db.session() as session:
        await outbox.enqueue(session, [Due(TEAM, BERLIN, "manager_nudge", period)], MONDAY_0830)
        return await session.scalar(
            select(Delivery).where(Delivery.kind == "manager_nudge", Delivery.period == period)
        )


async def composed(runtime: Runtime, delivery: Delivery) -> OutgoingMessage:
    client = await runtime.clients.for_team(TEAM)
    message = await compose(runtime, client, delivery)
    assert isinstance(message, OutgoingMessage)
    assert_valid_blocks(message.blocks)
    return message


def words(message: OutgoingMessage) -> str:
    return message.text + "\n" + json.dumps(message.blocks, ensure_ascii=False)


def mentioned(message: OutgoingMessage) -> set[str]:
    return set(re.findall(r"<@(U[A-Z0-9]+)>", words(message)))


async def test_with_k_minus_1_answers_the_nudge_reveals_nothing_and_a_retry_never_recomputes(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    k = runtime.settings.KINDRED_MIN_GROUP
    reports = await seed_team(runtime, standin, 8)
    # k - 1 people answer, with private notes: nothing about them is shown.
    for i, user in enumerate(reports[: k - 1]):
        await check_in(runtime, user, 1 + i % 5, days_ago=1 + i / 10, note=f"secret {user}")
    delivery = await the_nudge(runtime)
    first = await composed(runtime, delivery)
    assert "not enough check-ins to show yet" in words(first)
    assert "average" not in words(first) and "secret" not in words(first)
    suggested = mentioned(first) - {BERLIN}
    assert len(suggested) == 2

    # A k-th answer from before the slot arrives before a retry: the retry says exactly what was
    # released the first time (published once), never a second figure over other people.
    await check_in(runtime, reports[-1], 4, days_ago=0.5, note="secret last")
    assert await composed(runtime, delivery) == first


async def test_with_k_private_answers_the_pulse_shows_with_the_change_over_the_same_team(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    k = runtime.settings.KINDRED_MIN_GROUP
    reports = await seed_team(runtime, standin, 8)
    for i, user in enumerate(reports[:k]):
        await check_in(runtime, user, 2 + i % 3, days_ago=8 + i / 10, note=f"secret {user}")
    last_week = await composed(runtime, await the_nudge(runtime, "2026-W47"))
    assert f"{k} people checked in privately, average *2.8*" in words(last_week)
    assert "No comparison with the week before" in words(last_week)
    assert "secret" not in words(last_week)

    this_week = await composed(runtime, await the_nudge(runtime))
    assert "not enough check-ins to show yet" in words(this_week)


async def test_shared_check_ins_show_with_their_note_escaped_and_dips_bring_a_reminder(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    reports = await seed_team(runtime, standin, 8)
    for user, mood in zip(reports, (4, 4, 4, 4, 4, 5), strict=False):
        await check_in(runtime, user, mood, days_ago=9, note="last week")
    assert "average *4.2*" in words(await composed(runtime, await the_nudge(runtime, "2026-W47")))
    for user, mood in zip(reports, (3, 3, 3, 3, 3, 2), strict=False):
        await check_in(runtime, user, mood, days_ago=2, note="unshared note")
    await check_in(runtime, reports[7], 2, days_ago=1, note="<!channel> rough & long", shared=True)
    message = await composed(runtime, await the_nudge(runtime))
    text = words(message)
    # Six private answers (≥ k, not the whole pool of 7): the pulse is shown, and it dipped. The
    # shared check-in is shown on its own and is not part of the pulse.
    assert "6 people checked in privately, average *2.8*" in text
    assert "down 1.4 on the week before." in text
    assert "Read the room:" in text and "dropped or delayed" in text
    assert "A lighter week" not in text
    assert "&lt;!channel&gt; rough &amp; long" in text and "<!channel>" not in text
    assert f"<@{reports[7]}> shared on Sunday: not feeling great" in text and "2/5" not in text
    assert "unshared note" not in text and "last week" not in text


async def test_away_people_are_not_suggested_and_an_away_manager_is_not_nudged(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    reports = await seed_team(runtime, standin, 3)
    standin.set_status(reports[0], "On holiday", ":palm_tree:")
    message = await composed(runtime, await the_nudge(runtime))
    assert mentioned(message) == {reports[1]}

    standin.set_status(BERLIN, "OOO", "")
    await read_directory(runtime, TEAM)  # as before each slot (or on Slack's user_change event)
    delivery = await the_nudge(runtime)
    client = await runtime.clients.for_team(TEAM)
    assert await compose(runtime, client, delivery) == Skip("away (Slack status)")

    async with runtime.db.session() as session:
        await nudges.set_nudges_enabled(session, TEAM, BERLIN, False)
    assert await compose(runtime, client, delivery) == Skip("nudges turned off")


async def test_nobody_to_suggest_when_everyone_is_away(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    reports = await seed_team(runtime, standin, 2)
    for user in reports:
        standin.set_status(user, "Vacationing", ":palm_tree:")
    message = await composed(runtime, await the_nudge(runtime))
    assert mentioned(message) == set()
    assert "no suggestion this week" in words(message)


async def test_rate_limits_are_waited_out_and_a_manager_slack_no_longer_knows_is_skipped(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    await seed_team(runtime, standin, 2)
    async with runtime.db.session() as session:
        await ensure_workspaces(session, [TEAM])
        session.add(Member(team_id=TEAM, user_id="U0GONE", tz="Europe/Berlin"))
        session.add(Member(team_id=TEAM, user_id="U0GONER", manager_user_id="U0GONE"))
    async with runtime.db.session() as session:
        gone = await session.scalar(select(Member).where(Member.user_id == "U0GONE"))
        gone.tz_checked_at = MONDAY_0830  # known zone, but Slack no longer knows the person
    async with runtime.db.session() as session:  # the team notes went out earlier
        await session.execute(update(Delivery).values(status="sent"))
    standin.fail_next("chat.postMessage", status=429, retry_after=1)
    report = await cycle(runtime, MONDAY_0830)
    assert report.drained.outcomes == {"sent": 1, "skipped": 1}
    assert [c.status for c in standin.calls("chat.postMessage")] == [429, 200]
    assert [c.params["channel"] for c in posts(standin)] == [BERLIN]
    async with runtime.db.session() as session:
        skipped = list(await session.scalars(select(Delivery).where(Delivery.status == "skipped")))
    assert [(f.recipient, f.last_error) for f in skipped] == [("U0GONE", "no longer in Slack")]

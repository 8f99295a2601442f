"""The weekly check-in reminder through the real outbox, sender and stand-in, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.deliveries import delivery_kinds
from bot.deliveries.cycle import enqueue_due, run_cycle
from bot.runtime import Runtime
from bot.sandbox.standin import SlackStandIn
from bot.services import checkins, reminders
from bot.services.checkins import CheckinInput
from bot.services.members import ensure_member
from bot.slack.blocks import (
    ADD_NOTE_ACTION,
    FOCUS_ACTION,
    MOOD_ACTION_PREFIX,
    REMINDERS_OFF_ACTION,
)
from bot.slack.sender import Sender
from bot.store.models import Delivery, Member
from tests.support.blockkit import assert_valid_call

TEAM = "T0KINDRED"
# Friday 27 November 2026 (ISO week 2026-W48): London is on UTC, New York 5 hours behind.
FRIDAY_1505 = datetime(2026, 11, 27, 15, 5, tzinfo=UTC)
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


async def add_member(
    runtime: Runtime, standin: SlackStandIn, user_id: str, tz: str = "Europe/London", **fields
) -> None:
    """A member Slack knows, with Kindred's defaults (Friday 15:00) unless `fields` say else."""
    standin.add_user(user_id, tz=tz)
    async with runtime.db.session() as session:
        member = await ensure_member(session, TEAM, user_id)
        for name, value in fields.items():
            setattr(member, name, value)


async def cycle(runtime: Runtime, as_of: datetime = FRIDAY_1505):
    kinds = delivery_kinds()
    return await run_cycle(runtime, kinds, Sender(runtime, kinds, worker="test"), as_of)


def reminded(standin: SlackStandIn) -> list[str]:
    return sorted(c.params["channel"] for c in standin.calls("chat.postMessage"))


async def outbox(runtime: Runtime) -> dict[str, tuple[str, str | None]]:
    async with runtime.db.session() as session:
        rows = await session.scalars(select(Delivery).order_by(Delivery.id))
        return {r.recipient: (r.status, r.last_error) for r in rows}


async def test_due_at_local_time_on_the_chosen_weekday_only(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        for user, tz, extra in [
            ("U0LONDON", "Europe/London", {}),
            ("U0NEWYORK", "America/New_York", {}),
            ("U0AUCKLAND", "Pacific/Auckland", {}),  # its Friday 15:00 was 02:00 UTC; day over
            ("U0MONDAY", "Europe/London", {"reminder_weekday": 0}),
            ("U0LATER", "Europe/London", {"reminder_time": time(16, 0)}),
            ("U0OFF", "Europe/London", {"reminders_enabled": False}),
            ("U0PAUSED", "Europe/London", {"paused_until": date(2026, 12, 7)}),
            ("U0BACK", "Europe/London", {"paused_until": date(2026, 11, 27)}),
            ("U0WEEKEND", "Europe/London", {"reminder_weekday": 5}),
        ]:
            member = await ensure_member(session, TEAM, user)
            member.tz = tz
            for name, value in extra.items():
                setattr(member, name, value)
        due = await reminders.find_due(session, FRIDAY_1505)
        assert sorted(d.recipient for d in due) == ["U0BACK", "U0LONDON"]
        assert {(d.kind, d.period) for d in due} == {("checkin_reminder", "2026-W48")}
        new_york = await reminders.find_due(session, FRIDAY_1505 + timedelta(hours=5))
        assert "U0NEWYORK" in {d.recipient for d in new_york}
        saturday = await reminders.find_due(session, FRIDAY_1505 + timedelta(days=1))
        assert saturday == []
        # Saturday 01:05 UTC is still Friday afternoon in Honolulu (and evening in New York).
        honolulu = await ensure_member(session, TEAM, "U0HONOLULU")
        honolulu.tz = "Pacific/Honolulu"
        early_saturday = await reminders.find_due(session, datetime(2026, 11, 28, 1, 5, tzinfo=UTC))
        assert sorted((d.recipient, d.period) for d in early_saturday) == [
            ("U0HONOLULU", "2026-W48"),
            ("U0NEWYORK", "2026-W48"),
        ]


async def test_a_member_who_checked_in_that_week_is_not_due(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        for user in ("U0ADA", "U0GRACE", "U0HOPPER"):
            await ensure_member(session, TEAM, user)
        await checkins.record(
            session, TEAM, "U0GRACE", CheckinInput(3, None), source="quick", now=WEDNESDAY
        )
        # Last week's check-in does not count for this week.
        await checkins.record(
            session, TEAM, "U0HOPPER", CheckinInput(3, None), source="quick",
            now=WEDNESDAY - timedelta(days=7),
        )  # fmt: skip
        due = await reminders.find_due(session, FRIDAY_1505)
    assert sorted(d.recipient for d in due) == ["U0ADA", "U0HOPPER"]


async def test_two_cycles_send_one_reminder_with_buttons_and_an_opt_out(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    await add_member(runtime, standin, "U0ADA")
    await add_member(runtime, standin, "U0GRACE")
    async with runtime.db.session() as session:
        await checkins.record(
            session, TEAM, "U0GRACE", CheckinInput(4, None), source="quick", now=WEDNESDAY
        )
    first = await cycle(runtime)
    second = await cycle(runtime, FRIDAY_1505 + timedelta(hours=2))
    assert (first.enqueued, first.drained.sent) == (1, 1)
    assert (second.enqueued, second.drained.sent) == (0, 0)
    assert reminded(standin) == ["U0ADA"]
    (call,) = standin.calls("chat.postMessage")
    assert_valid_call(call.method, call.params)
    assert call.params["metadata"]["event_payload"]["kind"] == "checkin_reminder"
    action_ids = [
        element["action_id"]
        for block in call.params["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert action_ids == [
        *(f"{MOOD_ACTION_PREFIX}{m}" for m in range(1, 6)),
        ADD_NOTE_ACTION,
        FOCUS_ACTION,
        REMINDERS_OFF_ACTION,
    ]
    assert await outbox(runtime) == {"U0ADA": ("sent", None)}


async def test_after_a_hard_week_the_reminder_asks_kindly_how_this_week_is_going(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    last_week = WEDNESDAY - timedelta(days=7)
    moods = {"U0ROUGH": [4, 1], "U0GOOD": [1, 5], "U0EARLIER": [2], "U0NEW": []}
    for user, seq in moods.items():
        await add_member(runtime, standin, user)
        async with runtime.db.session() as session:
            for hours, mood in enumerate(seq):
                at = last_week if user != "U0EARLIER" else last_week - timedelta(days=7)
                await checkins.record(
                    session, TEAM, user, CheckinInput(mood, None), source="quick",
                    now=at + timedelta(hours=hours),
                )  # fmt: skip
    await cycle(runtime)
    texts = {
        c.params["channel"]: str(c.params["blocks"]) for c in standin.calls("chat.postMessage")
    }
    follow_up = "Last week sounded hard"
    # Only the latest check-in of last week counts: a rough start that ended well is not followed
    # up, nor is a hard week longer ago.
    assert [u for u, text in sorted(texts.items()) if follow_up in text] == ["U0ROUGH"]
    assert "How is this week going?" in texts["U0ROUGH"]
    assert texts["U0GOOD"] == texts["U0EARLIER"] == texts["U0NEW"]
    for call in standin.calls("chat.postMessage"):
        assert_valid_call(call.method, call.params)


async def test_away_status_and_late_changes_skip_at_send_time(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    await add_member(runtime, standin, "U0AWAY")
    await add_member(runtime, standin, "U0SICK")
    await add_member(runtime, standin, "U0CHECKED")
    await add_member(runtime, standin, "U0OFF")
    await add_member(runtime, standin, "U0PAUSED")
    await add_member(runtime, standin, "U0GONE")
    standin.set_status("U0AWAY", "On vacation", ":palm_tree:")
    standin.set_status("U0SICK", "", ":face_with_thermometer:")
    kinds = delivery_kinds()
    enqueued = await enqueue_due(runtime, kinds, FRIDAY_1505)
    assert enqueued == 6
    # Between enqueueing and sending, people change their minds.
    async with runtime.db.session() as session:
        await checkins.record(
            session, TEAM, "U0CHECKED", CheckinInput(5, None), source="quick", now=FRIDAY_1505
        )
        await checkins.set_reminders(session, TEAM, "U0OFF", enabled=False)
        await checkins.pause(session, TEAM, "U0PAUSED", date(2099, 1, 1))
        await checkins.forget(session, TEAM, "U0GONE", FRIDAY_1505)
    report = await Sender(runtime, kinds).drain()
    assert report.outcomes == {"skipped": 5}
    assert reminded(standin) == []
    assert await outbox(runtime) == {
        "U0AWAY": ("skipped", "away (Slack status)"),
        "U0SICK": ("skipped", "away (Slack status)"),
        "U0CHECKED": ("skipped", reminders.CHECKED_IN),
        "U0OFF": ("skipped", reminders.OPTED_OUT),
        "U0PAUSED": ("skipped", reminders.PAUSED),
    }


async def test_time_zone_comes_from_slack_and_decides_the_hour(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    await add_member(runtime, standin, "U0NEWYORK", tz="America/New_York")
    at_london_time = await cycle(runtime)
    async with runtime.db.session() as session:
        member = await session.scalar(select(Member).where(Member.user_id == "U0NEWYORK"))
        assert member is not None and member.tz == "America/New_York"
        assert member.tz_checked_at is not None
    at_new_york_time = await cycle(runtime, FRIDAY_1505 + timedelta(hours=5))
    assert (at_london_time.enqueued, at_new_york_time.enqueued) == (0, 1)
    assert reminded(standin) == ["U0NEWYORK"]

"""The weekly check-in reminder: a DM with five one-click moods, "Add a note" and an opt-out.

After a rough or not-great week it says so kindly and asks how this week is going.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.runtime import Runtime
from bot.services import directory, reminders
from bot.services.hearing import last_week_was_hard
from bot.services.members import get_member
from bot.services.outbox import Due
from bot.services.schedule import utcnow
from bot.slack.blocks import reminder_blocks
from bot.slack.checkins import CHECKIN_LABELS, mood_labels
from bot.slack.directory import person
from bot.store.models import Delivery

AWAY = "away (Slack status)"
UNREACHABLE = "deactivated or a bot in Slack"
GONE = "no longer in Slack"


async def find_due(session: AsyncSession, runtime: Runtime, as_of: datetime) -> list[Due]:
    """Members whose weekly reminder is due at `as_of` (see bot/services/reminders.py)."""
    return await reminders.find_due(session, as_of)


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """The reminder for one outbox row, unless it is no longer wanted at send time."""
    now = utcnow()
    async with runtime.db.session() as session:
        member = await get_member(session, delivery.team_id, delivery.recipient)
        reason = await reminders.skip_reason(session, member, delivery.period, now)
        listed = await directory.lookup(session, delivery.team_id, [delivery.recipient])
        follow_up = member is not None and await last_week_was_hard(
            session, delivery.team_id, delivery.recipient, member.tz, delivery.period
        )
    if reason is not None or member is None:
        return Skip(reason or reminders.FORGOTTEN)
    weekday = member.reminder_weekday
    # The directory (read in bulk shortly before the slot) says whether they are away.
    profile = listed.get(delivery.recipient) or await person(
        runtime, client, delivery.team_id, delivery.recipient
    )
    if profile is None:
        return Skip(GONE)
    if not profile.reachable:
        return Skip(UNREACHABLE)
    if profile.away_at(now):
        return Skip(AWAY)
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    return OutgoingMessage(
        text=labels["reminder_notification"],
        blocks=reminder_blocks(
            text=runtime.prompts.render("checkin/reminder", weekday=weekday, follow_up=follow_up),
            mood_labels=mood_labels(runtime),
            add_note=labels["add_note"],
            opt_out=labels["reminders_off"],
            footer=runtime.prompts.render("checkin/reminder_footer"),
            focus=labels["focus_button"],
        ),
    )


def checkin_reminder_kind() -> DeliveryKind:
    """The `checkin_reminder` delivery kind."""
    return DeliveryKind(reminders.KIND, find_due, compose)

"""The weekly check-in reminder: a DM with five one-click moods, "Add a note" and an opt-out.

After a rough or not-great week it says so kindly and asks how this week is going.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.runtime import Runtime
from bot.services import reminders
from bot.services.hearing import last_week_was_hard
from bot.services.members import get_member, record_time_zone
from bot.services.outbox import Due
from bot.services.schedule import utcnow
from bot.slack.blocks import reminder_blocks
from bot.slack.checkins import CHECKIN_LABELS, mood_labels
from bot.slack.profiles import fetch_profile
from bot.store.models import Delivery

AWAY = "away (Slack status)"
UNREACHABLE = "deactivated or a bot in Slack"


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
    if reason is not None or member is None:
        return Skip(reason or reminders.FORGOTTEN)
    weekday = member.reminder_weekday
    profile = await fetch_profile(client, delivery.recipient)
    async with runtime.db.session() as session:
        member = await get_member(session, delivery.team_id, delivery.recipient)
        if member is not None:
            record_time_zone(member, profile.tz, now)
        follow_up = await last_week_was_hard(
            session, delivery.team_id, delivery.recipient, profile.tz, delivery.period
        )
    if not profile.reachable:
        return Skip(UNREACHABLE)
    if profile.away:
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

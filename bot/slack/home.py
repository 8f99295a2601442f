"""App Home: the member's own trend, streak and last check-in, quick check-in and settings;
for managers also their team's released pulses, who shared with them, and their nudge.

Home is only ever published to the person it describes (views.publish with their user id).
"""

from __future__ import annotations

from datetime import time

from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from bot.services import checkins, nudges, releases, teams
from bot.services.members import get_member
from bot.services.schedule import utcnow
from bot.slack.blocks import (
    HOME_DAY_ACTION,
    HOME_RESUME_ACTION,
    HOME_TIME_ACTION,
    HOME_TOGGLE_ACTION,
    Block,
    button,
    divider,
    home_checkin_blocks,
    home_view,
    section,
    select_option,
    static_select,
)
from bot.slack.checkins import CHECKIN_LABELS, day_text, mood_labels
from bot.slack.focus import home_focus_blocks
from bot.store.models import DEFAULT_REMINDER_TIME, DEFAULT_REMINDER_WEEKDAY, Member

HOME_LABELS = "home/labels"
DAY_LABELS = ("monday", "tuesday", "wednesday", "thursday", "friday")  # never at weekends
# Reminder times offered on Home: every half hour through the working day.
TIME_CHOICES = [time(h, m) for h in range(7, 20) for m in (0, 30) if (h, m) <= (19, 0)]


def time_value(at: time) -> str:
    """`15:00`, as reminder times are shown and as the time select carries them."""
    return at.strftime("%H:%M")


def parse_time_value(value: str) -> time:
    """The time a Home select sent back (`HH:MM`)."""
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes))


async def manager_text(runtime: Runtime, team_id: str, user_id: str, member: Member) -> str | None:
    """The manager's part of Home: their team, released pulses, who shared, their nudge.

    None for someone who manages nobody and was never shown a pulse (their Home is a member's).
    Pulses come only from stored releases, exactly as the nudges showed them.
    """
    async with runtime.db.session() as session:
        team_size = len(await teams.current_reports(session, team_id, user_id))
        waiting = len(await teams.pending_requests(session, team_id, user_id))
        shown = await releases.history(session, team_id, user_id)
        shared = await nudges.shared_by(session, team_id, user_id, utcnow() - nudges.WEEK)
    if not (team_size or waiting or shown):
        return None
    latest = next((r for r in reversed(shown) if r.shown), None)
    return runtime.prompts.render(
        "home/manager",
        team_size=team_size,
        waiting=waiting,
        trend=checkins.sparkline([r.average for r in shown]),
        latest=latest,
        min_group=runtime.settings.KINDRED_MIN_GROUP,
        shared=shared,
        nudges_enabled=member.manager_nudges_enabled,
        weekday=member.nudge_weekday,
        time=time_value(member.nudge_time),
    )


async def home_blocks(
    runtime: Runtime, team_id: str, user_id: str, notice: str | None = None
) -> list[Block]:
    """Every block of the member's Home tab (and a manager's part, for managers)."""
    now = utcnow()
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        tz = member.tz if member else None
        summary = await checkins.summary(session, team_id, user_id, tz, now)
    managing = await manager_text(runtime, team_id, user_id, member) if member else None
    prompts = runtime.prompts
    labels = prompts.labels(HOME_LABELS)
    moods = mood_labels(runtime)
    enabled = member.reminders_enabled if member else True
    weekday = member.reminder_weekday if member else DEFAULT_REMINDER_WEEKDAY
    at = member.reminder_time if member else DEFAULT_REMINDER_TIME
    paused = member is not None and checkins.is_paused(member, now)
    last = summary.last

    summary_text = prompts.render(
        "home/checkins",
        count=summary.count,
        weeks=len(summary.trend),
        trend=summary.sparkline,
        streak=summary.streak,
        show_streak=runtime.settings.KINDRED_SHOW_STREAKS,
        last_when=day_text(last.created_at, tz, now) if last else "",
        last_mood_label=moods[last.mood] if last else "",
    )
    day_names = [labels[d] for d in DAY_LABELS]
    settings_text = prompts.render(
        "home/settings",
        enabled=enabled,
        paused_until=(
            day_text(member.paused_until, tz, now)
            if paused and member and member.paused_until
            else None
        ),
        weekday=day_names[weekday] if weekday < len(day_names) else checkins.WEEKDAYS[weekday],
        time=time_value(at),
        tz=tz or "UTC",
    )
    times = sorted({*TIME_CHOICES, at})
    settings_buttons = [
        button(labels["turn_off"], HOME_TOGGLE_ACTION, "off")
        if enabled
        else button(labels["turn_on"], HOME_TOGGLE_ACTION, "on", style="primary")
    ]
    if paused and enabled:
        settings_buttons.append(button(labels["resume"], HOME_RESUME_ACTION, "resume"))
    checkin_part = home_checkin_blocks(
        summary_text=summary_text,
        notice=notice,
        quick_prompt=labels["quick_prompt"],
        mood_labels=moods,
        add_note=prompts.labels(CHECKIN_LABELS)["add_note"],
        settings_text=settings_text,
        day_select=static_select(
            HOME_DAY_ACTION,
            labels["day_placeholder"],
            [select_option(name, str(i)) for i, name in enumerate(day_names)],
            str(weekday),
        ),
        time_select=static_select(
            HOME_TIME_ACTION,
            labels["time_placeholder"],
            [select_option(time_value(t), time_value(t)) for t in times],
            time_value(at),
        ),
        settings_buttons=settings_buttons,
    )
    return [
        section(prompts.render("home/welcome")),
        divider(),
        *checkin_part,
        *([divider(), section(managing)] if managing else []),
        divider(),
        *await home_focus_blocks(runtime, team_id, user_id),
        divider(),
        section(
            prompts.render(
                "home/privacy",
                min_group=runtime.settings.KINDRED_MIN_GROUP,
                retention_days=runtime.settings.KINDRED_RETENTION_DAYS,
            )
        ),
    ]


async def publish_home(
    runtime: Runtime,
    client: AsyncWebClient,
    team_id: str,
    user_id: str,
    notice: str | None = None,
) -> None:
    """Publish (or refresh) the Home tab of `user_id`, with `notice` on top when given."""
    blocks = await home_blocks(runtime, team_id, user_id, notice)
    await client.views_publish(user_id=user_id, view=home_view(blocks))

"""Buttons and menus in messages and on App Home."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.listeners.actions.checkin_add_note import handle_checkin_add_note
from bot.listeners.actions.checkin_mood import handle_checkin_mood
from bot.listeners.actions.checkin_reminders_off import handle_checkin_reminders_off
from bot.listeners.actions.home_reminder_day import handle_home_reminder_day
from bot.listeners.actions.home_reminder_time import handle_home_reminder_time
from bot.listeners.actions.home_reminders_resume import handle_home_reminders_resume
from bot.listeners.actions.home_reminders_toggle import handle_home_reminders_toggle
from bot.slack.blocks import (
    ADD_NOTE_ACTION,
    HOME_DAY_ACTION,
    HOME_RESUME_ACTION,
    HOME_TIME_ACTION,
    HOME_TOGGLE_ACTION,
    MOOD_ACTION_PREFIX,
    REMINDERS_OFF_ACTION,
)


def register(app: AsyncApp) -> None:
    app.action(re.compile(rf"^{MOOD_ACTION_PREFIX}[1-5]$"))(handle_checkin_mood)
    app.action(ADD_NOTE_ACTION)(handle_checkin_add_note)
    app.action(REMINDERS_OFF_ACTION)(handle_checkin_reminders_off)
    app.action(HOME_DAY_ACTION)(handle_home_reminder_day)
    app.action(HOME_TIME_ACTION)(handle_home_reminder_time)
    app.action(HOME_TOGGLE_ACTION)(handle_home_reminders_toggle)
    app.action(HOME_RESUME_ACTION)(handle_home_reminders_resume)

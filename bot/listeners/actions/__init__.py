"""Block actions: buttons, menus and dispatched inputs in messages, modals and App Home."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.deliveries import manager_nudge as nudge
from bot.deliveries.team_request import ACCEPT_ACTION, DECLINE_ACTION
from bot.deliveries.team_welcome import NOT_MY_MANAGER_ACTION
from bot.listeners.actions.checkin_add_note import handle_checkin_add_note
from bot.listeners.actions.checkin_mood import handle_checkin_mood
from bot.listeners.actions.checkin_reminders_off import handle_checkin_reminders_off
from bot.listeners.actions.focus_open import handle_focus_open
from bot.listeners.actions.home_reminder_day import handle_home_reminder_day
from bot.listeners.actions.home_reminder_time import handle_home_reminder_time
from bot.listeners.actions.home_reminders_resume import handle_home_reminders_resume
from bot.listeners.actions.home_reminders_toggle import handle_home_reminders_toggle
from bot.listeners.actions.kindly_rewrite import handle_kindly_rewrite
from bot.listeners.actions.nudge_revisit import handle_nudge_revisit
from bot.listeners.actions.nudge_stop import handle_nudge_stop
from bot.listeners.actions.nudge_suggestion import handle_nudge_suggestion
from bot.listeners.actions.nudge_tip import handle_nudge_tip
from bot.listeners.actions.space_delete import handle_space_delete
from bot.listeners.actions.space_flag import handle_space_flag
from bot.listeners.actions.space_me_too import handle_space_me_too
from bot.listeners.actions.space_moderate import handle_space_moderate
from bot.listeners.actions.space_preview import handle_space_preview
from bot.listeners.actions.space_reply import handle_space_reply
from bot.listeners.actions.team_not_my_manager import handle_not_my_manager
from bot.listeners.actions.team_request_answer import handle_team_request_answer
from bot.slack import blocks as bk


def register(app: AsyncApp) -> None:
    # Check-ins: reminder and Home buttons, Home settings
    app.action(re.compile(rf"^{bk.MOOD_ACTION_PREFIX}[1-5]$"))(handle_checkin_mood)
    app.action(bk.ADD_NOTE_ACTION)(handle_checkin_add_note)
    app.action(bk.REMINDERS_OFF_ACTION)(handle_checkin_reminders_off)
    app.action(bk.HOME_DAY_ACTION)(handle_home_reminder_day)
    app.action(bk.HOME_TIME_ACTION)(handle_home_reminder_time)
    app.action(bk.HOME_TOGGLE_ACTION)(handle_home_reminders_toggle)
    app.action(bk.HOME_RESUME_ACTION)(handle_home_reminders_resume)
    app.action(bk.FOCUS_ACTION)(handle_focus_open)
    # /kindly
    app.action(bk.KINDLY_REWRITE_ACTION)(handle_kindly_rewrite)
    # The anonymous space
    app.action(bk.SPACE_TEXT_ACTION)(handle_space_preview)
    app.action(bk.ACTION_REPLY)(handle_space_reply)
    app.action(bk.ACTION_FLAG)(handle_space_flag)
    app.action(bk.ACTION_ME_TOO)(handle_space_me_too)
    app.action(bk.ACTION_DELETE)(handle_space_delete)
    app.action(bk.ACTION_RESTORE)(handle_space_moderate)
    app.action(bk.ACTION_REMOVE)(handle_space_moderate)
    # Teams and the weekly manager nudge
    app.action(nudge.DONE_ACTION)(handle_nudge_suggestion)
    app.action(nudge.SNOOZE_ACTION)(handle_nudge_suggestion)
    app.action(nudge.HELPFUL_ACTION)(handle_nudge_tip)
    app.action(nudge.UNHELPFUL_ACTION)(handle_nudge_tip)
    app.action(nudge.REVISIT_YES_ACTION)(handle_nudge_revisit)
    app.action(nudge.REVISIT_NO_ACTION)(handle_nudge_revisit)
    app.action(nudge.STOP_ACTION)(handle_nudge_stop)
    app.action(NOT_MY_MANAGER_ACTION)(handle_not_my_manager)
    app.action(ACCEPT_ACTION)(handle_team_request_answer)
    app.action(DECLINE_ACTION)(handle_team_request_answer)

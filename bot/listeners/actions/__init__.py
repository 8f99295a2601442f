"""Buttons and other interactive elements."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.deliveries.manager_nudge import (
    DONE_ACTION,
    HELPFUL_ACTION,
    SNOOZE_ACTION,
    STOP_ACTION,
    UNHELPFUL_ACTION,
)
from bot.deliveries.team_welcome import NOT_MY_MANAGER_ACTION
from bot.listeners.actions.kindly_rewrite import handle_kindly_rewrite
from bot.listeners.actions.nudge_stop import handle_nudge_stop
from bot.listeners.actions.nudge_suggestion import handle_nudge_suggestion
from bot.listeners.actions.nudge_tip import handle_nudge_tip
from bot.listeners.actions.team_not_my_manager import handle_not_my_manager
from bot.slack.blocks import KINDLY_REWRITE_ACTION


def register(app: AsyncApp) -> None:
    app.action(KINDLY_REWRITE_ACTION)(handle_kindly_rewrite)
    for action_id in (DONE_ACTION, SNOOZE_ACTION):
        app.action(action_id)(handle_nudge_suggestion)
    for action_id in (HELPFUL_ACTION, UNHELPFUL_ACTION):
        app.action(action_id)(handle_nudge_tip)
    app.action(STOP_ACTION)(handle_nudge_stop)
    app.action(NOT_MY_MANAGER_ACTION)(handle_not_my_manager)

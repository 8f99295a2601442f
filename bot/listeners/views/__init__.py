"""Modal submissions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.views.checkin_forget_submitted import handle_checkin_forget_submitted
from bot.listeners.views.checkin_submitted import handle_checkin_submitted
from bot.slack.blocks import CHECKIN_CALLBACK, FORGET_CALLBACK


def register(app: AsyncApp) -> None:
    app.view(CHECKIN_CALLBACK)(handle_checkin_submitted)
    app.view(FORGET_CALLBACK)(handle_checkin_forget_submitted)

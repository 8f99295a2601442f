"""Modal submissions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.views.checkin_team import handle_team_submission
from bot.slack.blocks import TEAM_MODAL_CALLBACK


def register(app: AsyncApp) -> None:
    app.view(TEAM_MODAL_CALLBACK)(handle_team_submission)

"""Events API subscriptions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.events.app_home_opened import handle_app_home_opened
from bot.listeners.events.directory_changes import handle_directory_change
from bot.listeners.events.team_access_granted import handle_team_access_granted


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(handle_app_home_opened)
    app.event("team_access_granted")(handle_team_access_granted)
    app.event("user_change")(handle_directory_change)
    app.event("team_join")(handle_directory_change)

"""Slash commands."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.commands.checkin_team import handle_checkin_team, is_team_subcommand
from bot.listeners.commands.kindly import handle_kindly
from bot.listeners.commands.not_ready import handle_not_ready

SLASH_COMMANDS = ("/checkin", "/kindly", "/share")


def register(app: AsyncApp) -> None:
    app.command("/kindly")(handle_kindly)
    # Before the placeholder: Bolt runs the first listener whose matchers accept the request.
    app.command("/checkin", matchers=[is_team_subcommand])(handle_checkin_team)
    for name in SLASH_COMMANDS:
        if name != "/kindly":
            app.command(name)(handle_not_ready)

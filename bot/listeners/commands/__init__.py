"""Slash commands."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.commands.kindly import handle_kindly
from bot.listeners.commands.not_ready import handle_not_ready

SLASH_COMMANDS = ("/checkin", "/kindly", "/share")


def register(app: AsyncApp) -> None:
    app.command("/kindly")(handle_kindly)
    for name in SLASH_COMMANDS:
        if name != "/kindly":
            app.command(name)(handle_not_ready)

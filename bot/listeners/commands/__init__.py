"""Slash commands."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.listeners.commands.checkin import handle_checkin
from bot.listeners.commands.kindly import handle_kindly
from bot.listeners.commands.share import handle_share

# Exactly the commands of deploy/manifest.yml (a test keeps the two equal).
HANDLERS: dict[str, Any] = {
    "/checkin": handle_checkin,
    "/kindly": handle_kindly,
    "/share": handle_share,
}
SLASH_COMMANDS = tuple(HANDLERS)


def register(app: AsyncApp) -> None:
    for name, handler in HANDLERS.items():
        app.command(name)(handler)

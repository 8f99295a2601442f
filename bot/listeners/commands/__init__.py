"""Slash commands."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.listeners.commands.checkin import handle_checkin
from bot.listeners.commands.kindly import handle_kindly
from bot.listeners.commands.not_ready import handle_not_ready
from bot.listeners.commands.share import handle_share

SLASH_COMMANDS = ("/checkin", "/kindly", "/share")

# Commands whose feature exists; the others answer with the "not ready" placeholder.
HANDLERS: dict[str, Any] = {
    "/checkin": handle_checkin,
    "/kindly": handle_kindly,
    "/share": handle_share,
}


def register(app: AsyncApp) -> None:
    for name in SLASH_COMMANDS:
        app.command(name)(HANDLERS.get(name, handle_not_ready))

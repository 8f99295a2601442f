"""Global and message shortcuts."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.listeners.shortcuts.read_the_room import handle_read_the_room
from bot.listeners.shortcuts.reply_anonymously import handle_reply_anonymously
from bot.listeners.shortcuts.share_anonymously import handle_share_anonymously

# callback ID -> shortcut type, exactly as declared in deploy/manifest.yml
SHORTCUTS = {
    "read_the_room": "message",
    "reply_anonymously": "message",
    "share_anonymously": "global",
}

HANDLERS: dict[str, Any] = {
    "read_the_room": handle_read_the_room,
    "reply_anonymously": handle_reply_anonymously,
    "share_anonymously": handle_share_anonymously,
}


def register(app: AsyncApp) -> None:
    for callback_id, handler in HANDLERS.items():
        app.shortcut(callback_id)(handler)

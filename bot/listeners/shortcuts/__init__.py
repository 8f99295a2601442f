"""Global and message shortcuts."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.listeners.shortcuts.not_ready import handle_not_ready_shortcut
from bot.listeners.shortcuts.read_the_room import handle_read_the_room
from bot.listeners.shortcuts.reply_anonymously import handle_reply_anonymously
from bot.listeners.shortcuts.share_anonymously import handle_share_anonymously

# callback ID -> shortcut type, exactly as declared in deploy/manifest.yml
SHORTCUTS = {
    "read_the_room": "message",
    "reply_anonymously": "message",
    "share_anonymously": "global",
}

# Shortcuts whose feature exists; the others answer with the "not ready" placeholder.
HANDLERS: dict[str, Any] = {
    "read_the_room": handle_read_the_room,
    "reply_anonymously": handle_reply_anonymously,
    "share_anonymously": handle_share_anonymously,
}


def register(app: AsyncApp) -> None:
    for callback_id in SHORTCUTS:
        app.shortcut(callback_id)(HANDLERS.get(callback_id, handle_not_ready_shortcut))

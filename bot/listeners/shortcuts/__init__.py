"""Global and message shortcuts."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.shortcuts.not_ready import handle_not_ready_shortcut
from bot.listeners.shortcuts.read_the_room import handle_read_the_room

# callback ID -> shortcut type, exactly as declared in deploy/manifest.yml
SHORTCUTS = {
    "read_the_room": "message",
    "reply_anonymously": "message",
    "share_anonymously": "global",
}


def register(app: AsyncApp) -> None:
    app.shortcut("read_the_room")(handle_read_the_room)
    for callback_id in SHORTCUTS:
        if callback_id != "read_the_room":
            app.shortcut(callback_id)(handle_not_ready_shortcut)

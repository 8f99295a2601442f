"""Global and message shortcuts."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.shortcuts.not_ready import handle_not_ready_shortcut

# callback ID -> shortcut type, exactly as declared in deploy/manifest.yml
SHORTCUTS = {
    "read_the_room": "message",
    "reply_anonymously": "message",
    "share_anonymously": "global",
}


def register(app: AsyncApp) -> None:
    for callback_id in SHORTCUTS:
        app.shortcut(callback_id)(handle_not_ready_shortcut)

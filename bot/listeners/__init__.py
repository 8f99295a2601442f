"""Slack listeners, one handler per file, each package with its own `register(app)`."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners import actions, commands, events, shortcuts, views


def register_listeners(app: AsyncApp) -> None:
    """Wire every surface into `app`."""
    for surface in (commands, shortcuts, actions, views, events):
        surface.register(app)

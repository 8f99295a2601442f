"""Buttons and other interactive elements."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.actions.kindly_rewrite import handle_kindly_rewrite
from bot.slack.blocks import KINDLY_REWRITE_ACTION


def register(app: AsyncApp) -> None:
    app.action(KINDLY_REWRITE_ACTION)(handle_kindly_rewrite)

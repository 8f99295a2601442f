"""Block actions: buttons, menus and dispatched inputs in messages and modals."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.actions.kindly_rewrite import handle_kindly_rewrite
from bot.listeners.actions.space_delete import handle_space_delete
from bot.listeners.actions.space_flag import handle_space_flag
from bot.listeners.actions.space_moderate import handle_space_moderate
from bot.listeners.actions.space_preview import handle_space_preview
from bot.listeners.actions.space_reply import handle_space_reply
from bot.slack import blocks as bk


def register(app: AsyncApp) -> None:
    # /kindly
    app.action(bk.KINDLY_REWRITE_ACTION)(handle_kindly_rewrite)
    # The anonymous space
    app.action(bk.SPACE_TEXT_ACTION)(handle_space_preview)
    app.action(bk.ACTION_REPLY)(handle_space_reply)
    app.action(bk.ACTION_FLAG)(handle_space_flag)
    app.action(bk.ACTION_DELETE)(handle_space_delete)
    app.action(bk.ACTION_RESTORE)(handle_space_moderate)
    app.action(bk.ACTION_REMOVE)(handle_space_moderate)

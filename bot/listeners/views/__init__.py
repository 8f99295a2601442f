"""Modal submissions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.views.space_reply import handle_space_reply_submit
from bot.listeners.views.space_share import handle_space_share
from bot.slack import blocks as bk


def register(app: AsyncApp) -> None:
    # The anonymous space (issue 5).
    app.view(bk.SPACE_SHARE_VIEW)(handle_space_share)
    app.view(bk.SPACE_REPLY_VIEW)(handle_space_reply_submit)

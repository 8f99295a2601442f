"""Modal submissions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.views.checkin_forget_submitted import handle_checkin_forget_submitted
from bot.listeners.views.checkin_submitted import handle_checkin_submitted
from bot.listeners.views.checkin_team import handle_team_submission
from bot.listeners.views.focus_submitted import handle_focus_submitted
from bot.listeners.views.kindly_draft import handle_kindly_draft
from bot.listeners.views.kindly_sbi import handle_kindly_sbi
from bot.listeners.views.space_reply import handle_space_reply_submit
from bot.listeners.views.space_share import handle_space_share
from bot.slack import blocks as bk


def register(app: AsyncApp) -> None:
    # Check-ins
    app.view(bk.CHECKIN_CALLBACK)(handle_checkin_submitted)
    app.view(bk.FORGET_CALLBACK)(handle_checkin_forget_submitted)
    app.view(bk.TEAM_MODAL_CALLBACK)(handle_team_submission)
    app.view(bk.FOCUS_CALLBACK)(handle_focus_submitted)
    # /kindly
    app.view(bk.KINDLY_DRAFT_CALLBACK)(handle_kindly_draft)
    app.view(bk.KINDLY_SBI_CALLBACK)(handle_kindly_sbi)
    # The anonymous space
    app.view(bk.SPACE_SHARE_VIEW)(handle_space_share)
    app.view(bk.SPACE_REPLY_VIEW)(handle_space_reply_submit)

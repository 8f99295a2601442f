"""Modal submissions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.views.checkin_team import handle_team_submission
from bot.listeners.views.kindly_draft import handle_kindly_draft
from bot.listeners.views.kindly_sbi import handle_kindly_sbi
from bot.slack.blocks import KINDLY_DRAFT_CALLBACK, KINDLY_SBI_CALLBACK, TEAM_MODAL_CALLBACK


def register(app: AsyncApp) -> None:
    app.view(KINDLY_DRAFT_CALLBACK)(handle_kindly_draft)
    app.view(KINDLY_SBI_CALLBACK)(handle_kindly_sbi)
    app.view(TEAM_MODAL_CALLBACK)(handle_team_submission)

"""Enterprise Grid: an org admin added workspaces to Kindred's org-wide install."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from bot.runtime import runtime_of
from bot.slack.payload import granted_workspaces


async def handle_team_access_granted(body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Remember which org each granted workspace belongs to, so its scheduled messages, profile
    refresh and `kindred teams import` find the org-wide install before anyone there uses it."""
    enterprise_id, team_ids = granted_workspaces(body)
    clients = runtime_of(context).clients
    for team_id in team_ids:
        await clients.remember(team_id, enterprise_id)

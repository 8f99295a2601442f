"""App Home: the member's own check-ins and settings, and who can see what."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.checkins import refresh_time_zone
from bot.slack.home import publish_home
from bot.slack.payload import request_origin


async def handle_app_home_opened(
    event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Publish the Home tab for the person who opened it (Bolt acks events by itself)."""
    if event.get("tab") != "home":
        return
    runtime = runtime_of(context)
    team_id = request_origin(context).team_id
    await refresh_time_zone(runtime, client, team_id, event["user"])
    await publish_home(runtime, client, team_id, event["user"])

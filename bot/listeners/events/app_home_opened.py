"""App Home: what Kindred is and who can see what."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.slack.blocks import divider, home_view, section


async def handle_app_home_opened(
    event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Publish the Home tab for the person who opened it."""
    if event.get("tab") != "home":
        return
    runtime = runtime_of(context)
    prompts = runtime.prompts
    blocks = [
        section(prompts.render("home/welcome")),
        divider(),
        section(prompts.render("home/privacy", min_group=runtime.settings.KINDRED_MIN_GROUP)),
    ]
    await client.views_publish(user_id=event["user"], view=home_view(blocks))

"""The "Share anonymously" global shortcut: the same modal as `/share`."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.space import Kind
from bot.slack.payload import request_origin
from bot.slack.space import SpaceUI


async def handle_share_anonymously(
    ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Open the Share anonymously modal, or explain privately why it can't be used yet."""
    await ack()
    ui = SpaceUI(runtime_of(context))
    sender = request_origin(context)
    team_id, user_id = sender.team_id, sender.user_id
    setup = await ui.setup(team_id)
    if setup.problem or setup.channel is None:
        view = ui.info_view(str(setup.problem))
    else:
        refusal = await ui.over_limit(team_id, user_id, Kind.POST)
        view = ui.info_view(refusal) if refusal else ui.share_view(setup.channel, "")
    await client.views_open(trigger_id=shortcut["trigger_id"], view=view)

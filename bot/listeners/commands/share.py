"""`/share`: open the Share anonymously modal (`/share some words` fills it in).

Also `/share help`, `/share mine` (your own posts, privately, with Delete buttons) and
`/share setup` (a workspace admin makes the current channel the anonymous space).
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import space
from bot.services.space import Kind
from bot.services.workspaces import set_processing_channel
from bot.slack.space import CHANNEL_ERRORS, SpaceUI, post_in_channel

SUBCOMMANDS = ("help", "mine", "setup")


async def handle_share(
    ack: AsyncAck,
    command: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Answer `/share [text | help | mine | setup]`."""
    ui = SpaceUI(runtime_of(context))
    team_id, user_id = str(context.team_id), str(context.user_id)
    text = str(command.get("text") or "").strip()
    word = text.lower()
    if word == "setup":
        await ack()
        await _setup(ui, client, respond, team_id, user_id, str(command.get("channel_id", "")))
        return
    setup = await ui.setup(team_id)
    if word == "help":
        await ack(text=_help(ui, setup.channel), response_type="ephemeral")
        return
    if setup.problem is not None or setup.channel is None:
        await ack(text=setup.problem or "", response_type="ephemeral")
        return
    if word == "mine":
        async with ui.runtime.db.session() as session:
            posts = await space.posts_by(session, ui.hasher(), team_id, user_id)
        blocks = ui.mine_blocks([(post.id, post.text) for post in posts])
        await ack(text=ui.say("mine", count=len(posts)), blocks=blocks, response_type="ephemeral")
        return
    refusal = await ui.over_limit(team_id, user_id, Kind.POST)
    if refusal:
        await ack(text=refusal, response_type="ephemeral")
        return
    await ack()
    await client.views_open(
        trigger_id=command["trigger_id"], view=ui.share_view(setup.channel, text)
    )


def _help(ui: SpaceUI, channel: str | None) -> str:
    settings = ui.settings
    return ui.say(
        "help",
        channel=channel or "",
        op_name=ui.labels["op_name"],
        flags_to_hide=settings.KINDRED_FLAGS_TO_HIDE,
        posts_per_day=settings.KINDRED_POSTS_PER_DAY,
        replies_per_day=settings.KINDRED_REPLIES_PER_DAY,
    )


async def _setup(
    ui: SpaceUI,
    client: AsyncWebClient,
    respond: AsyncRespond,
    team_id: str,
    user_id: str,
    channel: str,
) -> None:
    """Make `channel` the anonymous space, if an admin asks from inside it and Kindred is there."""
    info = await client.users_info(user=user_id)
    person = info.get("user") or {}
    if not any(person.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner")):
        await respond(text=ui.say("setup_not_admin"), response_type="ephemeral")
        return
    if channel[:1] not in ("C", "G"):
        await respond(text=ui.say("setup_wrong_place"), response_type="ephemeral")
        return
    intro = {"text": ui.say("channel_intro")}
    try:
        # Posting the welcome is also the check that Kindred can post there at all.
        await post_in_channel(client, channel, intro)
    except SlackApiError as error:
        if error.response.get("error") not in CHANNEL_ERRORS:
            raise
        await respond(
            text=ui.say("setup_not_in_channel", channel=channel), response_type="ephemeral"
        )
        return
    async with ui.runtime.db.session() as session:
        await set_processing_channel(session, team_id, channel)
    await respond(text=ui.say("setup_done", channel=channel), response_type="ephemeral")

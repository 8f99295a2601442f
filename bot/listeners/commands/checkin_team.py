"""`/checkin team`: anyone chooses who reports to them, in a modal (additions are requests)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import teams
from bot.services.members import ensure_member
from bot.slack.blocks import team_modal


async def handle_checkin_team(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Open the team modal with the manager's reports and open requests filled in."""
    await ack()
    runtime = runtime_of(context)
    team_id, manager_id = command["team_id"], command["user_id"]
    async with runtime.db.session() as session:
        manager = await ensure_member(session, team_id, manager_id)
        reports = await teams.current_reports(session, team_id, manager_id)
        # Left out, a pending request would be withdrawn by the next save.
        reports += [r.user_id for r in await teams.pending_requests(session, team_id, manager_id)]
        enabled = manager.manager_nudges_enabled
        weekday, at = manager.nudge_weekday, manager.nudge_time
    intro = runtime.prompts.render(
        "teams/modal_intro",
        min_group=runtime.settings.KINDRED_MIN_GROUP,
        weekday=weekday,
        time=at.strftime("%H:%M"),
    )
    view = team_modal(
        labels=runtime.prompts.labels("teams/labels"),
        intro=intro,
        reports=reports,
        nudges_enabled=enabled,
    )
    await client.views_open(trigger_id=command["trigger_id"], view=view)

"""The `/checkin team` modal was saved: set the manager's team and their weekly nudge."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import nudges, teams
from bot.services.members import ensure_member
from bot.services.schedule import utcnow
from bot.slack.blocks import (
    TEAM_NUDGES_ACTION,
    TEAM_NUDGES_BLOCK,
    TEAM_REPORTS_ACTION,
    TEAM_REPORTS_BLOCK,
)
from bot.slack.messages import team_of


async def handle_team_submission(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Save the choice: people left out leave at once, newcomers are asked first."""
    runtime = runtime_of(context)
    values = view["state"]["values"]
    reports = list(values[TEAM_REPORTS_BLOCK][TEAM_REPORTS_ACTION].get("selected_users") or [])
    enabled = bool(values[TEAM_NUDGES_BLOCK][TEAM_NUDGES_ACTION].get("selected_options"))
    manager_id = body["user"]["id"]
    if manager_id in reports:
        await ack(
            response_action="errors",
            errors={TEAM_REPORTS_BLOCK: runtime.prompts.render("teams/not_yourself")},
        )
        return
    await ack()
    team_id = team_of(body)
    async with runtime.db.session() as session:
        change = await teams.set_reports(session, team_id, manager_id, reports, utcnow())
        await nudges.set_nudges_enabled(session, team_id, manager_id, enabled)
        manager = await ensure_member(session, team_id, manager_id)
        weekday, at = manager.nudge_weekday, manager.nudge_time
        team_size = len(await teams.current_reports(session, team_id, manager_id))
        waiting = len(await teams.pending_requests(session, team_id, manager_id))
    text = runtime.prompts.render(
        "teams/saved",
        team_size=team_size,
        requested=len(change.requested),
        waiting=waiting,
        nudges_enabled=enabled,
        weekday=weekday,
        time=at.strftime("%H:%M"),
    )
    await client.chat_postMessage(channel=manager_id, text=text)

"""`user_change` and `team_join`: keep the workspace directory fresh between full reads."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from bot.runtime import runtime_of
from bot.services import directory
from bot.services.schedule import utcnow
from bot.slack.payload import request_origin
from bot.slack.profiles import profile_from_user


async def handle_directory_change(event: dict[str, Any], context: AsyncBoltContext) -> None:
    """Someone joined, changed their time zone or status, or was deactivated: note it."""
    user = event.get("user")
    if not isinstance(user, dict) or not user.get("id"):
        return
    runtime = runtime_of(context)
    async with runtime.db.session() as session:
        await directory.save(
            session, request_origin(context).team_id, [profile_from_user(user)], utcnow()
        )

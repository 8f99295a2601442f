"""What matters most this week: the window, keeping the answer, and Home's part.

Every word comes from prompts/checkin/ and prompts/home/; the answer is only ever shown to the
member who wrote it.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from bot.services import focus
from bot.services.checkins import week_start
from bot.services.members import get_member
from bot.services.schedule import utcnow
from bot.slack.blocks import FOCUS_ACTION, Block, button, focus_modal, section
from bot.slack.checkins import CHECKIN_LABELS


async def _this_week(runtime: Runtime, team_id: str, user_id: str) -> str | None:
    """The member's answer for their current local week, if any."""
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        monday = week_start(utcnow(), member.tz if member else None)
        return await focus.this_week(session, team_id, user_id, monday)


async def open_focus_modal(
    runtime: Runtime,
    client: AsyncWebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    origin: dict[str, Any],
) -> None:
    """Open the window, holding this week's answer if there is one."""
    current = await _this_week(runtime, team_id, user_id)
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    view = focus_modal(
        title=labels["focus_title"],
        submit=labels["focus_submit"],
        close=labels["modal_close"],
        question=labels["focus_question"],
        placeholder=labels["focus_placeholder"],
        initial=current or "",
        limit=focus.LIMIT,
        footer=runtime.prompts.render("checkin/focus_footer"),
        private_metadata=json.dumps(origin),
    )
    await client.views_open(trigger_id=trigger_id, view=view)


async def keep_focus(runtime: Runtime, team_id: str, user_id: str, text: str) -> None:
    """Keep a cleaned answer for the member's current local week."""
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        monday = week_start(utcnow(), member.tz if member else None)
        await focus.save(session, team_id, user_id, text, monday)


async def home_focus_blocks(runtime: Runtime, team_id: str, user_id: str) -> list[Block]:
    """Home's "What matters most this week", with a button to write or change it."""
    current = await _this_week(runtime, team_id, user_id)
    labels = runtime.prompts.labels("home/labels")
    block = section(runtime.prompts.render("home/focus", text=current or ""))
    block["accessory"] = button(
        labels["focus_change"] if current else labels["focus_set"], FOCUS_ACTION, "home"
    )
    return [block]

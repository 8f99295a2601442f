"""`/checkin history`: the member's own last check-ins, with notes and a mood sparkline."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.services.members import get_member
from bot.services.schedule import utcnow
from bot.slack.checkins import day_text, mood_labels
from bot.slack.payload import request_origin
from bot.slack.text import escape_mrkdwn

# Slack shows message text up to 40,000 characters; notes share what is left after the rest.
HISTORY_TEXT_BUDGET = 36_000


def clip(note: str, budget: int) -> tuple[str, bool]:
    """`note` cut so that, escaped for mrkdwn, it fits in `budget` characters."""
    if len(escape_mrkdwn(note)) <= budget:
        return note, False
    kept, size = [], 1  # 1 for the ellipsis
    for char in note:
        size += len(escape_mrkdwn(char))
        if size > budget:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…", True


async def handle_checkin_history(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Whatever follows `history` is ignored: the history shown is always the asker's own."""
    await ack()
    runtime = runtime_of(context)
    team_id, user_id = request_origin(context).team_id, command["user_id"]
    now = utcnow()
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        recent = await checkins.history(session, team_id, user_id)
    tz = member.tz if member else None
    labels = mood_labels(runtime)
    budget = HISTORY_TEXT_BUDGET // max(1, len(recent))
    entries, shortened = [], False
    for checkin in recent:
        note, cut = clip(checkin.note, budget) if checkin.note else (None, False)
        shortened = shortened or cut
        entries.append(
            {
                "when": day_text(checkin.created_at, tz, now),
                "mood": checkin.mood,
                "mood_label": labels[checkin.mood],
                "note": note,
                "shared": checkin.shared_with_manager,
            }
        )
    text = runtime.prompts.render(
        "checkin/history",
        entries=entries,
        trend=checkins.sparkline([c.mood for c in reversed(recent)]),
        shortened=shortened,
    )
    await respond(text=text, response_type="ephemeral")

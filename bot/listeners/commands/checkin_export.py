"""`/checkin export`: the member's own data, sent to them privately as JSON."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services import checkins
from bot.services.schedule import utcnow
from bot.slack.payload import request_origin

# Slack folds long messages; parts of this size stay readable and far below its 40,000 limit.
EXPORT_PART_CHARS = 3500


def export_parts(data: dict[str, Any], size: int = EXPORT_PART_CHARS) -> list[str]:
    """`data` as JSON, split on line boundaries into parts of at most `size` characters.

    Backticks are written as the JSON escape \\u0060 so a note cannot end the code block.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2).replace("`", "\\u0060")
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > size:  # a very long note: cut the line itself
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:size])
            line = line[size:]
        if len(current) + len(line) > size:
            parts.append(current)
            current = ""
        current += line
    if current:
        parts.append(current)
    return [part.rstrip("\n") for part in parts]


async def handle_checkin_export(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """DM the member their data (only theirs: the ids come from Slack's signed request)."""
    await ack()
    runtime = runtime_of(context)
    team_id, user_id = request_origin(context).team_id, command["user_id"]
    async with runtime.db.session() as session:
        data = await checkins.export(session, team_id, user_id, utcnow())
    parts = export_parts(data)
    for number, chunk in enumerate(parts, start=1):
        text = runtime.prompts.render("checkin/export", part=number, parts=len(parts), chunk=chunk)
        await client.chat_postMessage(channel=user_id, text=text, unfurl_links=False)
    text = runtime.prompts.render("checkin/export_sent", checkins=len(data["checkins"]))
    await respond(text=text, response_type="ephemeral")

"""`/checkin`: a small dispatcher from the first word to the handler for it.

No text opens the check-in modal, a number checks in at once (the quick form), and a known word
runs its subcommand. Every subcommand handler takes the same keyword arguments as a Bolt command
listener (ack, respond, command, client, context), so adding one is one line in SUBCOMMANDS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.listeners.commands.checkin_export import handle_checkin_export
from bot.listeners.commands.checkin_forget import handle_checkin_forget
from bot.listeners.commands.checkin_help import handle_checkin_help
from bot.listeners.commands.checkin_history import handle_checkin_history
from bot.listeners.commands.checkin_modal import handle_checkin_modal
from bot.listeners.commands.checkin_pause import handle_checkin_pause
from bot.listeners.commands.checkin_quick import handle_checkin_quick
from bot.listeners.commands.checkin_resume import handle_checkin_resume
from bot.listeners.commands.checkin_team import handle_checkin_team

Subcommand = Callable[..., Awaitable[None]]

SUBCOMMANDS: dict[str, Subcommand] = {
    "history": handle_checkin_history,
    "help": handle_checkin_help,
    "pause": handle_checkin_pause,
    "resume": handle_checkin_resume,
    "export": handle_checkin_export,
    "forget": handle_checkin_forget,
    "team": handle_checkin_team,
}


def subcommand_of(text: str) -> tuple[str, str]:
    """The first word (lower-cased) and the rest of `/checkin` text."""
    word, _, rest = text.strip().partition(" ")
    return word.lower(), rest.strip()


async def handle_checkin(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    """Route `/checkin [text]` to the modal, the quick form or a subcommand."""
    word, _ = subcommand_of(command.get("text") or "")
    if not word:
        handler: Subcommand = handle_checkin_modal
    else:
        handler = SUBCOMMANDS.get(word, handle_checkin_quick)
    await handler(ack=ack, respond=respond, command=command, client=client, context=context)

"""The "Read the room" message shortcut: tone, stress signals and tips, privately."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import runtime_of
from bot.services.room import messages_from_slack, read_room
from bot.slack.client import patience
from bot.slack.limits import NON_MARKETPLACE_PAGE_SIZE, RateLimiter
from bot.slack.room_views import cant_read_modal, loading_modal, reading_modal

logger = logging.getLogger(__name__)

THREAD_PAGE_SIZE = 200
MAX_THREAD_PAGES = 5  # a thread of more than 1,000 messages is read up to its first 1,000
REPLIES_METHOD = "conversations.replies"
# The person is looking at a loading modal: wait this long for a read Slack allows (pacing, or
# 429s), no longer.
FIRST_PAGE_WAIT_SECONDS = 3.0
NEXT_PAGE_WAIT_SECONDS = 1.0

# Slack's error codes for conversations.replies, by what the person can do about them.
_NOT_MEMBER = {"not_in_channel", "channel_not_found"}
_MISSING_SCOPE = {"missing_scope", "not_allowed_token_type", "no_permission", "access_denied"}
_GONE = {"thread_not_found", "message_not_found"}


async def handle_read_the_room(
    ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Open a modal at once, read the message (and its thread), then show what was found."""
    await ack()
    runtime = runtime_of(context)
    prompts, settings = runtime.prompts, runtime.settings
    opened = await client.views_open(trigger_id=shortcut["trigger_id"], view=loading_modal(prompts))
    view_id = opened["view"]["id"]
    message = shortcut.get("message") or {}
    thread_ts = message.get("thread_ts")
    coverage = None
    if thread_ts:
        channel = shortcut["channel"]["id"]
        page_size = NON_MARKETPLACE_PAGE_SIZE if settings.distributed_app else THREAD_PAGE_SIZE
        try:
            thread = await fetch_thread(client, channel, str(thread_ts), page_size=page_size)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
            # Expected in channels Kindred is not in: no traceback, and no message text logged.
            logger.warning("read the room: conversations.replies failed: %s", error)
            view = cant_read_modal(prompts, cant_read_reason(exc), error)
            await show(client, view_id, view)
            return
        if not thread.messages:
            await show(client, view_id, cant_read_modal(prompts, "rate_limited", "ratelimited"))
            return
        raw = thread.messages
        coverage = prompts.render(
            "room/coverage",
            read=len(raw),
            stopped=thread.stopped,
            page_size=page_size,
            distributed=settings.distributed_app,
        )
    else:
        raw = [message]
    reading = read_room(messages_from_slack(raw), in_thread=bool(thread_ts))
    await show(client, view_id, reading_modal(prompts, reading, coverage))


async def show(client: AsyncWebClient, view_id: str, view: dict[str, Any]) -> None:
    """Replace the loading modal; if the person already closed it, there is nobody to tell."""
    try:
        await client.views_update(view_id=view_id, view=view)
    except SlackApiError as exc:
        if exc.response.get("error") != "not_found":
            raise
        logger.info("read the room: the modal was closed before the reading was ready")


@dataclass(frozen=True)
class Thread:
    """The messages read, oldest first, and why reading stopped (None: the whole thread).

    `stopped` is "page_limit" (Kindred reads at most MAX_THREAD_PAGES pages) or "slack_limit"
    (Slack's budget for history reads is spent for now; no messages at all when it was spent
    before the first page).
    """

    messages: list[dict[str, Any]]
    stopped: str | None = None


def _read_wait(client: AsyncWebClient) -> float:
    limiter = getattr(client, "limiter", None)
    return limiter.delay(REPLIES_METHOD) if isinstance(limiter, RateLimiter) else 0.0


async def fetch_thread(
    client: AsyncWebClient, channel: str, thread_ts: str, *, page_size: int = THREAD_PAGE_SIZE
) -> Thread:
    """The parent and replies of a thread, as many pages as Slack's budget allows right now."""
    messages: list[dict[str, Any]] = []
    cursor = None
    for page_number in range(MAX_THREAD_PAGES):
        allowed = FIRST_PAGE_WAIT_SECONDS if page_number == 0 else NEXT_PAGE_WAIT_SECONDS
        if _read_wait(client) > allowed:
            return Thread(messages, "slack_limit")
        with patience(FIRST_PAGE_WAIT_SECONDS):
            page = await client.conversations_replies(
                channel=channel, ts=thread_ts, limit=page_size, cursor=cursor
            )
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return Thread(messages)
    return Thread(messages, "page_limit")


def cant_read_reason(exc: SlackApiError) -> str:
    """Why Kindred could not read, as a key of the `room/cant_read` template."""
    error = exc.response.get("error")
    if exc.response.status_code == 429 or error == "ratelimited":
        return "rate_limited"
    if error in _NOT_MEMBER:
        return "not_member"
    if error in _MISSING_SCOPE:
        return "missing_scope"
    if error in _GONE:
        return "gone"
    return "other"

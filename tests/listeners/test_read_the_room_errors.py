"""Which plain explanation each of Slack's conversations.replies failures gets."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.listeners.shortcuts.read_the_room import cant_read_reason


def failure(status: int, error: str) -> SlackApiError:
    response = AsyncSlackResponse(
        client=None,  # type: ignore[arg-type]
        http_verb="POST",
        api_url="https://slack.test/api/conversations.replies",
        req_args={},
        data={"ok": False, "error": error},
        headers={},
        status_code=status,
    )
    return SlackApiError(error, response)


@pytest.mark.parametrize(
    ("status", "error", "reason"),
    [
        (200, "not_in_channel", "not_member"),
        (200, "channel_not_found", "not_member"),
        (200, "missing_scope", "missing_scope"),
        (429, "ratelimited", "rate_limited"),
        (200, "thread_not_found", "gone"),
        (200, "fatal_error", "other"),
    ],
)
def test_cant_read_reason(status: int, error: str, reason: str) -> None:
    assert cant_read_reason(failure(status, error)) == reason

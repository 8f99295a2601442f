"""The Web API client's retry intervals come from the settings (operators tune them, tests
shrink them to milliseconds)."""

from __future__ import annotations

import pytest
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from bot.config import Settings
from bot.slack.client import MAX_RETRIES, ServerErrorRetryHandler, create_web_client


@pytest.mark.parametrize("base", [0.5, 0.002])
def test_server_error_retries_back_off_from_the_configured_base(base: float) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        SLACK_API_URL="http://127.0.0.1:9/api/",
        KINDRED_SLACK_RETRY_BASE_SECONDS=base,
    )
    client = create_web_client(settings, "xoxb-test")
    (handler,) = [h for h in client.retry_handlers if isinstance(h, ServerErrorRetryHandler)]
    assert handler.max_retry_count == MAX_RETRIES
    for attempt in range(MAX_RETRIES):
        for _ in range(20):
            wait = handler.interval_calculator.calculate_sleep_duration(attempt)
            # base·2^n, plus a jitter of at most 2·base (today's 0..1 s at the default 0.5).
            assert base * 2**attempt <= wait <= base * 2**attempt + 2 * base
    # Rate limits keep waiting exactly as long as Slack's Retry-After says.
    assert any(isinstance(h, AsyncRateLimitErrorRetryHandler) for h in client.retry_handlers)

"""The Slack Web API client: configurable base URL, retries on rate limits and server errors."""

from __future__ import annotations

import random

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings

MAX_RETRIES = 3


class ServerErrorRetryHandler(AsyncRetryHandler):
    """Retries 5xx answers with exponential backoff (Slack's own handler only covers 500/503)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


class ScaledJitter(Jitter):
    """Adds a random delay between 0 and `most` seconds to each retry interval."""

    def __init__(self, most: float) -> None:
        self.most = most

    def recalculate(self, duration: float) -> float:
        return duration + random.random() * self.most


def create_web_client(settings: Settings, token: str | None) -> AsyncWebClient:
    """An AsyncWebClient for `settings.SLACK_API_URL` that honours Retry-After and backs off."""
    # Waits base, 2×base, 4×base… plus a random jitter of up to 2×base (slack_sdk's own jitter
    # is a fixed second), so a small base (the tests') makes every retry quick.
    base = settings.KINDRED_SLACK_RETRY_BASE_SECONDS
    backoff = BackoffRetryIntervalCalculator(backoff_factor=base, jitter=ScaledJitter(2 * base))
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=settings.KINDRED_SLACK_TIMEOUT_SECONDS,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(
                max_retry_count=MAX_RETRIES, interval_calculator=backoff
            ),
            AsyncRateLimitErrorRetryHandler(max_retry_count=MAX_RETRIES),
            ServerErrorRetryHandler(max_retry_count=MAX_RETRIES, interval_calculator=backoff),
        ],
    )


class TeamClients:
    """A Web API client per workspace: the one bot token, or each install's token (OAuth)."""

    def __init__(
        self,
        settings: Settings,
        base: AsyncWebClient,
        installation_store: AsyncInstallationStore | None = None,
    ) -> None:
        self.settings = settings
        self.base = base
        self.installation_store = installation_store
        self._by_team: dict[str, AsyncWebClient] = {}

    async def for_team(self, team_id: str) -> AsyncWebClient:
        """The client that acts as Kindred in workspace `team_id`."""
        if self.installation_store is None:
            return self.base
        if team_id not in self._by_team:
            bot = await self.installation_store.async_find_bot(enterprise_id=None, team_id=team_id)
            if bot is None:
                raise LookupError(f"Kindred is not installed in workspace {team_id}")
            self._by_team[team_id] = create_web_client(self.settings, token=bot.bot_token)
        return self._by_team[team_id]

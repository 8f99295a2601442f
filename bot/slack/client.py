"""The Slack Web API client: configurable base URL, paced at Slack's rate tiers, retries.

Every call first waits for its slot in the workspace's RateLimiter (bot/slack/limits.py). A 429
with Retry-After is Slack asking Kindred to wait: the client waits and calls again, and it never
counts as a failure. Server errors and dropped connections are retried with backoff, except for
chat.postMessage: Slack may already have posted that message, so the sender decides (it looks
for the earlier post before sending again; see bot/slack/sender.py).
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from sqlalchemy import select

from bot.config import Settings
from bot.slack.limits import POST_METHOD, Clock, RateLimiter, Sleep, method_tiers
from bot.store.db import Database

logger = logging.getLogger(__name__)

MAX_RETRIES = 3
# How long one call may wait out 429s in total before it gives up (the sender then puts its
# message back for later, without counting an attempt). Someone waiting on a modal gets less:
# see `patience`.
MAX_THROTTLED_SECONDS = 120.0
_patience: ContextVar[float] = ContextVar("slack_throttle_patience", default=MAX_THROTTLED_SECONDS)


@contextlib.contextmanager
def patience(seconds: float) -> Iterator[None]:
    """Within this block, calls wait out 429s for at most `seconds` in total, then raise."""
    token = _patience.set(seconds)
    try:
        yield
    finally:
        _patience.reset(token)


def _posts(request: HttpRequest) -> bool:
    """A chat.postMessage request: never retried blindly (Slack may have posted it)."""
    return request.url.rstrip("/").endswith("/" + POST_METHOD)


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
        return response is not None and 500 <= response.status_code < 600 and not _posts(request)


class ConnectionErrorRetryHandler(AsyncConnectionErrorRetryHandler):
    """slack_sdk's handler for dropped connections, except for chat.postMessage."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if _posts(request):
            return False
        return await super()._can_retry_async(
            state=state, request=request, response=response, error=error
        )


def retry_after(error: SlackApiError) -> float:
    """Seconds Slack asked to wait in a 429 answer (1 when it did not say)."""
    try:
        return max(1.0, float(error.response.headers.get("Retry-After", "1") or 1))
    except (TypeError, ValueError):
        return 1.0


def is_throttled(error: SlackApiError) -> bool:
    """Slack answered 429 (or `ratelimited`): wait, it is not a failure."""
    return bool(error.response.status_code == 429 or error.response.get("error") == "ratelimited")


class PacedWebClient(AsyncWebClient):
    """An AsyncWebClient whose every call waits for its slot in `limiter` and waits out 429s."""

    def __init__(self, *, limiter: RateLimiter, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limiter = limiter

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        args = kwargs.get("json") or kwargs.get("data") or kwargs.get("params") or {}
        channel = args.get("channel") if isinstance(args, dict) else None
        throttled = 0.0
        while True:
            await self.limiter.acquire(api_method, str(channel) if channel else None)
            try:
                return await super().api_call(api_method, **kwargs)
            except SlackApiError as error:
                if not is_throttled(error):
                    raise
                wait = retry_after(error)
                throttled += wait
                if throttled > _patience.get():
                    raise
                logger.info("Slack asked to wait %.0fs before more %s", wait, api_method)
                self.limiter.pause(api_method, wait)


def new_limiter(
    settings: Settings, *, clock: Clock | None = None, sleep: Sleep | None = None
) -> RateLimiter:
    """A RateLimiter for one workspace, at Slack's tiers for this kind of app."""
    tiers = method_tiers(
        settings.KINDRED_SLACK_POSTS_PER_MINUTE,
        distributed=settings.distributed_app,
        scale=settings.KINDRED_SLACK_RATE_SCALE,
    )
    extra: dict[str, Any] = {}
    if clock is not None:
        extra["clock"] = clock
    if sleep is not None:
        extra["sleep"] = sleep
    return RateLimiter(tiers, **extra)


class ScaledJitter(Jitter):
    """Adds a random delay between 0 and `most` seconds to each retry interval."""

    def __init__(self, most: float) -> None:
        self.most = most

    def recalculate(self, duration: float) -> float:
        return duration + random.random() * self.most


def create_web_client(
    settings: Settings, token: str | None, limiter: RateLimiter | None = None
) -> PacedWebClient:
    """A client for `settings.SLACK_API_URL`, paced by `limiter` (one per workspace)."""
    # Waits base, 2×base, 4×base… plus a random jitter of up to 2×base (slack_sdk's own jitter
    # is a fixed second), so a small base (the tests') makes every retry quick.
    base = settings.KINDRED_SLACK_RETRY_BASE_SECONDS
    backoff = BackoffRetryIntervalCalculator(backoff_factor=base, jitter=ScaledJitter(2 * base))
    return PacedWebClient(
        limiter=limiter or new_limiter(settings),
        token=token,
        base_url=settings.slack_api_url,
        timeout=settings.KINDRED_SLACK_TIMEOUT_SECONDS,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=MAX_RETRIES, interval_calculator=backoff),
            ServerErrorRetryHandler(max_retry_count=MAX_RETRIES, interval_calculator=backoff),
        ],
    )


class TeamClients:
    """A Web API client per workspace: the one bot token, or each install's token (OAuth).

    With OAuth, a workspace of an Enterprise Grid org is found by its org and itself (an install
    into that workspace) or by its org alone (an org-wide install); which org a workspace
    belongs to is what Slack's requests said (`remember`), kept in the `workspaces` table.
    """

    def __init__(
        self,
        settings: Settings,
        base: AsyncWebClient,
        installation_store: AsyncInstallationStore | None = None,
        db: Database | None = None,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.settings = settings
        self.base = base
        self.installation_store = installation_store
        self.db = db
        self._clock, self._sleep = clock, sleep
        self._by_team: dict[str, AsyncWebClient] = {}
        self._orgs: dict[str, str | None] = {}

    async def remember(self, team_id: str, enterprise_id: str | None) -> None:
        """Note which Grid org (None: none) workspace `team_id` belongs to, once."""
        if self.db is None or self._orgs.get(team_id, "?") == enterprise_id:
            return
        from bot.services.workspaces import record_enterprise

        async with self.db.session() as session:
            await record_enterprise(session, team_id, enterprise_id)
        self._orgs[team_id] = enterprise_id

    async def enterprise_of(self, team_id: str) -> str | None:
        """The Grid org of `team_id`, if Kindred has heard of one."""
        if team_id not in self._orgs and self.db is not None:
            from bot.store.models import Workspace

            async with self.db.session() as session:
                found = await session.scalar(
                    select(Workspace.enterprise_id).where(Workspace.team_id == team_id)
                )
            if found is None:
                found = await self._enterprise_of_install(team_id)
            self._orgs[team_id] = found
        return self._orgs.get(team_id)

    async def _enterprise_of_install(self, team_id: str) -> str | None:
        """The org recorded with a workspace-level install of `team_id` (the install knows)."""
        store = self.installation_store
        if self.db is None or not isinstance(store, AsyncSQLAlchemyInstallationStore):
            return None
        bots = store.bots
        async with self.db.engine.connect() as connection:
            found = await connection.scalar(
                select(bots.c.enterprise_id)
                .where(bots.c.team_id == team_id, bots.c.enterprise_id.is_not(None))
                .order_by(bots.c.installed_at.desc())
                .limit(1)
            )
        return str(found) if found else None

    async def for_team(self, team_id: str) -> AsyncWebClient:
        """The client that acts as Kindred in workspace `team_id`."""
        if self.installation_store is None:
            return self.base
        if team_id not in self._by_team:
            enterprise_id = await self.enterprise_of(team_id)
            store = self.installation_store
            bot = await store.async_find_bot(enterprise_id=enterprise_id, team_id=team_id)
            if bot is None and enterprise_id is not None:
                bot = await store.async_find_bot(
                    enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True
                )
            if bot is None:
                raise LookupError(f"Kindred is not installed in workspace {team_id}")
            limiter = new_limiter(self.settings, clock=self._clock, sleep=self._sleep)
            self._by_team[team_id] = create_web_client(
                self.settings, token=bot.bot_token, limiter=limiter
            )
        return self._by_team[team_id]

"""Slack's rate limits as a budget: one pacer per workspace and Web API method.

Slack limits each Web API method per app per workspace, in tiers. The table below is the one
place Kindred writes them down; every call goes through `RateLimiter.acquire` first, so Kindred
paces itself at the published rates instead of running into 429s. The published figures are
floors ("20+ per minute"), so pacing at them keeps below the real limits.

Source: Slack's "Rate limits" guide, https://docs.slack.dev/apis/web-api/rate-limits (tiers:
Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min; chat.postMessage about one
message a second per channel with a workspace-wide limit), each method's reference page on
docs.slack.dev for its tier, and the changelog "Rate limit changes for non-Marketplace apps"
(https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps):
since May 29, 2025 (September 2, 2025 for existing installs) conversations.history and
conversations.replies allow a commercially distributed app that is not in the Slack Marketplace
1 request a minute and at most 15 messages a page. Internal (single-workspace) apps and
Marketplace apps keep Tier 3.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass(frozen=True)
class Tier:
    """A rate: so many calls a minute, with a small burst allowed on top."""

    name: str
    per_minute: float
    burst: int

    def scaled(self, factor: float) -> Tier:
        """The same tier `factor` times as fast (only for a stand-in; see the setting), with a
        burst of at least one second's worth of calls (Slack counts per minute)."""
        per_minute = self.per_minute * factor
        return Tier(self.name, per_minute, max(self.burst, int(per_minute / 60)))


TIER_1 = Tier("Tier 1", 1, 1)
TIER_2 = Tier("Tier 2", 20, 3)
TIER_3 = Tier("Tier 3", 50, 5)
TIER_4 = Tier("Tier 4", 100, 10)
# chat.postMessage: about 1 a second in one channel (short bursts allowed).
PER_CHANNEL = Tier("1 per second per channel", 60, 3)
# conversations.history / .replies for non-Marketplace distributed apps since May 2025.
NON_MARKETPLACE_HISTORY = Tier("non-Marketplace history (1 per minute)", 1, 1)
NON_MARKETPLACE_PAGE_SIZE = 15
HISTORY_METHODS = frozenset({"conversations.history", "conversations.replies"})

# Every method Kindred calls, by its published tier. chat.postMessage is a "special" tier: its
# workspace-wide budget is a setting (KINDRED_SLACK_POSTS_PER_MINUTE), plus PER_CHANNEL.
METHOD_TIERS: dict[str, Tier] = {
    "auth.test": TIER_4,
    "chat.delete": TIER_3,
    "chat.getPermalink": TIER_4,
    "chat.postEphemeral": TIER_4,
    "chat.update": TIER_3,
    "conversations.history": TIER_3,
    "conversations.info": TIER_3,
    "conversations.members": TIER_4,
    "conversations.open": TIER_3,
    "conversations.replies": TIER_3,
    "usergroups.users.list": TIER_2,
    "users.info": TIER_4,
    "users.list": TIER_2,
    "users.lookupByEmail": TIER_3,
    "users.profile.get": TIER_4,
    "views.open": TIER_4,
    "views.publish": TIER_4,
    "views.push": TIER_4,
    "views.update": TIER_4,
}
POST_METHOD = "chat.postMessage"
# Methods not in the table (none today) are paced like the most common tier.
DEFAULT_TIER = TIER_3


def method_tiers(
    posts_per_minute: int, *, distributed: bool, scale: float = 1.0
) -> dict[str, Tier]:
    """The tier of every method for one app: the table, the post budget, the history limit."""
    tiers = dict(METHOD_TIERS)
    tiers[POST_METHOD] = Tier("workspace post budget", posts_per_minute, 5)
    if distributed:
        for method in HISTORY_METHODS:
            tiers[method] = NON_MARKETPLACE_HISTORY
    return {method: tier.scaled(scale) for method, tier in tiers.items()}


@dataclass
class _Bucket:
    """A token bucket whose tokens may go negative: each caller reserves its slot in turn."""

    rate: float  # tokens a second
    capacity: float
    tokens: float
    last: float
    blocked_until: float = 0.0

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def wait_for_one(self, now: float) -> float:
        """Seconds until one token is free (0 when one is there now)."""
        self.refill(now)
        return max(self.blocked_until - now, (1.0 - self.tokens) / self.rate, 0.0)


class RateLimiter:
    """Paces one workspace's calls, per method, at the rates in `tiers`.

    `clock` and `sleep` are injectable so tests can run the pacing in milliseconds.
    """

    def __init__(
        self,
        tiers: dict[str, Tier],
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.tiers = tiers
        self.clock = clock
        self.sleep = sleep
        self._buckets: dict[str, _Bucket] = {}

    def tier(self, method: str) -> Tier:
        """The tier `method` is paced at."""
        return self.tiers.get(method, DEFAULT_TIER)

    def _bucket(self, key: str, tier: Tier) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            rate = tier.per_minute / 60.0
            bucket = _Bucket(rate, tier.burst, tier.burst, self.clock())
            self._buckets[key] = bucket
        return bucket

    def _keys(self, method: str, channel: str | None) -> list[tuple[str, Tier]]:
        keys = [(method, self.tier(method))]
        if method == POST_METHOD and channel:
            keys.append((f"{method}#{channel}", PER_CHANNEL))
        return keys

    def delay(self, method: str, channel: str | None = None) -> float:
        """Seconds until a call to `method` fits the budget, without taking it."""
        now = self.clock()
        return max(self._bucket(k, t).wait_for_one(now) for k, t in self._keys(method, channel))

    def take(self, method: str, channel: str | None = None) -> float:
        """Reserve the next slot for `method`; returns how long to wait before using it."""
        wait = self.delay(method, channel)
        for key, tier in self._keys(method, channel):
            bucket = self._bucket(key, tier)
            bucket.tokens -= 1.0
        return wait

    async def acquire(self, method: str, channel: str | None = None) -> None:
        """Wait for the next slot for `method` (and, for posts, for `channel`)."""
        wait = self.take(method, channel)
        if wait > 0:
            await self.sleep(wait)

    def pause(self, method: str, seconds: float) -> None:
        """Slack said 429 with Retry-After: no call to `method` before `seconds` from now."""
        bucket = self._bucket(method, self.tier(method))
        now = self.clock()
        bucket.refill(now)
        bucket.blocked_until = max(bucket.blocked_until, now + seconds)
        bucket.tokens = min(bucket.tokens, 0.0)

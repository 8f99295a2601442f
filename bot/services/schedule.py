"""When scheduled messages are due: weekly slots at each person's local time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

SATURDAY = 5


def zone(name: str | None) -> ZoneInfo:
    """The named time zone, or UTC when Slack gave none or one this machine does not know."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("unknown time zone %r, using UTC", name)
    return ZoneInfo("UTC")


def week_period(moment: datetime) -> str:
    """The ISO week of `moment` as `YYYY-Www`, the period of weekly messages."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_slot_period(now: datetime, tz_name: str | None, weekday: int, at: time) -> str | None:
    """The period whose slot is due at `now`, or None.

    A slot (weekday, local time) is due from that local time until the end of that local day:
    a cycle that runs late the same day still sends, but a missed day waits for next week rather
    than arriving on another day (or at a weekend).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(zone(tz_name))
    if local.weekday() != weekday or local.weekday() >= SATURDAY or local.time() < at:
        return None
    return week_period(local)


_clock: Callable[[], datetime] | None = None


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware: Kindred's one clock (see `set_clock`)."""
    return _clock() if _clock is not None else datetime.now(UTC)


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Make `utcnow` read `clock` (tests move time this way); None goes back to the real one."""
    global _clock
    _clock = clock

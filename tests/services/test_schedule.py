"""Weekly slots at each person's local time."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.services.schedule import week_period, weekly_slot_period

MONDAY, FRIDAY, SATURDAY = 0, 4, 5
NUDGE_TIME = time(9, 30)
# Monday 2026-11-23; Berlin is UTC+1 and Los Angeles UTC-8 in November.
MONDAY_0830_UTC = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
MONDAY_1730_UTC = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


def test_berlin_is_due_at_0830_utc_and_los_angeles_is_not() -> None:
    assert weekly_slot_period(MONDAY_0830_UTC, "Europe/Berlin", MONDAY, NUDGE_TIME) == "2026-W48"
    assert weekly_slot_period(MONDAY_0830_UTC, "America/Los_Angeles", MONDAY, NUDGE_TIME) is None


def test_los_angeles_is_due_at_1730_utc_in_the_same_week() -> None:
    period = weekly_slot_period(MONDAY_1730_UTC, "America/Los_Angeles", MONDAY, NUDGE_TIME)
    assert period == "2026-W48"


def test_due_until_the_end_of_the_local_day_only() -> None:
    late_monday = datetime(2026, 11, 23, 22, 59, tzinfo=UTC)  # 23:59 in Berlin
    tuesday = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)  # 00:00 Tuesday in Berlin
    assert weekly_slot_period(late_monday, "Europe/Berlin", MONDAY, NUDGE_TIME) == "2026-W48"
    assert weekly_slot_period(tuesday, "Europe/Berlin", MONDAY, NUDGE_TIME) is None


def test_local_date_decides_the_weekday() -> None:
    # 02:00 UTC on Saturday is still Friday 18:00 in Los Angeles.
    saturday_utc = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    assert weekly_slot_period(saturday_utc, "America/Los_Angeles", FRIDAY, time(15)) == "2026-W48"
    assert weekly_slot_period(saturday_utc, "Europe/Berlin", FRIDAY, time(15)) is None


def test_never_on_a_weekend() -> None:
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert weekly_slot_period(saturday, "UTC", SATURDAY, time(9)) is None


def test_unknown_time_zone_falls_back_to_utc() -> None:
    assert weekly_slot_period(MONDAY_0830_UTC, "Mars/Olympus", MONDAY, time(8)) == "2026-W48"
    assert weekly_slot_period(MONDAY_0830_UTC, None, MONDAY, time(9)) is None


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        weekly_slot_period(datetime(2026, 11, 23, 9), "UTC", MONDAY, NUDGE_TIME)


def test_iso_week_across_the_new_year() -> None:
    assert week_period(datetime(2027, 1, 1, tzinfo=UTC)) == "2026-W53"
    assert week_period(datetime(2027, 1, 4, tzinfo=UTC)) == "2027-W01"

"""Hearing a check-in: what its note is about, and whether last week was a hard one.

The themes are found with small English word lists, in the member's own note, at the moment of
the reply; nothing is stored or logged. A theme only chooses which validating line the reply
opens with (prompts/checkin/thanks.j2). A hard week only changes the member's own next reminder:
it asks kindly how this week is going. Neither ever reaches anyone else.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.checkins import period_monday, week_bounds
from bot.store.models import CheckIn

# Moods at or below this (1 rough, 2 not great) make a week "hard": the next reminder follows up,
# and a manager who receives such a check-in gets one open question to start with.
HARD_MOOD = 2

# In the order the reply prefers them: "tired but ok" is heard as tiredness first.
TIRED = "tired"
MIXED = "mixed"
GOOD_NEWS = "good_news"
LIFE = "life"

_THEMES: dict[str, tuple[str, ...]] = {
    TIRED: (
        "tired", "exhausted", "exhausting", "drained", "worn out", "knackered", "sleepy",
        "no sleep", "not sleeping", "little sleep", "late nights", "long days", "running on empty",
        "burnt out", "burned out", "fatigue",
    ),
    MIXED: (
        "but", "mixed", "ups and downs", "up and down", "bittersweet", "though", "although",
        "on the other hand", "rollercoaster", "roller coaster",
    ),
    GOOD_NEWS: (
        "good news", "great news", "promoted", "promotion", "got the job", "passed", "engaged",
        "new baby", "excited", "proud", "finally", "celebrate", "celebrating", "shipped",
        "launched", "won",
    ),
    LIFE: (
        "family", "kids", "children", "son", "daughter", "partner", "wife", "husband", "parents",
        "mum", "mom", "dad", "friend", "friends", "weekend", "holiday", "vacation", "garden",
        "walk", "moving house", "the move", "new flat", "dog", "cat", "birthday", "wedding",
        "health", "doctor", "home",
    ),
}  # fmt: skip
_PATTERNS = {
    theme: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    for theme, words in _THEMES.items()
}


def note_themes(note: str | None) -> list[str]:
    """The themes a note touches, in the order the reply prefers them (may be empty)."""
    if not note:
        return []
    return [theme for theme, pattern in _PATTERNS.items() if pattern.search(note)]


def is_hard(mood: int) -> bool:
    """A rough or not-great check-in."""
    return mood <= HARD_MOOD


async def last_week_was_hard(
    session: AsyncSession, team_id: str, user_id: str, tz: str | None, period: str
) -> bool:
    """True when the member's latest check-in of the week before `period` was rough or not great.

    `period` is the reminder's ISO week; weeks are the member's local weeks.
    """
    start, end = week_bounds(period_monday(period) - timedelta(days=7), tz)
    mood = await session.scalar(
        select(CheckIn.mood)
        .where(
            CheckIn.team_id == team_id,
            CheckIn.user_id == user_id,
            CheckIn.created_at >= start,
            CheckIn.created_at < end,
        )
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(1)
    )
    return mood is not None and is_hard(mood)

"""What a check-in note is about, so the thank-you can hear it (never to judge or advise).

The themes are found with small English word lists, in the member's own note, at the moment of
the reply; nothing is stored or logged. A theme only chooses which validating line the reply
opens with (prompts/checkin/thanks.j2).
"""

from __future__ import annotations

import re

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

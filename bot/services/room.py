"""Reading the room: tone and stress signals of a message or thread, and tips for replying.

Runs on the machine (VADER, word lists) and stores nothing. It never says who wrote what: the
reading holds counts and words, no user IDs, so nobody's mood is looked up through it. Stress,
sarcasm and shouting are found by the same phrase detectors /kindly uses
(`bot.services.phrases`), so the two features agree on what they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from bot.services import phrases
from bot.services.language import (
    emoji_as_words,
    expand_contractions,
    fold,
    looks_english,
    mask_quotes,
    original_spans,
    plain_text_of_slack,
    sentiment,
)

# Tone over the conversation: the mean of each message's VADER compound score.
# VADER's own neutral band is +/-0.05 for one text; a mean over a conversation needs clearer
# evidence, so a thread is tense at or below TENSE_MAX and warm at or above WARM_MIN.
TENSE_MAX = -0.15
WARM_MIN = 0.25
# With at least TREND_MIN_MESSAGES, the second half's mean is compared with the first half's;
# a difference of TREND_DELTA or more is "warming" or "cooling".
TREND_MIN_MESSAGES = 4
TREND_DELTA = 0.3

# Message subtypes that are not people talking (joins, topic changes, bots...).
_SKIPPED_SUBTYPES = frozenset(
    {
        "bot_message",
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "group_join",
        "group_leave",
        "pinned_item",
        "reminder_add",
        "tombstone",
    }
)


@dataclass(frozen=True)
class RoomMessage:
    """One message from a person: who (only to count people) and what they wrote."""

    user: str
    text: str


@dataclass(frozen=True)
class Signal:
    """Words of one kind (stress, sarcasm, shouting), as written, and how often they appeared."""

    words: str
    count: int


@dataclass(frozen=True)
class RoomReading:
    """What Read the room found, without saying who wrote what."""

    messages: int
    people: int
    score: float
    trend: str  # warming, cooling, steady, or "" when too short to tell
    signals: tuple[Signal, ...]
    english: bool
    in_thread: bool
    sarcasm: tuple[Signal, ...] = ()
    shouting: tuple[Signal, ...] = ()

    @property
    def tone(self) -> str:
        """`tense`, `neutral` or `warm` (thresholds at the top of this module)."""
        if self.score <= TENSE_MAX:
            return "tense"
        if self.sarcasm or self.shouting:
            # VADER takes sarcastic praise at its word and reads capitals as enthusiasm; a room
            # with either is tense when its words lean negative, and never warm.
            return "tense" if self.score < 0 else "neutral"
        if self.score >= WARM_MIN:
            return "warm"
        return "neutral"

    @property
    def tips(self) -> tuple[str, ...]:
        """Two or three tips (template names under `room/tips/`) that fit this room."""
        if self.signals:
            return ("acknowledge", "ask_how", "offer_help")
        if self.tone == "tense" or self.sarcasm or self.shouting:
            return ("acknowledge", "slow_down", "ask_how")
        if self.tone == "warm":
            return ("celebrate", "ask_how")
        return ("ask_how", "offer_help")


def messages_from_slack(raw: Iterable[dict[str, Any]]) -> list[RoomMessage]:
    """People's messages from Slack message objects: bots, joins and empty messages left out."""
    found = []
    for message in raw:
        if message.get("bot_id") or message.get("subtype") in _SKIPPED_SUBTYPES:
            continue
        text = plain_text_of_slack(str(message.get("text") or "")).strip()
        if text:
            found.append(RoomMessage(user=str(message.get("user") or ""), text=text))
    return found


def read_room(messages: Sequence[RoomMessage], *, in_thread: bool) -> RoomReading:
    """Tone, trend, stress signals and head count of `messages` (oldest first)."""
    scores = [sentiment(emoji_as_words(m.text)) for m in messages]
    trend = ""
    if len(scores) >= TREND_MIN_MESSAGES:
        half = len(scores) // 2
        delta = fmean(scores[half:]) - fmean(scores[:half])
        trend = "steady"
        if delta >= TREND_DELTA:
            trend = "warming"
        elif delta <= -TREND_DELTA:
            trend = "cooling"
    return RoomReading(
        messages=len(messages),
        people=len({m.user for m in messages}),
        score=round(fmean(scores), 4) if scores else 0.0,
        trend=trend,
        signals=_found(phrases.stress, (m.text for m in messages)),
        english=looks_english(" ".join(m.text for m in messages)),
        in_thread=in_thread,
        sarcasm=_found(phrases.sarcasm, (m.text for m in messages)),
        shouting=_found(phrases.shouting, (m.text for m in messages)),
    )


def _found(
    detector: Callable[[str], list[phrases.Span]], texts: Iterable[str]
) -> tuple[Signal, ...]:
    """What `detector` finds in `texts` (quoted words left out), most frequent first."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    for text in texts:
        expanded, back = expand_contractions(text)  # "dont" is read as "don't"
        masked, _ = mask_quotes(expanded)
        for start, end in original_spans(detector(fold(masked)), back):
            words = re.sub(r"\s+", " ", text[start:end])
            key = words.lower()
            counts[key] += 1
            first_seen.setdefault(key, words)
    ordered = sorted(counts, key=lambda k: (-counts[k], list(first_seen).index(k)))
    return tuple(Signal(first_seen[k], counts[k]) for k in ordered)

"""Noticing words that may mean someone is in crisis, so Kindred can offer support privately.

`crisis_signals(text)` is deliberately simple, reusable (the anonymous space and check-in notes
both call it) and biased towards noticing: showing support resources to someone who did not need
them costs little, missing someone who did costs a lot. It never blocks anything and never tells
anyone else; the caller shows `prompts/support/resources.j2` to the writer only.

How it matches:

- Each pattern is a regular expression over the lower-cased text, with apostrophes normalised
  (`don’t` = `don't`) and runs of spaces collapsed, matched on word boundaries.
- "Negation-light": a pattern marked `negatable` is ignored when one of a few negation words
  (`not`, `never`, `no`, `don't`, …) is one of the two words just before it in the same clause
  (clauses end at `.`, `,`, `;`, `:`, `!`, `?` and line breaks), so "I'm not suicidal, just
  tired" and "I would never hurt myself" do not trigger, while "I'm not ok, I want to die"
  does. Patterns that already carry their negation ("don't want to live", "no reason to
  live") are not negatable. That is all: no grammar, no
  sarcasm detection, no scoring.
- To change what is noticed, edit `PATTERNS` (and its tests in tests/services/test_crisis.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisPattern:
    """One thing to notice: a regular expression and whether a nearby negation cancels it."""

    name: str
    regex: re.Pattern[str]
    negatable: bool = True


def _pattern(name: str, expression: str, *, negatable: bool = True) -> CrisisPattern:
    return CrisisPattern(name, re.compile(rf"\b(?:{expression})\b"), negatable)


PATTERNS: tuple[CrisisPattern, ...] = (
    _pattern("suicide", r"suicid(?:e|al|ality)|kill(?:ing)? myself|take my (?:own )?life"),
    _pattern(
        "ending life",
        r"end(?:ing)? (?:my life|it all|things)|want(?:ed)? to die|wish i (?:was|were) dead"
        r"|better off dead|better off without me",
    ),
    _pattern(
        "self-harm",
        r"self[- ]?harm(?:ing)?|hurt(?:ing)? myself|cut(?:ting)? myself|harm(?:ing)? myself"
        r"|overdos(?:e|ed|ing)",
    ),
    _pattern(
        "no way forward",
        r"(?:don't|do not|dont) want to (?:live|be alive|be here|wake up)(?: anymore)?"
        r"|no (?:reason|point) (?:to|in) (?:live|living|going on)"
        r"|(?:can'?t|cannot) (?:go on|do this anymore|keep going)",
        negatable=False,
    ),
)

NEGATIONS = frozenset({"not", "never", "no", "don't", "dont", "didn't", "isn't", "wasn't", "won't"})
NEGATION_WINDOW = 2
_CLAUSE_END = re.compile(r"[.,;:!?\n]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_WORD = re.compile(r"[a-z']+")


def _normalise(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.lower().translate(_APOSTROPHES))


def _negated(text: str, start: int) -> bool:
    """True when a negation word is among the words just before `start`, in the same clause."""
    before = text[:start]
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    words = _WORD.findall(before[clause_start:])[-NEGATION_WINDOW:]
    return any(word in NEGATIONS for word in words)


def crisis_signals(text: str) -> list[str]:
    """The names of the patterns `text` matches (empty when none), each named once, in order."""
    normalised = _normalise(text)
    found: list[str] = []
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(normalised):
            if pattern.negatable and _negated(normalised, match.start()):
                continue
            found.append(pattern.name)
            break
    return found


def mentions_crisis(text: str) -> bool:
    """True when `text` has any crisis signal: offer the writer support resources."""
    return bool(crisis_signals(text))

"""An exact adversary for team releases: every world consistent with what a manager saw.

A release is about a pool of people the manager cannot tell apart (shared check-ins keep their
author out of it; team membership is known to her). A world gives each of them a state: no
answer, or a mood from 1 to 5. Everyone in the pool is interchangeable, so the worlds are
exactly the ways of counting how many are in each state; the adversary knows the rules
(`decide`) and keeps the worlds that would have shown exactly what she saw.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import lru_cache

from bot.services.releases import Figures, decide

STATES = (0, 1, 2, 3, 4, 5)  # 0: did not answer


def pools(size: int) -> Iterator[tuple[int, ...]]:
    """Every world of a pool of `size`: how many people are in each state (none, 1..5)."""
    for cut in itertools.combinations(range(size + 5), 5):
        bounds = (-1, *cut, size + 5)
        yield tuple(bounds[i + 1] - bounds[i] - 1 for i in range(6))


def answers_of(counts: tuple[int, ...]) -> list[int]:
    """The moods of the people who answered, in a world."""
    return [state for state, n in zip(STATES, counts, strict=True) for _ in range(n) if state]


@lru_cache(maxsize=64)
def possible_moods(size: int, min_group: int) -> dict[Figures, frozenset[int]]:
    """For each release a pool of `size` can be shown, every mood someone in it could have had.

    A person's mood is determined when this holds a single mood (even "if they answered at
    all, it was 4").
    """
    moods: dict[Figures, set[int]] = {}
    for counts in pools(size):
        shown = decide(answers_of(counts), size, min_group)
        present = {state for state, n in zip(STATES, counts, strict=True) if n and state}
        moods.setdefault(shown, set()).update(present)
    return {shown: frozenset(found) for shown, found in moods.items()}

"""Draft-level measures of /kindly on a labelled set: shared by the tuning and held-out tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.services.feedback import Coaching, coach

HERE = Path(__file__).parent


def load(name: str) -> list[dict[str, Any]]:
    """The drafts of `name` (a YAML list beside this file)."""
    with (HERE / name).open(encoding="utf-8") as stream:
        drafts: list[dict[str, Any]] = yaml.safe_load(stream)
    return drafts


def flagged(coaching: Coaching) -> bool:
    """At least one finding that quotes the draft's own words (tips and tone do not count)."""
    return any(f.quotes and all(q in coaching.draft for q in f.quotes) for f in coaching.findings)


@dataclass(frozen=True)
class Scores:
    """Draft-level precision, recall and F1, with the counts behind them."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<22} precision {self.precision:.2f}  recall {self.recall:.2f}  "
            f"F1 {self.f1:.2f}  (tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn})"
        )


def score(drafts: list[dict[str, Any]]) -> tuple[Scores, Scores]:
    """The rules' scores on `drafts`, and the flag-every-draft baseline's."""
    tp = fp = fn = tn = 0
    for draft in drafts:
        harsh = draft["kind"] == "harsh"
        hit = flagged(coach(draft["text"]))
        tp += hit and harsh
        fp += hit and not harsh
        fn += harsh and not hit
        tn += not harsh and not hit
    harsh_count = tp + fn
    return Scores(tp, fp, fn, tn), Scores(harsh_count, len(drafts) - harsh_count, 0, 0)

"""The undertone of a draft: harshness no single phrase gives away, read from word statistics.

Phrase detectors (`bot.services.phrases`) quote words that hurt on their own. Much of what lands
badly in workplace chat hurts by framing instead ("I'll let you think about what that says"),
and each new writer frames it differently, so no phrase list keeps up. This detector weighs every
word and word pair of a draft by how often it appeared in harsh versus kind drafts of the
labelled tuning sets (a naive Bayes model over word presence), and quotes the sentence that
weighs most towards harsh.

The model is a table of counts in `undertone.json`, built from the tuning sets only:

    python -m bot.services.undertone tests/services/feedback_drafts.yml \\
        tests/services/feedback_independent.yml

`tests/services/test_undertone.py` rebuilds it and checks the shipped table is exactly that, so
no held-out draft can be in it. Nothing here leaves the machine, and no draft is stored.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import yaml

from bot.services.language import Sentence, fold, sentences

MODEL_PATH = Path(__file__).with_name("undertone.json")
# A draft whose log-odds of harsh against kind is above this is flagged. The odds are those of a
# naive model (it counts correlated words as independent), so the line is set where, trained
# without it, each independent tuning round was flagged with precision about 0.95 and recall
# about 0.8 (tests/services/feedback_independent.yml explains the rounds).
DRAFT_LOG_ODDS_MIN = -3.0
# Words and pairs seen fewer times than this in the tuning sets carry no weight (and are not
# shipped): one example is an anecdote, not a pattern.
MIN_FEATURE_COUNT = 2

_TOKEN = re.compile(r"[a-z0-9']+|[!?]+")


@dataclass(frozen=True)
class Model:
    """How many harsh and kind drafts were read, and per feature how many of each held it."""

    harsh_drafts: int
    kind_drafts: int
    counts: dict[str, tuple[int, int]]

    def log_odds(self, text: str) -> float:
        """How much more `text` looks like the harsh drafts than the kind ones (log-odds)."""
        score = math.log(self.harsh_drafts / self.kind_drafts)
        for feature in features(text):
            harsh, kind = self.counts.get(feature, (0, 0))
            if harsh + kind < MIN_FEATURE_COUNT:
                continue
            # Laplace smoothing: a feature never seen in kind drafts is likely harsh, not certain.
            in_harsh = (harsh + 1) / (self.harsh_drafts + 2)
            in_kind = (kind + 1) / (self.kind_drafts + 2)
            score += math.log(in_harsh / in_kind)
        return score


def features(text: str) -> set[str]:
    """The words of `text` (lower-cased, with runs of "!" or "?") and each pair of neighbours."""
    tokens = _TOKEN.findall(fold(text).lower())
    return set(tokens) | {f"{a} {b}" for a, b in pairwise(tokens)}


def undertone(masked: str) -> list[tuple[int, int]]:
    """The sentence of a harsh-sounding draft that sounds harshest, or nothing.

    `masked` has its quoted passages blanked: someone else's words do not count.
    """
    model = load()
    if model.log_odds(masked) <= DRAFT_LOG_ODDS_MIN:
        return []
    parts: list[Sentence] = sentences(masked)
    if not parts:
        return []
    worst = max(parts, key=lambda s: model.log_odds(s.text))
    return [(worst.start, worst.end)]


@cache
def load() -> Model:
    """The shipped model (read once)."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    counts = {feature: (pair[0], pair[1]) for feature, pair in data["counts"].items()}
    return Model(data["harsh_drafts"], data["kind_drafts"], counts)


def build(drafts: Iterable[dict[str, str]]) -> dict[str, object]:
    """The model's table from labelled drafts (`kind` harsh or kind, `text`), as JSON data."""
    harsh: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for draft in drafts:
        if draft["kind"] not in ("harsh", "kind") or draft.get("language") == "other":
            continue
        totals[draft["kind"]] += 1
        (harsh if draft["kind"] == "harsh" else kind).update(features(draft["text"]))
    kept = sorted(f for f in harsh.keys() | kind.keys() if harsh[f] + kind[f] >= MIN_FEATURE_COUNT)
    return {
        "harsh_drafts": totals["harsh"],
        "kind_drafts": totals["kind"],
        "counts": {f: [harsh[f], kind[f]] for f in kept},
    }


def read_sets(paths: Iterable[str]) -> list[dict[str, str]]:
    """The drafts of each labelled YAML file in `paths`, in order."""
    drafts: list[dict[str, str]] = []
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            drafts += yaml.safe_load(stream)
    return drafts


def dumps(table: dict[str, object]) -> str:
    """`table` as JSON with one feature a line, so a rebuild reads well in a diff."""
    counts: dict[str, list[int]] = table["counts"]  # type: ignore[assignment]
    lines = [f"  {json.dumps(f, ensure_ascii=False)}: {json.dumps(c)}" for f, c in counts.items()]
    head = f'{{"harsh_drafts": {table["harsh_drafts"]}, "kind_drafts": {table["kind_drafts"]},'
    return head + '\n"counts": {\n' + ",\n".join(lines) + "\n}}\n"


def main(argv: list[str]) -> None:
    """Build `undertone.json` from the labelled tuning files named in `argv`."""
    table = build(read_sets(argv))
    MODEL_PATH.write_text(dumps(table), encoding="utf-8")
    print(f"{MODEL_PATH}: {len(table['counts'])} features")  # type: ignore[arg-type]


if __name__ == "__main__":
    main(sys.argv[1:])

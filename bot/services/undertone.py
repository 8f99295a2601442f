"""The undertone of a draft: harshness no single phrase gives away, read from word statistics.

Phrase detectors (`bot.services.phrases`) quote words that hurt on their own. Much of what lands
badly in workplace chat hurts by framing instead ("I'll let you think about what that says"),
and each new writer frames it differently, so no phrase list keeps up. This detector weighs every
word and word pair of a draft by how often it appeared in harsh versus kind drafts of the
labelled tuning sets (a naive Bayes model over word presence). When no phrase was flagged and
the draft reads harsh as a whole, /kindly quotes the sentence that weighs most towards harsh;
when the passage around a phrase reads as kind as the kindest drafts, the phrase findings that
depend most on context are set aside (`bot.services.feedback.OUTWEIGHED_KINDS`).

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

from bot.services.language import Sentence, fold, sentences, sentiment

MODEL_PATH = Path(__file__).with_name("undertone.json")
# The odds are those of a naive model (it counts correlated words as independent), so both lines
# were set on development rounds the model had not been trained on (round 5 of
# tests/services/feedback_independent.yml, with the phrase detectors as they then were):
# with nothing phrased harshly, a draft above this reads harsh as a whole…
DRAFT_LOG_ODDS_MIN = -1.0
# …and a passage (a sentence and its neighbours) below this reads as kind as the kindest drafts
# (thanks, credit, warmth), so a phrase in it that sounds harsh only out of context ("you
# absolutely killed it!!") is set aside.
KIND_DRAFT_LOG_ODDS_MAX = -10.0
# VADER's compound score a passage must also reach to count as kind ("thanks so much, lovely").
WARM_MIN = 0.3
# A draft of fewer words than this carries too little to weigh ("Please update the tickets."):
# a short harsh draft has to be caught by its phrases.
MIN_WORDS = 6
# Words and pairs seen fewer times than this in the tuning sets carry no weight (and are not
# shipped): one example is an anecdote, not a pattern.
MIN_FEATURE_COUNT = 2

_TOKEN = re.compile(r"[a-z0-9']+|[!?]+")
_WORD = re.compile(r"[\w']+")


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


def log_odds(masked: str) -> float:
    """How much more the draft reads like the harsh tuning drafts than the kind ones.

    `masked` has its quoted passages blanked: someone else's words do not count.
    """
    return load().log_odds(masked)


def in_kind_passages(masked: str, spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Those of `spans` whose sentence, with the sentences either side, reads as kind as the
    kindest drafts (below KIND_DRAFT_LOG_ODDS_MAX) and whose words are clearly warm (VADER). In a
    short draft that passage is the whole draft.

    Both, because each alone is fooled: the word statistics by enthusiasm ("You broke the demo
    today!!" has the "!!" of a hundred thank-yous), VADER by sarcasm.
    """
    parts = sentences(masked)
    model = load()
    kind_at: dict[int, bool] = {}  # sentence index -> its passage reads kind (each read once)
    found = set()
    for span in spans:
        at = next((i for i, s in enumerate(parts) if s.start <= span[0] < s.end), None)
        if at is None:
            continue
        if at not in kind_at:
            window = parts[max(at - 1, 0) : at + 2]
            passage = masked[window[0].start : window[-1].end]
            kind_at[at] = (
                model.log_odds(passage) < KIND_DRAFT_LOG_ODDS_MAX and sentiment(passage) >= WARM_MIN
            )
        if kind_at[at]:
            found.add(span)
    return found


def reads_harsh(masked: str) -> bool:
    """Whether the draft is long enough to weigh and reads harsh as a whole."""
    long_enough = len(_WORD.findall(masked)) >= MIN_WORDS
    return long_enough and log_odds(masked) > DRAFT_LOG_ODDS_MIN


def harshest_sentence(masked: str) -> list[tuple[int, int]]:
    """Where the sentence of `masked` that weighs most towards harsh is (one span)."""
    parts: list[Sentence] = sentences(masked)
    if not parts:
        return []
    model = load()
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

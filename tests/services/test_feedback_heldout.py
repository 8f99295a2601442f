"""/kindly on the held-out drafts (feedback_heldout.yml), which nothing was ever tuned on.

Only aggregate draft-level figures are printed (run with `-s`), beside the baseline of flagging
every draft: never a list of misses, so the set stays held out. "Rules" means everything /kindly
does without the optional language model: the phrase detectors and the word statistics.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.services.feedback_measure import load, score

PRECISION_BAR = 0.85  # issue 14: rules alone, on drafts written by someone who never saw them
RECALL_BAR = 0.75
HELDOUT = [d for d in load("feedback_heldout.yml") if d["kind"] in ("harsh", "kind")]


def test_the_held_out_set_is_big_and_balanced() -> None:
    kinds = Counter(d["kind"] for d in HELDOUT)
    assert len(HELDOUT) >= 200
    assert kinds["harsh"] >= 90 and kinds["kind"] >= 90


def test_held_out_precision(capsys: pytest.CaptureFixture[str]) -> None:
    rules, baseline = score(HELDOUT)
    with capsys.disabled():
        print(f"\n/kindly on {len(HELDOUT)} held-out drafts (draft level, no language model)")
        print(rules.line("rules"))
        print(baseline.line("flag every draft"))
    assert rules.precision >= PRECISION_BAR, f"precision {rules.precision:.2f}"


# Measured when the set was new (README, "How well it works"): precision 0.97, recall 0.86; and
# 0.97 / 0.85 after the word statistics got a six-word minimum.
def test_held_out_recall() -> None:
    rules, _ = score(HELDOUT)
    assert rules.recall >= RECALL_BAR, f"recall {rules.recall:.2f}"

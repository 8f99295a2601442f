"""/kindly on the held-out drafts (feedback_heldout.yml), which nothing was ever tuned on.

Only aggregate draft-level figures are printed (run with `-s`), beside the baseline of flagging
every draft: never a list of misses, so the set stays held out.
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
        print(f"\n/kindly on {len(HELDOUT)} held-out drafts (draft level, rules alone)")
        print(rules.line("rules"))
        print(baseline.line("flag every draft"))
    assert rules.precision >= PRECISION_BAR, f"precision {rules.precision:.2f}"


# Measured at 0.69 when issue 14 closed (README, "How well it works"): below the bar, and kept
# honest here rather than lowered. strict: the day it passes, this mark must go.
@pytest.mark.xfail(strict=True, reason="held-out recall is 0.69, below the issue's 0.75")
def test_held_out_recall() -> None:
    rules, _ = score(HELDOUT)
    assert rules.recall >= RECALL_BAR, f"recall {rules.recall:.2f}"

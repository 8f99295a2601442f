"""How well /kindly's detectors agree with a person, on a labelled set of feedback drafts.

The drafts and their labels are in feedback_drafts.yml beside this file (what each label means is
explained at its top). Precision and recall are measured per detector and over all of them, and
printed (run with `-s` to see the table); any of them below QUALITY_BAR fails.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.services.feedback import ISSUE_KINDS, MAX_DRAFT_CHARS, coach

QUALITY_BAR = 0.85
DRAFTS_FILE = Path(__file__).with_name("feedback_drafts.yml")


def load_drafts() -> list[dict[str, Any]]:
    with DRAFTS_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


DRAFTS = load_drafts()
ENGLISH = [d for d in DRAFTS if d.get("language") != "other"]
NOT_ENGLISH = [d for d in DRAFTS if d.get("language") == "other"]


def measure(drafts: list[dict[str, Any]]) -> dict[str, tuple[float, float, int, int, int]]:
    """Precision, recall, true and false positives and misses per detector, and `all`."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for draft in drafts:
        expected = set(draft["issues"])
        found = coach(draft["text"]).issues
        for kind in ISSUE_KINDS:
            if kind in found and kind in expected:
                tp[kind] += 1
            elif kind in found:
                fp[kind] += 1
            elif kind in expected:
                fn[kind] += 1
    results = {}
    for kind in (*ISSUE_KINDS, "all"):
        t, f, n = (
            (sum(tp.values()), sum(fp.values()), sum(fn.values()))
            if kind == "all"
            else (tp[kind], fp[kind], fn[kind])
        )
        precision = t / (t + f) if t + f else 1.0
        recall = t / (t + n) if t + n else 1.0
        results[kind] = (precision, recall, t, f, n)
    return results


def test_the_set_is_big_and_balanced_enough() -> None:
    kinds = Counter(d["kind"] for d in ENGLISH)
    assert len(ENGLISH) >= 40
    assert kinds["harsh"] >= 20 and kinds["kind"] >= 20
    assert abs(kinds["harsh"] - kinds["kind"]) <= 2
    assert {i for d in DRAFTS for i in d["issues"]} <= set(ISSUE_KINDS)
    for kind in ISSUE_KINDS:
        assert sum(kind in d["issues"] for d in ENGLISH) >= 5, f"too few {kind} examples"
    assert any(len(d["text"]) == MAX_DRAFT_CHARS for d in ENGLISH), "the 3,000-character draft"
    assert len(NOT_ENGLISH) >= 2


def test_precision_and_recall_of_every_detector(capsys: pytest.CaptureFixture[str]) -> None:
    results = measure(ENGLISH)
    lines = [f"{'detector':<14} precision  recall   tp  fp  fn"]
    for kind, (precision, recall, t, f, n) in results.items():
        lines.append(f"{kind:<14} {precision:9.2f} {recall:7.2f} {t:4d} {f:3d} {n:3d}")
    with capsys.disabled():
        print(f"\n/kindly detectors on {len(ENGLISH)} labelled drafts\n" + "\n".join(lines))
    below = {k: r[:2] for k, r in results.items() if min(r[:2]) < QUALITY_BAR}
    assert not below, f"below {QUALITY_BAR}: {below}"


@pytest.mark.parametrize("draft", NOT_ENGLISH, ids=lambda d: d["id"])
def test_drafts_that_are_not_english_get_no_guesses(draft: dict[str, Any]) -> None:
    coaching = coach(draft["text"])
    assert not coaching.english
    assert coaching.findings == ()


def test_tone_separates_the_harsh_half_from_the_kind_half() -> None:
    # Tone is information, not a flag (see feedback_drafts.yml): VADER reads sarcasm as warm and
    # a kind report of an outage as negative. On average it must still tell the halves apart.
    harsh = [coach(d["text"]).tone for d in ENGLISH if d["kind"] == "harsh"]
    kind = [coach(d["text"]).tone for d in ENGLISH if d["kind"] == "kind"]
    assert sum(t.score for t in harsh) / len(harsh) < 0 < sum(t.score for t in kind) / len(kind)
    assert sum(t.label in ("harsh", "negative") for t in harsh) >= 0.5 * len(harsh)
    assert sum(t.label == "warm" for t in kind) >= 0.5 * len(kind)
    assert sum(t.label == "harsh" for t in kind) <= 0.1 * len(kind)

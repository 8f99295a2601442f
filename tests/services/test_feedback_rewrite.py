"""Every rewrite /kindly offers for a harsh draft, in both labelled sets, is one a person could say.

For each harsh draft (tuning and held-out), the "Say it from your side" sentence is rendered from
the real template and checked: it holds none of the draft's flagged words, the detectors find
nothing in it, and "I noticed" is followed by what the person did ("you…", "your…"), never by a
question, a condition or a verdict. One exception, by design: words flagged only because they
blame "you" ("you skipped the checklist") may come back after "I noticed", where the re-check
reads them as an observation. Held-out failures are counted, never printed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.prompts import Prompts
from bot.services.feedback import Coaching, coach
from tests.services.feedback_measure import flagged, load

SAY_IT = re.compile(r'\*Say it from your side:\* "(.*)"')
NOT_AFTER_NOTICED = re.compile(
    r"^I noticed (?:did|do|does|why|how|who|what|is|are|was|were|can|could|would|will|if|unless|"
    r"when|whenever|please|stop|don't|just)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return Prompts()


def spoken(prompts: Prompts, coaching: Coaching) -> str:
    """The sentence the coaching offers to say, or "" when it offers the guided form instead."""
    parts = coaching.rewrite
    shown = prompts.render(
        "feedback/rewrite",
        situation=parts.situation,
        behaviour=parts.behaviour,
        impact=parts.impact,
        question=prompts.render("feedback/question", question=parts.question),
    )
    found = SAY_IT.search(shown)
    return found.group(1) if found else ""


def problems(prompts: Prompts, draft: str) -> list[str]:
    """What is wrong with the rewrite of `draft` (nothing, for a sayable one or none at all)."""
    coaching = coach(draft)
    sentence = spoken(prompts, coaching)
    if not sentence:
        return []
    found = []
    for finding in coaching.findings:
        if finding.kind == "you_blame":
            continue  # reframed as "I noticed…", and re-checked just below
        for quote in finding.quotes:
            words = quote.strip(" .,;:!?…")
            if words and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", sentence, re.IGNORECASE):
                found.append(f"repeats flagged words {quote!r}")
    recheck = coach(sentence)
    if flagged(recheck):
        found.append(f"the detectors flag it: {sorted(recheck.issues)}")
    noticed = sentence[sentence.find("I noticed") :]
    if NOT_AFTER_NOTICED.match(noticed) or not re.match(r"I noticed (?:you|your)\b", noticed):
        found.append("'I noticed' is not followed by what the person did")
    return [f"{p}: {sentence!r}" for p in found]


def harsh(name: str) -> list[dict[str, Any]]:
    return [d for d in load(name) if d["kind"] == "harsh" and d.get("language") != "other"]


@pytest.mark.parametrize(
    "draft", harsh("feedback_drafts.yml") + harsh("feedback_independent.yml"), ids=lambda d: d["id"]
)
def test_every_tuning_rewrite_is_sayable(prompts: Prompts, draft: dict[str, Any]) -> None:
    assert problems(prompts, draft["text"]) == []


def test_every_held_out_rewrite_is_sayable(prompts: Prompts) -> None:
    drafts = harsh("feedback_heldout.yml")
    bad = sum(bool(problems(prompts, d["text"])) for d in drafts)
    offered = sum(bool(spoken(prompts, coach(d["text"]))) for d in drafts)
    assert bad == 0, f"{bad} of {offered} rewrites offered for {len(drafts)} held-out drafts"


def test_a_draft_with_nothing_usable_offers_the_guided_form(prompts: Prompts) -> None:
    coaching = coach("Did you even run this locally? Your code is garbage.")
    assert coaching.rewrite.behaviour == ""
    assert spoken(prompts, coaching) == ""
    shown = prompts.render("feedback/rewrite", situation="", behaviour="", impact="", question="?")
    assert "Rewrite with SBI" in shown and "I noticed" not in shown


@pytest.mark.parametrize(
    ("draft", "behaviour"),
    [
        ("I noticed your code is garbage.", ""),
        ("Did you even run this locally?", ""),
        ("Your presentation was boring.", ""),
        ("If you had tested it, prod would be fine.", ""),
        (
            "In yesterday's release you skipped the checklist and we spent the evening rolling "
            "back. Honestly it's lazy.",
            "you skipped the checklist",
        ),
    ],
)
def test_behaviour_never_comes_from_a_verdict_question_or_condition(
    draft: str, behaviour: str
) -> None:
    assert coach(draft).rewrite.behaviour == behaviour

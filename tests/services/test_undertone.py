"""The word-statistics detector behind /kindly's "undertone" finding (bot/services/undertone.py)."""

from __future__ import annotations

import math

from bot.services import undertone
from bot.services.feedback import UNDERTONE, coach
from tests.services.feedback_measure import HERE

TUNING_SETS = [HERE / "feedback_drafts.yml", HERE / "feedback_independent.yml"]


def test_the_shipped_table_is_exactly_the_one_built_from_the_tuning_sets() -> None:
    # So nothing else, the held-out set above all, can have been counted into it.
    rebuilt = undertone.dumps(undertone.build(undertone.read_sets(map(str, TUNING_SETS))))
    assert undertone.MODEL_PATH.read_text(encoding="utf-8") == rebuilt


def test_words_seen_in_harsh_drafts_raise_the_odds_and_kind_ones_lower_them() -> None:
    model = undertone.Model(10, 10, {"whatever": (6, 0), "thanks": (0, 6), "once": (1, 0)})
    assert model.log_odds("") == 0.0
    assert math.isclose(model.log_odds("whatever"), math.log(7 / 1))
    assert math.isclose(model.log_odds("thanks"), math.log(1 / 7))
    assert model.log_odds("once") == 0.0  # seen once: an anecdote, not a pattern
    assert model.log_odds("WHATEVER, thanks") == 0.0


def test_features_are_words_runs_of_punctuation_and_neighbouring_pairs() -> None:
    assert undertone.features("Why?? You’re late") == {
        "why",
        "??",
        "you're",
        "late",
        "why ??",
        "?? you're",
        "you're late",
    }


def test_the_harshest_sentence_is_quoted_when_no_phrase_gives_it_away() -> None:
    coaching = coach("I'll leave it to you to tell the client why it moved.")
    assert [(f.kind, f.quotes) for f in coaching.findings] == [
        (UNDERTONE, ("I'll leave it to you to tell the client why it moved.",))
    ]
    assert coaching.strengths == ()  # "what already works" never sits under a finding


def test_warm_and_plain_drafts_have_no_undertone() -> None:
    for draft in (
        "Thank you so much for the thoughtful review, it really helped!",
        "Thanks for the slides. Next time maybe loop me in before the client sees them.",
    ):
        assert coach(draft).findings == ()


def test_the_undertone_is_only_looked_for_when_no_phrase_was_flagged() -> None:
    issues = coach("Noted. I'll plan around you then.").issues
    assert "dismissive" in issues and UNDERTONE not in issues


def test_quoted_words_are_someone_elses_here_too() -> None:
    said = "I'll leave it to you to tell the client why it moved."
    assert coach(said).issues == {UNDERTONE}
    assert coach(f'Priya wrote "{said}" and we laughed, it was a fair point.').issues == set()


def test_a_phrase_that_is_harsh_only_out_of_context_is_set_aside_in_a_kind_passage() -> None:
    assert coach("You absolutely killed it in the demo today!!").findings == ()
    assert "shouting" in coach("You broke the demo today!!").issues
    # Threats are never set aside, however warm the words around them.
    warm_threat = "Thanks so much for the lovely deck, really appreciate it! Or else."
    assert "threat" in coach(warm_threat).issues


def test_a_draft_too_short_to_weigh_gets_no_undertone() -> None:
    assert coach("Please update the tickets.").findings == ()

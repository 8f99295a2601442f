"""Crisis-word detection: notices what it should, lets ordinary figures of speech and plain
negations pass."""

from __future__ import annotations

import pytest

from bot.services.crisis import crisis_signals, mentions_crisis


@pytest.mark.parametrize(
    "text",
    [
        "Some days I want to die.",
        "I've been thinking about suicide a lot",
        "honestly I feel suicidal",
        "I keep hurting myself when it gets bad",
        "I don't want to live anymore",
        "I do not want to be here",
        "I can’t go on like this",  # a typographic apostrophe
        "there is no reason to live",
        "Everyone would be better off without me",
        "I'm not ok, I want to die",  # the negation belongs to another clause
        "I'M THINKING OF ENDING IT ALL",
        "took too many pills, maybe an overdose",
    ],
)
def test_notices_crisis_words(text: str) -> None:
    assert mentions_crisis(text), text


@pytest.mark.parametrize(
    "text",
    [
        "This deadline is killing me",
        "I nearly died laughing at the retro",
        "I'm not suicidal, just really tired",
        "I would never hurt myself, but I am sad",
        "I don't want to die on this hill about tabs",
        "The build will die if we merge this",
        "Feeling low after a rough week",
        "",
    ],
)
def test_lets_ordinary_words_and_negations_pass(text: str) -> None:
    assert not mentions_crisis(text), crisis_signals(text)


def test_names_each_kind_of_signal_once() -> None:
    text = "I want to die. I want to die. I keep hurting myself."
    assert crisis_signals(text) == ["ending life", "self-harm"]

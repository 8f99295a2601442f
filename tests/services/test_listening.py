"""The listening coach: what makes someone who shared something hard feel unheard, quoted back."""

from __future__ import annotations

import pytest

from bot.services.listening import listen


def quotes(reply: str, kind: str) -> tuple[str, ...]:
    found = {f.kind: f.quotes for f in listen(reply).findings}
    assert kind in found, f"{kind} not found in {reply!r}: {found}"
    return found[kind]


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        ("At least you still have a job.", "minimising", "At least"),
        ("Honestly it could be worse, it's only one review.", "minimising", "it could be worse"),
        ("Just ignore him, he's like that with everyone.", "minimising", "Just ignore"),
        ("It's not that bad, everyone goes through this.", "minimising", "It's not that bad"),
        ("Everything happens for a reason!", "toxic_positivity", "Everything happens for a reason"),
        (
            "Look on the bright side, you learned a lot.",
            "toxic_positivity",
            "Look on the bright side",
        ),
        ("Stay positive and it will all work out 🙂", "toxic_positivity", "Stay positive"),
        (
            "You should talk to your manager about it.",
            "advice_first",
            "You should talk to your manager about it.",
        ),
        ("Have you tried blocking time in your calendar?", "advice_first", "Have you tried"),
        ("Go to HR tomorrow. Don't let them walk over you.", "advice_first", "Go to HR tomorrow."),
        ("When I was a junior the same happened to me.", "own_story", "When I was"),
        ("Same here, my last team did exactly that.", "own_story", "Same here"),
        ("Why didn't you say something in the meeting?", "interrogation", "Why didn't you"),
        ("Are you sure it was about you?", "interrogation", "Are you sure"),
    ],
)
def test_each_check_quotes_the_words(reply: str, kind: str, words: str) -> None:
    assert any(words in quoted for quoted in quotes(reply, kind))
    assert all(q in reply for q in quotes(reply, kind))


def test_many_questions_read_as_an_interrogation() -> None:
    reply = "What happened? Who else was there? When was this? What did your lead say?"
    assert len(quotes(reply, "interrogation")) == 4
    assert "interrogation" not in listen("That sounds hard. Do you want to talk about it?").issues


@pytest.mark.parametrize(
    "reply",
    [
        "That sounds exhausting. Thank you for sharing it here; you're not alone in this.",
        "I'm so sorry. It makes sense you feel drained after a week like that.",
        "That sounds really hard. If it would help, I'm happy to share what worked for me, but "
        "only if you want that.",
        "Thank you for trusting us with this. Take your time.",
        "I hear you. Is there anything that would make this week a little lighter?",
    ],
)
def test_validating_replies_get_no_findings_and_are_told_so(reply: str) -> None:
    coaching = listen(reply)
    assert coaching.findings == () and coaching.validates


def test_advice_after_acknowledging_is_fine_and_quoted_words_are_someone_elses() -> None:
    assert (
        "advice_first"
        not in listen("That sounds awful. When you feel ready, you could talk to your lead.").issues
    )
    assert "minimising" not in listen('They were told "just ignore it". That sounds hard.').issues


def test_other_languages_are_not_guessed_at() -> None:
    coaching = listen("Lo siento mucho, eso suena muy difícil. Estoy aquí para lo que necesites.")
    assert not coaching.english and coaching.findings == ()

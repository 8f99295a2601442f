"""/kindly's optional language model, against a stand-in chat endpoint on loopback.

The rules stay the guard: a good answer adds a second opinion and a fluent rewrite; a slow answer
(over 2 s), an error, nonsense, a refused connection, or a rewrite the detectors would flag, all
leave exactly what the rules alone say. The draft is never logged.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.services.feedback import coach, coach_with_model
from bot.services.llm import TIMEOUT_SECONDS, ChatModel
from tests.support.model_standin import ModelStandin, model_standin

DRAFT = "Honestly it's lazy. In yesterday's release you skipped the checklist. Bit of a pattern."
FLUENT = (
    "In yesterday's release the checklist was skipped, and we spent the evening rolling back. "
    "What got in the way?"
)


@pytest.fixture
def standin() -> Iterator[ModelStandin]:
    with model_standin() as state:
        state.answer = {"harsh": True, "quotes": ["Bit of a pattern"], "rewrite": FLUENT}
        yield state


def model_at(url: str) -> ChatModel:
    return ChatModel(url, "kindly-test", "sk-test")


async def test_a_good_answer_adds_a_second_opinion_and_a_checked_rewrite(
    standin: ModelStandin,
) -> None:
    coaching = await coach_with_model(DRAFT, model_at(standin.url))
    rules = coach(DRAFT)
    assert coaching.findings[: len(rules.findings)] == rules.findings
    assert coaching.findings[-1].kind == "model" and coaching.findings[-1].quotes == (
        "Bit of a pattern",
    )
    assert coaching.model_rewrite == FLUENT
    (request,) = standin.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["body"]["model"] == "kindly-test"
    assert request["body"]["messages"][-1]["content"] == DRAFT


async def test_words_the_model_made_up_or_quoted_from_others_are_not_findings(
    standin: ModelStandin,
) -> None:
    standin.answer = {"harsh": True, "quotes": ["you are useless", "Honestly it's lazy"]}
    coaching = await coach_with_model(DRAFT, model_at(standin.url))
    assert "model" not in coaching.issues  # one made up, one the rules already quote
    quoted = 'When the client said "ship it or else", you stayed calm on Monday\'s call.'
    standin.answer = {"harsh": True, "quotes": ["ship it or else"], "rewrite": ""}
    assert (await coach_with_model(quoted, model_at(standin.url))).findings == ()


@pytest.mark.parametrize(
    "rewrite",
    [
        "You were lazy in yesterday's release. Fix it.",  # flagged by the detectors
        "Honestly it's lazy, but what got in the way?",  # repeats the draft's flagged words
        "Hier, tu as oublié la liste de contrôle, et nous avons dû tout annuler ce soir-là.",
    ],
)
async def test_a_rewrite_the_rules_would_flag_is_refused(
    standin: ModelStandin, rewrite: str
) -> None:
    standin.answer = {"harsh": True, "quotes": [], "rewrite": rewrite}
    coaching = await coach_with_model(DRAFT, model_at(standin.url))
    assert coaching.model_rewrite == ""
    assert coaching == coach(DRAFT)


async def test_a_slow_answer_falls_back_to_the_rules_in_time(standin: ModelStandin) -> None:
    standin.mode = "slow"
    started = time.monotonic()
    coaching = await coach_with_model(DRAFT, model_at(standin.url))
    assert time.monotonic() - started < TIMEOUT_SECONDS + 0.5
    assert coaching == coach(DRAFT)


@pytest.mark.parametrize("mode", ["error", "nonsense"])
async def test_an_error_or_nonsense_falls_back_to_the_rules(
    standin: ModelStandin, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    standin.mode = mode
    with caplog.at_level(logging.DEBUG):
        coaching = await coach_with_model(DRAFT, model_at(standin.url))
    assert coaching == coach(DRAFT)
    assert "language model unavailable" in caplog.text
    assert "lazy" not in caplog.text and "checklist" not in caplog.text  # the draft stays out


async def test_a_refused_connection_falls_back_to_the_rules(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with caplog.at_level(logging.DEBUG):
        coaching = await coach_with_model(DRAFT, model_at(f"http://127.0.0.1:{port}/v1"))
    assert coaching == coach(DRAFT)
    assert "checklist" not in caplog.text


async def test_a_kind_draft_gets_no_model_rewrite(standin: ModelStandin) -> None:
    kind = "Thank you for covering my on-call shift last weekend, it meant I could rest."
    standin.answer = {"harsh": False, "quotes": [], "rewrite": FLUENT}
    coaching = await coach_with_model(kind, model_at(standin.url))
    assert coaching.findings == () and coaching.model_rewrite == ""


def test_the_model_is_off_unless_configured() -> None:
    assert ChatModel.from_settings(Settings(_env_file=None)) is None  # type: ignore[call-arg]
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, KINDRED_LLM_URL="http://127.0.0.1:11434/v1/", KINDRED_LLM_MODEL="m"
    )
    model = ChatModel.from_settings(settings)
    assert model is not None and model.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    assert model.headers == {}

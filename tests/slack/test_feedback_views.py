"""/kindly's coaching as Block Kit: honest verdicts, tips apart from issues, earned praise."""

from __future__ import annotations

import json

import pytest

from bot.prompts import Prompts
from bot.services.feedback import coach
from bot.services.listening import listen
from bot.slack.feedback_views import coaching_blocks, listening_blocks
from tests.support.blockkit import assert_valid_blocks


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return Prompts()


def shown(prompts: Prompts, draft: str) -> str:
    blocks, _ = coaching_blocks(prompts, coach(draft))
    assert_valid_blocks(blocks)
    return json.dumps(blocks, ensure_ascii=False)


def test_a_draft_with_findings_is_never_praised(prompts: Prompts) -> None:
    text = shown(prompts, "You always ship broken code. In yesterday's review you were rude.")
    assert "Here is how your draft may land" in text
    assert "What already works" not in text and "reads kindly" not in text


def test_strongly_negative_words_with_nothing_flagged_are_not_called_kind(
    prompts: Prompts,
) -> None:
    draft = "The outage was awful, the rollback failed, and customers were furious all night."
    assert coach(draft).findings == ()
    text = shown(prompts, draft)
    assert "Nothing specific to flag" in text
    assert "reads kindly" not in text and "What already works" not in text
    assert "VADER" not in text and "-0." not in text  # tone in words, not a score


def test_thanks_get_no_tip_and_a_bare_request_gets_a_tip_not_an_issue(prompts: Prompts) -> None:
    thanks = shown(prompts, "Congrats on the promotion, so well deserved!")
    assert "reads kindly" in thanks and "Tip" not in thanks and "No specifics" not in thanks
    request = shown(prompts, "Please update the tickets.")
    assert "reads kindly" in request and "_Tip:_" in request


def test_nothing_usable_offers_the_guided_form_instead_of_i_noticed(prompts: Prompts) -> None:
    text = shown(prompts, "Did you even run this locally? Your code is garbage.")
    assert "won't guess at a rewrite" in text and "Say it from your side" not in text
    assert "Rewrite with SBI" in text  # the guided form is still one click away


def test_kindly_reply_blocks_are_valid_and_private(prompts: Prompts) -> None:
    blocks, fallback = listening_blocks(prompts, listen("At least you still have a job."))
    assert_valid_blocks(blocks)
    assert "“At least”" in fallback and "Only you can see this" in json.dumps(blocks)

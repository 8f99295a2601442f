"""/kindly end to end: signed requests to the real `kindred serve`; nothing is ever posted."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import SlackSender, block_action, plain_text_value, view_submission
from bot.sandbox.standin import SlackStandIn
from tests.conftest import SIGNING_SECRET
from tests.support.blockkit import assert_valid_blocks, assert_valid_call, assert_valid_view
from tests.support.model_standin import model_standin

SLACK_ACK_LIMIT_SECONDS = 3.0
HARSH = (
    "In yesterday's planning you always shot down every idea Sam had. No offence, but you're "
    "being arrogant and it's hurting the team."
)
KIND = (
    "Thank you for stepping in on Tuesday's incident call. I noticed you kept everyone calm, "
    "and the fix was out within an hour. How did it feel from your side?"
)
# Private answers only: views, and nothing in a channel, a DM or through a response_url.
PRIVATE_METHODS = {"auth.test", "views.open", "views.push", "views.update"}


def assert_nothing_posted(standin: SlackStandIn) -> None:
    assert {c.method for c in standin.calls()} <= PRIVATE_METHODS
    assert standin.messages() == []
    for call in standin.calls():
        assert_valid_call(call.method, call.params)


def button_value(blocks: list[dict[str, Any]]) -> str:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == "kindly_rewrite_sbi":
                return element["value"]
    raise AssertionError("no Rewrite with SBI button")


def sbi_state(**parts: str) -> dict[str, Any]:
    return {part: {part: plain_text_value(value)} for part, value in parts.items()}


def test_a_harsh_draft_gets_private_coaching_with_its_words_quoted(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    started = time.monotonic()
    response = slack.command("/kindly", HARSH)
    assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert_valid_blocks(body["blocks"])
    text = json.dumps(body["blocks"], ensure_ascii=False)
    for flagged in ("*Absolutes* “always”", "*Labels* “arrogant”", "“No offence, but”"):
        assert flagged in text
    assert "A kinder way to say it" in text
    assert "I noticed you shot down every idea Sam had" in text
    assert "How did that look from your side?" in text
    assert "Rewrite with SBI" in text
    assert_nothing_posted(standin)


def test_a_kind_draft_is_told_what_already_works(slack: SlackSender, standin: SlackStandIn) -> None:
    body = slack.command("/kindly", KIND).json()
    assert body["response_type"] == "ephemeral"
    assert_valid_blocks(body["blocks"])
    text = json.dumps(body["blocks"], ensure_ascii=False)
    assert "Your draft reads kindly" in text
    assert "What already works" in text and "It is specific" in text
    assert "Rewrite with SBI" not in text and "A kinder way" not in text
    assert_nothing_posted(standin)


def test_an_oversized_draft_is_refused_kindly(slack: SlackSender, standin: SlackStandIn) -> None:
    body = slack.command("/kindly", "You never listen. " * 250).json()
    assert body["response_type"] == "ephemeral"
    assert "4,499 characters" in body["text"] and "up to 3,000" in body["text"]
    assert_nothing_posted(standin)


def test_a_draft_that_is_not_english_is_answered_gracefully(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    body = slack.command("/kindly", "Siempre llegas tarde a las reuniones y nunca avisas.").json()
    assert body["response_type"] == "ephemeral"
    assert "only coach drafts in English" in json.dumps(body["blocks"])
    assert_nothing_posted(standin)


def test_the_sbi_modal_round_trip_from_the_coaching_message(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    blocks = slack.command("/kindly", HARSH).json()["blocks"]
    click = block_action("kindly_rewrite_sbi", button_value(blocks), channel_id="C0GENERAL")
    assert slack.interaction(click).status_code == 200
    (opened,) = standin.wait_for("views.open")
    modal = opened.params["view"]
    assert modal["callback_id"] == "kindly_sbi"
    prefilled = {b["block_id"]: b["element"].get("initial_value") for b in modal["blocks"][1:]}
    assert prefilled == {
        "situation": "In yesterday's planning",
        "behaviour": "you shot down every idea Sam had",
        "impact": "it's hurting the team",
        "question": "How did that look from your side?",
    }
    state = sbi_state(
        situation=prefilled["situation"],
        behaviour="you turned down Sam's three ideas before he finished explaining them",
        impact="he went quiet for the rest of the meeting",
        question=prefilled["question"],
    )
    submitted = slack.interaction(view_submission("kindly_sbi", state, view=modal)).json()
    assert submitted["response_action"] == "update"
    assert_valid_view(submitted["view"])
    wording = submitted["view"]["blocks"][0]["text"]["text"]
    assert wording == (
        "In yesterday's planning, I noticed you turned down Sam's three ideas before he finished "
        "explaining them. He went quiet for the rest of the meeting. How did that look from your "
        "side?"
    )
    assert_nothing_posted(standin)


def test_the_sbi_modal_needs_a_behaviour(slack: SlackSender, standin: SlackStandIn) -> None:
    state = sbi_state(situation="In the retro", behaviour="  ", impact="", question="")
    answer = slack.interaction(view_submission("kindly_sbi", state)).json()
    assert answer["response_action"] == "errors" and "behaviour" in answer["errors"]
    assert_nothing_posted(standin)


def test_empty_kindly_opens_a_modal_that_coaches_and_pushes_the_sbi_modal(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    response = slack.command("/kindly", "   ")
    assert response.status_code == 200 and response.content == b""
    (opened,) = standin.wait_for("views.open")
    draft_modal = opened.params["view"]
    assert draft_modal["callback_id"] == "kindly_draft"

    empty = view_submission("kindly_draft", {"draft": {"draft": plain_text_value(None)}})
    answer = slack.interaction(empty).json()
    assert answer == {
        "response_action": "errors",
        "errors": {"draft": "Write the feedback you want to give first."},
    }

    filled = view_submission("kindly_draft", {"draft": {"draft": plain_text_value(HARSH)}})
    coaching = slack.interaction(filled).json()
    assert coaching["response_action"] == "update"
    assert_valid_view(coaching["view"])
    assert "“arrogant”" in json.dumps(coaching["view"], ensure_ascii=False)

    click = block_action(
        "kindly_rewrite_sbi",
        button_value(coaching["view"]["blocks"]),
        view={"id": "V0COACHING", "type": "modal", "blocks": coaching["view"]["blocks"]},
    )
    assert slack.interaction(click).status_code == 200
    (pushed,) = standin.wait_for("views.push")
    assert pushed.params["view"]["callback_id"] == "kindly_sbi"
    assert_nothing_posted(standin)


def test_kindly_reply_gives_listening_tips_and_posts_nothing(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    reply = "At least you still have a job. Everything happens for a reason!"
    body = slack.command("/kindly", f"reply {reply}").json()
    assert body["response_type"] == "ephemeral"
    assert_valid_blocks(body["blocks"])
    text = json.dumps(body["blocks"], ensure_ascii=False)
    assert "“At least”" in text and "“Everything happens for a reason”" in text
    assert "Try opening with" in text
    assert "never blocks a reply" in text
    assert "Rewrite with SBI" not in text  # feedback coaching is for feedback
    usage = slack.command("/kindly", "reply").json()
    assert usage["response_type"] == "ephemeral" and "/kindly reply" in usage["text"]
    assert_nothing_posted(standin)


def test_with_a_language_model_the_rewrite_is_checked_and_the_draft_never_logged(
    server_env: dict[str, str], standin: SlackStandIn, tmp_path: Path
) -> None:
    fluent = "In yesterday's planning, Sam's ideas were set aside. How did it look to you?"
    with model_standin() as model:
        model.answer = {"harsh": True, "quotes": [], "rewrite": fluent}
        env = server_env | {
            "KINDRED_LLM_URL": model.url,
            "KINDRED_LLM_MODEL": "kindly-test",
            "KINDRED_LOG_LEVEL": "DEBUG",
        }
        running = KindredServer(env, tmp_path).start()
        try:
            sender = SlackSender(running.url, SIGNING_SECRET, hooks_url=f"{standin.root_url}/hooks")
            started = time.monotonic()
            body = sender.command("/kindly", HARSH).json()
            assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
            model.mode = "slow"  # over the 2-second budget: the rules answer alone, in time
            started = time.monotonic()
            slow = sender.command("/kindly", HARSH).json()
            assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
        finally:
            running.stop()
        logs = running.logs()
    text = json.dumps(body["blocks"], ensure_ascii=False)
    assert fluent in text and "*Labels* “arrogant”" in text
    slow_text = json.dumps(slow["blocks"], ensure_ascii=False)
    assert fluent not in slow_text and "*Labels* “arrogant”" in slow_text
    assert model.requests[0]["body"]["messages"][-1]["content"] == HARSH  # what left Kindred
    assert "arrogant" not in logs and "Sam" not in logs
    assert_nothing_posted(standin)

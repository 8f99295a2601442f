"""Read the room end to end: the shortcut on a message and on a thread, and failures."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from bot.sandbox.signing import SlackSender, message_shortcut
from bot.sandbox.standin import SlackStandIn
from tests.support.blockkit import assert_valid_call
from tests.support.server import InProcessServer

PRIVATE_METHODS = {"auth.test", "views.open", "views.update", "conversations.replies"}


def shortcut_on(message: dict[str, Any], channel_id: str = "C0GENERAL") -> dict[str, Any]:
    return message_shortcut(
        "read_the_room", user_id="U0READER", channel_id=channel_id, message=message
    )


def final_view(standin: SlackStandIn, timeout: float = 5.0) -> str:
    """The text of the modal after Kindred has read (the update of the loading modal)."""
    (opened,) = standin.wait_for("views.open")
    assert "Reading the room" in json.dumps(opened.params["view"])
    (updated,) = standin.wait_for("views.update", timeout=timeout)
    assert updated.params["view_id"] == opened.response["view"]["id"]
    return json.dumps(updated.params["view"], ensure_ascii=False)


def assert_nothing_posted(standin: SlackStandIn, seeded: int = 0) -> None:
    assert {c.method for c in standin.calls()} <= PRIVATE_METHODS
    assert len(standin.messages()) == seeded
    for call in standin.calls():
        assert_valid_call(call.method, call.params)


def test_on_a_single_message(slack: SlackSender, standin: SlackStandIn) -> None:
    message = {
        "user": "U0OTHER",
        "ts": "1700000000.000100",
        "text": "Honestly I'm exhausted and overwhelmed, this launch is a disaster :weary:",
    }
    assert slack.interaction(shortcut_on(message)).status_code == 200
    text = final_view(standin)
    assert "tense" in text
    assert "one message, not a thread" in text
    # The room is described, never quoted back: nobody's own words reach the person asking.
    assert "sound stretched or tired" in text
    for word in ("exhausted", "overwhelmed", "disaster", ":weary:"):
        assert word not in text
    assert "Acknowledge before solving" in text and "Ask how they are" in text
    assert "Offer help without taking over" in text
    assert "U0OTHER" not in text
    assert standin.calls("conversations.replies") == []
    assert_nothing_posted(standin)


def test_on_a_reply_in_a_thread_reads_the_whole_thread(
    slack: SlackSender, standin: SlackStandIn
) -> None:
    parent = standin.add_message("C0GENERAL", "Launch retro notes are up, thanks all!", "U0ANA")
    standin.add_message(
        "C0GENERAL", "Great work everyone, so proud of this", "U0BEN", thread_ts=parent
    )
    standin.add_message("C0GENERAL", "Thanks! Loved pairing on it", "U0CAT", thread_ts=parent)
    standin.add_message(
        "C0GENERAL", "Deploy bot: all green", "U0BOT", thread_ts=parent, bot_id="B9"
    )
    reply = standin.add_message(
        "C0GENERAL", "Brilliant team, see you at the party", "U0ANA", thread_ts=parent
    )
    message = {"user": "U0ANA", "ts": reply, "thread_ts": parent, "text": "Brilliant team"}
    assert slack.interaction(shortcut_on(message)).status_code == 200
    text = final_view(standin)
    (replies,) = standin.calls("conversations.replies")
    assert (replies.params["channel"], replies.params["ts"]) == ("C0GENERAL", parent)
    assert "warm" in text
    assert "3 people wrote 4 messages in this thread" in text  # the bot's message is left out
    assert "nothing here reads as stretched or worn out" in text
    assert "Join in the good mood" in text
    for user in ("U0ANA", "U0BEN", "U0CAT"):
        assert user not in text
    assert_nothing_posted(standin, seeded=5)


@pytest.mark.parametrize(
    ("status", "error", "told"),
    [
        (200, "not_in_channel", "`/invite @kindred`"),
        (200, "missing_scope", "channels:history or groups:history"),
        (429, None, "Slack asked Kindred to slow down"),
        (200, "fatal_error", "Slack said `fatal_error`"),
    ],
)
def test_a_thread_kindred_cannot_read_is_answered_plainly(
    slack: SlackSender,
    standin: SlackStandIn,
    server: InProcessServer,
    status: int,
    error: str | None,
    told: str,
) -> None:
    # A 429 is waited out (Retry-After: 0, waited as 1 second) while the person can wait for
    # the modal (3 seconds), then told.
    times = 4 if status == 429 else 1
    standin.fail_next(
        "conversations.replies", status=status, times=times, retry_after=0, error=error
    )
    message = {"user": "U0OTHER", "ts": "1700000000.000300", "thread_ts": "1700000000.000100"}
    assert slack.interaction(shortcut_on({**message, "text": "re: the outage"})).status_code == 200
    text = final_view(standin, timeout=15.0)
    assert told in text
    assert "Nothing was posted or saved" in text
    assert_nothing_posted(standin)
    assert "Traceback" not in server.logs()


def test_a_modal_closed_before_the_reading_is_ready_is_left_alone(
    slack: SlackSender, standin: SlackStandIn, server: InProcessServer
) -> None:
    standin.fail_next("views.update", status=200, error="not_found")
    payload = shortcut_on({"user": "U0OTHER", "ts": "1700000000.000100", "text": "So tired"})
    payload["response_url"] = standin.response_url("app")
    assert slack.interaction(payload).status_code == 200
    (update,) = standin.wait_for("views.update")
    assert update.response["error"] == "not_found"
    deadline = time.monotonic() + 5
    while "modal was closed" not in server.logs() and time.monotonic() < deadline:
        time.sleep(0.05)  # the handler logs this as its last step
    assert "modal was closed" in server.logs()
    assert standin.calls("response_url") == []  # no "something went wrong" for a closed modal
    assert "Traceback" not in server.logs()

"""The privacy filter on Kindred's log handler: no payloads from Slack's libraries, and no user
IDs, e-mail addresses or names from anyone."""

from __future__ import annotations

import logging

import pytest

from bot.logs import NOT_LOGGED, PrivacyFilter, cut_payload, scrub


def record(name: str, message: str, *args: object, exc: BaseException | None = None):
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, exc_info)


def written(rec: logging.LogRecord) -> str:
    assert PrivacyFilter().filter(rec)
    return logging.Formatter("%(message)s").format(rec)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sent to U07QUIETWREN today", "sent to [id] today"),
        ("DM DU07QUIETWREN", "DM [id]"),
        ("enterprise user W0123ABCDE", "enterprise user [id]"),
        ("wren.halloway@example.org wrote", "[email] wrote"),
        ("user_name=wren.halloway&text=hi", "user_name=[name]&text=hi"),
        ("{'name': 'wren.halloway', 'id': 1}", "{'name': '[name]', 'id': 1}"),
        ('{"real_name": "Wren Halloway"}', '{"real_name": "[name]"}'),
        # Ordinary words and other Slack IDs stay.
        (
            "UNSUPPORTED WARNING in C0SPACE for T0KINDRED",
            "UNSUPPORTED WARNING in C0SPACE for T0KINDRED",
        ),
        ("post 12 hidden after 3 flags", "post 12 hidden after 3 flags"),
    ],
)
def test_scrub(text: str, expected: str) -> None:
    assert scrub(text) == expected


def test_library_records_keep_only_the_words_before_a_payload() -> None:
    sent = record(
        "slack_sdk.web.async_base_client",
        "Sending a request - url: POST https://slack.com/api/chat.postEphemeral, params: %s",
        {"user": "U07QUIETWREN", "text": "hi"},
    )
    assert written(sent) == (
        f"Sending a request - url: POST https://slack.com/api/chat.postEphemeral {NOT_LOGGED}"
    )
    invalid = record(
        "slack_bolt.AsyncRequestVerification",
        "Invalid request signature detected (signature: v0=ab, timestamp: 1, body: %s)",
        "user_id=U07QUIETWREN&user_name=wren",
    )
    assert "U07QUIET" not in written(invalid) and "wren" not in written(invalid)
    assert written(invalid).endswith(NOT_LOGGED)
    assert cut_payload("Unhandled request ({'type': 'x'})") == f"Unhandled request {NOT_LOGGED}"


def test_kindreds_own_records_are_scrubbed_but_not_cut() -> None:
    mine = record("bot.app", "failed to handle %s: {%s}", "command /share", "U07QUIETWREN")
    assert written(mine) == "failed to handle command /share: {[id]}"


def test_tracebacks_are_scrubbed_too() -> None:
    try:
        raise RuntimeError("could not DM U07QUIETWREN at wren.halloway@example.org")
    except RuntimeError as error:
        text = written(record("bot.app", "failed", exc=error))
    assert "Traceback" in text and "RuntimeError" in text
    assert "U07QUIETWREN" not in text and "wren.halloway" not in text

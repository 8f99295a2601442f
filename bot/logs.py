"""Logging that keeps people out of the logs.

Kindred's own code never logs who sent a request. The libraries under it can: Bolt logs a whole
request body at INFO when a signature does not verify (a clock that drifted is enough), and at
DEBUG slack_sdk logs every Web API call's parameters and answer (e.g. `user=U…` of an ephemeral
message) and Bolt the bodies of its answers. Anonymous posts make that unacceptable, so one filter
on the root handler rewrites every record before it is written:

1. Records from those libraries (`slack_bolt`, `slack_sdk`, `bot.bolt`) keep only the words before
   the first request or response payload they carry (`body:`, `params:`, `headers:`, a `{…}`):
   "Sending a request - url: POST https://slack.com/api/chat.postEphemeral, [payload not logged]".
2. In every record, from any logger, PostgreSQL's error details (`DETAIL: Failing row contains
   (…)`, `Key (…)=(…)`, which quote the values of the row a statement tried to write) are cut,
   and Slack user and DM IDs (`U…`, `W…`, `D…`), e-mail addresses
   and name fields (`user_name=…`, `"real_name": "…"`, …) are replaced, in the message and in the
   text of any traceback.

uvicorn's loggers go through the same handler (`kindred serve` does not let uvicorn install its
own); its access log holds the client address and path, never a Slack user.
"""

from __future__ import annotations

import logging
import re

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PAYLOAD_LOGGERS = ("slack_bolt", "slack_sdk", "bot.bolt")
NOT_LOGGED = "[payload not logged]"

_PAYLOAD_START = re.compile(
    r"(?:\b(?:body|params|headers|payload|data|json_body|query_params|files)\b\s*[:=])|[{\[]"
)
# Slack IDs are a capital letter and 8+ capitals/digits, with at least one digit.
_SLACK_PERSON_ID = re.compile(r"\b[UWD](?=[A-Z0-9]*[0-9])[A-Z0-9]{8,}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_FIELD = re.compile(
    r"""(?P<key>["']?\b(?:user_?name|name|real_name|display_name|first_name|last_name)\b["']?"""
    r"""\s*[:=]\s*)(?P<quote>["']?)(?P<value>[^"'&,}\n]*)(?P=quote)""",
    re.IGNORECASE,
)


# PostgreSQL puts the row's values in an error's DETAIL line; SQLAlchemy's own parameter list
# is hidden by the engine (hide_parameters), this catches what the server itself quotes.
# The detail runs to SQLAlchemy's "[SQL: …]" (a value may hold line breaks) or the text's end.
_DB_DETAIL = re.compile(r"(DETAIL:).*?(?=\n\[SQL|\n\(Background|\Z)", re.DOTALL)


def scrub(text: str) -> str:
    """`text` with database error details, Slack person IDs, e-mails and name fields replaced."""
    text = _DB_DETAIL.sub(r"\1 [not logged]", text)
    text = _EMAIL.sub("[email]", text)
    text = _SLACK_PERSON_ID.sub("[id]", text)
    return _NAME_FIELD.sub(lambda m: f"{m['key']}{m['quote']}[name]{m['quote']}", text)


def cut_payload(text: str) -> str:
    """The part of a library's message before the first payload it carries."""
    found = _PAYLOAD_START.search(text)
    if found is None:
        return text
    return text[: found.start()].rstrip(" ,(-:") + " " + NOT_LOGGED


class PrivacyFilter(logging.Filter):
    """Rewrites each record so that no request payload, user ID, e-mail or name is written."""

    def __init__(self) -> None:
        super().__init__()
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name.startswith(PAYLOAD_LOGGERS):
            message = cut_payload(message)
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def configure_logging(level: str) -> None:
    """Log to stderr at `level`, every record passing through `PrivacyFilter`."""
    logging.basicConfig(level=level, format=LOG_FORMAT)
    # basicConfig leaves the level alone once a handler exists: `kindred start` configures
    # again (quieter) for the demo, and must not keep printing INFO lines among its steps.
    logging.getLogger().setLevel(level)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PrivacyFilter) for f in handler.filters):
            handler.addFilter(PrivacyFilter())

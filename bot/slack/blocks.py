"""Block Kit builders: Python decides the structure, templates supply the words."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

# Slack's limits (https://api.slack.com/reference/block-kit): longer text is refused.
SECTION_TEXT_LIMIT = 3000
MODAL_TITLE_LIMIT = 24


def section(text: str) -> Block:
    """A mrkdwn section."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_TEXT_LIMIT]}}


def context(text: str) -> Block:
    """Small grey text, for who-can-see-this lines."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def divider() -> Block:
    return {"type": "divider"}


def home_view(blocks: list[Block]) -> dict[str, Any]:
    """The App Home tab."""
    return {"type": "home", "blocks": blocks}


def info_modal(title: str, text: str) -> dict[str, Any]:
    """A modal that only shows text and can be closed."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title[:MODAL_TITLE_LIMIT]},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [section(text)],
    }

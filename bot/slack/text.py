"""Making user-provided text safe to show in Slack mrkdwn."""

from __future__ import annotations

_MRKDWN_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape_mrkdwn(text: object) -> str:
    """Escape `&`, `<` and `>` so Slack shows the text as typed and never as a mention or link."""
    return str(text).translate(_MRKDWN_ESCAPES)

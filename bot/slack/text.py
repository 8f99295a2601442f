"""Making user-provided text safe to show in Slack mrkdwn."""

from __future__ import annotations

import re

_MRKDWN_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape_mrkdwn(text: object) -> str:
    """Escape `&`, `<` and `>` so Slack shows the text as typed and never as a mention or link."""
    return str(text).translate(_MRKDWN_ESCAPES)


# Plain-text broadcast words. Slack does not turn them into mentions in bot messages sent without
# link_names, but a word joiner (U+2060, invisible) after the @ keeps them inert in every client
# and in anything that re-parses the text later.
_BROADCAST_WORDS = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def inert_mrkdwn(text: object) -> str:
    """Untrusted text made safe to repost: escaped, and plain @channel/@here/@everyone defused.

    After this, `<!channel>`, `<@U…>`, `<#C…>`, `<!subteam^…>` and `<https://x|hidden>` show as
    typed, never as a mention, a channel link or a link with a hidden target.
    """
    return _BROADCAST_WORDS.sub("@" + WORD_JOINER, escape_mrkdwn(text))

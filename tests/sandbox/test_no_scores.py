"""No message to a person holds a sentiment score or an "N/5" mood score.

Plays the demo's week (every surface: check-ins and their thanks, the shared check-in, the
thank-you to a colleague, the anonymous space with "me too", /kindly, Read the room, the
reminder and its follow-up, what matters most, Home, the manager's nudge and its 1:1 prompts)
and scans every message, view and private reply Kindred sent.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from bot.sandbox.demo import DEV, Demo, _wait_for_the_week, plan_week
from bot.sandbox.workspace import MANAGER, Sandbox, Surface

SPOKEN = {
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "views.open",
    "views.update",
    "views.push",
    "views.publish",
    "response_url",
}
MOOD_SCORE = re.compile(r"\b[1-5](?:[.,]\d)?\s*/\s*5\b|\bout of 5\b", re.IGNORECASE)
SENTIMENT = re.compile(r"(?<![\w.])[+-]\d\.\d\d\b|\bsentiment\b|\bVADER\b|\bcompound\b", re.I)


def spoken_text(params: dict[str, object]) -> list[str]:
    """Every string a person could read in one call (text, blocks, views), not its ids."""
    found: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and key == "text" and node:
            found.append(node)

    walk(params)
    return found


class Recording(Demo):
    """The demo, keeping every surface it shows (answers in acks never reach the stand-in)."""

    shown: list[Surface]

    def show(self, surfaces: Sequence[Surface] | Surface) -> None:
        self.shown.extend([surfaces] if isinstance(surfaces, Surface) else surfaces)
        super().show(surfaces)


def test_no_message_of_the_whole_week_carries_a_score(tmp_path: Path) -> None:
    week = plan_week(datetime.now(UTC), MANAGER.tz, DEV.tz)
    console = Console(file=io.StringIO(), width=100)
    with Sandbox(tmp_path / "sandbox") as sandbox:
        _wait_for_the_week(console, week)
        demo = Recording(sandbox, console, week)
        demo.shown = []
        demo.play()
        calls = [c.params for c in sandbox.standin.calls() if c.method in SPOKEN]
    shown = [{"text": s.text, "blocks": s.blocks, "view": s.view} for s in demo.shown]
    texts = [text for params in calls + shown for text in spoken_text(params)]
    everything = "\n".join(texts)
    # It covered every surface (so the scan below means something).
    for marker in (
        "Your first check-in is in",  # a thank-you
        "One way to start",  # the manager's copy of a shared low check-in
        "you made their week easier",  # the thank-you to a colleague
        "Anonymous · OP",  # the anonymous space
        "feels this too",  # "me too"
        "This will probably read as harsh",  # /kindly
        "How people sound",  # Read the room
        "Last week sounded hard",  # the follow-up reminder
        "What matters most this week",  # Home
        "Team pulse",  # the nudge
        "then rephrase",  # its 1:1 prompt
        "anything worth coming back to",  # after Done
    ):
        assert marker in everything, marker
    assert [t for t in texts if MOOD_SCORE.search(t)] == []
    assert [t for t in texts if SENTIMENT.search(t)] == []

"""Drives the anonymous space of a running `kindred serve` the way Slack would.

Each step is one signed request, shaped like Slack's own payloads; the effects are read back from
the Slack stand-in (messages, views, ephemeral answers) with bounded waits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

from bot.sandbox.signing import (
    SlackSender,
    block_action,
    global_shortcut,
    message_shortcut,
    plain_text_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn
from tests.support.blockkit import assert_valid_call

SPACE = "C0SPACE"
MODS = "C0MODS"
TEXT_BLOCK = "space_text"
WAIT_SECONDS = 10.0

T = TypeVar("T")


def eventually(check: Callable[[], T], timeout: float = WAIT_SECONDS, what: str = "") -> T:
    """Poll `check` until it returns something truthy (bounded); return that."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.05)


def texts(message: dict[str, Any]) -> str:
    """Every piece of text in a message's or view's blocks, joined."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks", []))
    return "\n".join(found)


def author_line(message: dict[str, Any]) -> str:
    """The anonymous name above a post or reply (its first context block)."""
    return message["blocks"][0]["elements"][0]["text"].strip("*")


def action_value(message: dict[str, Any], action_id: str) -> str:
    """The value of the button (or first menu option) with `action_id` in a message or view."""

    def walk(node: Any) -> str | None:
        if isinstance(node, dict):
            if node.get("action_id") == action_id:
                if "value" in node:
                    return str(node["value"])
                return str(node["options"][0]["value"])
            for value in node.values():
                hit = walk(value)
                if hit is not None:
                    return hit
        elif isinstance(node, list):
            for item in node:
                hit = walk(item)
                if hit is not None:
                    return hit
        return None

    value = walk(message.get("blocks", []))
    assert value is not None, f"no {action_id} in {message}"
    return value


class SpaceDriver:
    """One Slack workspace's people using the anonymous space through the real server."""

    def __init__(self, slack: SlackSender, standin: SlackStandIn) -> None:
        self.slack = slack
        self.standin = standin

    # ------------------------------------------------------------------ reading Slack back

    def posts(self) -> list[dict[str, Any]]:
        """Top-level messages in the processing channel, oldest first."""
        return [m for m in self.standin.messages(SPACE) if m.get("thread_ts", m["ts"]) == m["ts"]]

    def replies(self, post: dict[str, Any]) -> list[dict[str, Any]]:
        """The replies in a post's thread, oldest first."""
        return self.standin.thread(SPACE, post["ts"])[1:]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.standin.messages(channel) if m["ts"] == ts), None)

    def ephemerals(self) -> list[dict[str, Any]]:
        """What Kindred answered privately through response_urls, oldest first."""
        return [c.params for c in self.standin.calls("response_url")]

    def last_ephemeral(self, count: int) -> dict[str, Any]:
        """The `count`-th private answer (waits for it)."""
        calls = self.standin.wait_for("response_url", count=count, timeout=WAIT_SECONDS)
        return calls[count - 1].params

    def opened_view(self, count: int) -> dict[str, Any]:
        """The `count`-th modal opened (as the stand-in holds it, with id and hash)."""
        calls = self.standin.wait_for("views.open", count=count, timeout=WAIT_SECONDS)
        return calls[count - 1].response["view"]

    def assert_all_calls_valid(self) -> None:
        """Every payload Kindred sent would be accepted by Slack."""
        for call in self.standin.calls():
            assert_valid_call(call.method, call.params)
            assert "metadata" not in call.params, call.method
        assert self.standin.errors == []

    # ------------------------------------------------------------------ acting

    def command(self, user: str, text: str = "", channel: str = "C0GENERAL") -> dict[str, Any]:
        response = self.slack.command(
            "/share",
            text,
            user_id=user,
            channel_id=channel,
            response_url=self.standin.response_url("commands"),
        )
        assert response.status_code == 200, response.text
        return response.json() if response.content else {}

    def submit_share(
        self, user: str, text: str, *, view: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Submit the share modal (the one `view` describes, else a fresh one)."""
        view = view or {"id": "V0SHARE", "private_metadata": json.dumps({"channel": SPACE})}
        payload = view_submission(
            "space_share",
            {TEXT_BLOCK: {TEXT_BLOCK: plain_text_value(text)}},
            user_id=user,
            private_metadata=view.get("private_metadata", ""),
            view={"id": view["id"], "hash": view.get("hash", "")},
        )
        response = self.slack.interaction(payload)
        assert response.status_code == 200, response.text
        return response.json() if response.content else {}

    def share(self, user: str, text: str) -> dict[str, Any]:
        """Post through the modal; returns the post as it appears in the channel."""
        before = len(self.posts())
        answer = self.submit_share(user, text)
        assert answer.get("response_action") == "update", answer
        posts = eventually(lambda: len(self.posts()) > before and self.posts(), what="the post")
        return posts[-1]

    def open_reply(self, user: str, post: dict[str, Any]) -> dict[str, Any]:
        """Press Reply anonymously on `post`; returns the modal that opened."""
        count = len(self.standin.calls("views.open")) + 1
        payload = block_action(
            "space_reply",
            action_value(post, "space_reply"),
            user_id=user,
            channel_id=SPACE,
            message=post,
            response_url=self.standin.response_url("actions"),
        )
        assert self.slack.interaction(payload).status_code == 200
        return self.opened_view(count)

    def reply_via_shortcut(self, user: str, message: dict[str, Any]) -> dict[str, Any]:
        """Use the Reply anonymously message shortcut on `message`; returns the modal."""
        count = len(self.standin.calls("views.open")) + 1
        payload = message_shortcut(
            "reply_anonymously",
            user_id=user,
            channel_id=SPACE,
            message=message,
            response_url=self.standin.response_url("app"),
        )
        assert self.slack.interaction(payload).status_code == 200
        return self.opened_view(count)

    def submit_reply(self, user: str, modal: dict[str, Any], text: str) -> dict[str, Any]:
        payload = view_submission(
            "space_reply",
            {TEXT_BLOCK: {TEXT_BLOCK: plain_text_value(text)}},
            user_id=user,
            private_metadata=modal["private_metadata"],
            view={"id": modal["id"], "hash": modal.get("hash", "")},
        )
        response = self.slack.interaction(payload)
        assert response.status_code == 200, response.text
        return response.json() if response.content else {}

    def reply(self, user: str, post: dict[str, Any], text: str) -> dict[str, Any]:
        """Reply anonymously in `post`'s thread; returns the reply as it appears."""
        before = len(self.replies(post))
        answer = self.submit_reply(user, self.open_reply(user, post), text)
        assert answer == {}, answer
        found = eventually(
            lambda: len(self.replies(post)) > before and self.replies(post), what="the reply"
        )
        return found[-1]

    def flag(self, user: str, message: dict[str, Any], *, reply: bool = False) -> dict[str, Any]:
        """Flag a post (its button) or a reply (its ⋯ menu); returns the private answer."""
        count = len(self.standin.calls("response_url")) + 1
        payload = block_action(
            "space_flag",
            action_value(message, "space_flag"),
            user_id=user,
            channel_id=SPACE,
            message=message,
            action_type="overflow" if reply else "button",
            response_url=self.standin.response_url("actions"),
        )
        assert self.slack.interaction(payload).status_code == 200
        return self.last_ephemeral(count)

    def moderate(
        self, moderator: str, review: dict[str, Any], action_id: str, channel: str = MODS
    ) -> None:
        """Press Restore or Remove on a moderation request (as if it were in `channel`)."""
        payload = block_action(
            action_id,
            action_value(review, action_id),
            user_id=moderator,
            channel_id=channel,
            message=review,
            response_url=self.standin.response_url("actions"),
        )
        assert self.slack.interaction(payload).status_code == 200

    def press_delete(self, user: str, view: dict[str, Any]) -> None:
        """Press Delete my post in the author's confirmation modal `view`."""
        payload = block_action(
            "space_delete",
            action_value(view, "space_delete"),
            user_id=user,
            view={"id": view["id"], "type": "modal", "callback_id": "space_done"},
        )
        assert self.slack.interaction(payload).status_code == 200

    def global_shortcut(self, user: str) -> dict[str, Any]:
        count = len(self.standin.calls("views.open")) + 1
        assert self.slack.interaction(global_shortcut("share_anonymously", user_id=user))
        return self.opened_view(count)

"""Checks that a payload is something Slack would accept, using slack_sdk's own models."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# Methods whose payloads carry Block Kit, and where in the call it sits.
VIEW_METHODS = {"views.open", "views.publish", "views.update", "views.push"}
MESSAGE_METHODS = {"chat.postMessage", "chat.postEphemeral", "chat.update"}


def assert_valid_blocks(blocks: list[dict[str, Any]]) -> None:
    """Raise if any block breaks Slack's limits or shape."""
    assert isinstance(blocks, list) and len(blocks) <= 50, "a message holds at most 50 blocks"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block: {block}"
        parsed.validate_json()


def assert_valid_view(view: dict[str, Any]) -> None:
    """Raise if a modal or Home view breaks Slack's limits or shape."""
    View(**view).validate_json()
    assert_valid_blocks(view.get("blocks", []))


def assert_valid_call(method: str, params: dict[str, Any]) -> None:
    """Validate the Block Kit inside one recorded Web API call, if it has any."""
    if method in VIEW_METHODS:
        assert_valid_view(params["view"])
    elif method in MESSAGE_METHODS and params.get("blocks"):
        assert_valid_blocks(params["blocks"])

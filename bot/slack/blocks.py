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


# ---------------------------------------------------------------------------------------------
# Teams and the weekly manager nudge (issue 4)
# ---------------------------------------------------------------------------------------------

BUTTON_TEXT_LIMIT = 75
TEAM_MODAL_CALLBACK = "checkin_team"
TEAM_REPORTS_BLOCK, TEAM_REPORTS_ACTION = "team_reports", "reports"
TEAM_NUDGES_BLOCK, TEAM_NUDGES_ACTION, TEAM_NUDGES_ON = "team_nudges", "nudges", "on"
NUDGE_TIP_BLOCK = "nudge_tip"
NUDGE_SETTINGS_BLOCK = "nudge_settings"
TEAM_WELCOME_BLOCK = "team_welcome"


def suggestion_block_id(user_id: str) -> str:
    """The block holding the Done / Next week buttons for one suggested person."""
    return f"nudge_suggest_{user_id}"


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> Block:
    """A button; `style` is "primary" or "danger" (None: the default grey)."""
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text[:BUTTON_TEXT_LIMIT], "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str) -> dict[str, Any]:
    """An "are you sure?" dialog for a button."""
    return {
        "title": {"type": "plain_text", "text": title[:100]},
        "text": {"type": "plain_text", "text": text[:300]},
        "confirm": {"type": "plain_text", "text": yes[:30]},
        "deny": {"type": "plain_text", "text": no[:30]},
    }


def actions(block_id: str, elements: list[Block]) -> Block:
    """A row of buttons."""
    return {"type": "actions", "block_id": block_id, "elements": elements}


def replace_block(blocks: list[Block], block_id: str, replacement: Block) -> list[Block]:
    """`blocks` with the block `block_id` swapped for `replacement` (e.g. buttons -> thanks)."""
    return [
        {**replacement, "block_id": block_id} if block.get("block_id") == block_id else block
        for block in blocks
    ]


def team_modal(
    *,
    labels: dict[str, str],
    intro: str,
    reports: list[str],
    nudges_enabled: bool,
) -> dict[str, Any]:
    """The `/checkin team` modal: pick your reports, and the weekly nudge on or off."""
    option = {
        "text": {"type": "plain_text", "text": labels["nudges_option"][:75]},
        "value": TEAM_NUDGES_ON,
    }
    people: Block = {
        "type": "multi_users_select",
        "action_id": TEAM_REPORTS_ACTION,
        "placeholder": {"type": "plain_text", "text": labels["reports_placeholder"][:150]},
    }
    if reports:
        people["initial_users"] = reports
    checkboxes: Block = {
        "type": "checkboxes",
        "action_id": TEAM_NUDGES_ACTION,
        "options": [option],
    }
    if nudges_enabled:
        checkboxes["initial_options"] = [option]
    return {
        "type": "modal",
        "callback_id": TEAM_MODAL_CALLBACK,
        "title": {"type": "plain_text", "text": labels["modal_title"][:MODAL_TITLE_LIMIT]},
        "submit": {"type": "plain_text", "text": labels["save"][:MODAL_TITLE_LIMIT]},
        "close": {"type": "plain_text", "text": labels["cancel"][:MODAL_TITLE_LIMIT]},
        "blocks": [
            section(intro),
            {
                "type": "input",
                "block_id": TEAM_REPORTS_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": labels["reports_label"][:2000]},
                "element": people,
            },
            {
                "type": "input",
                "block_id": TEAM_NUDGES_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": labels["nudges_label"][:2000]},
                "element": checkboxes,
            },
        ],
    }

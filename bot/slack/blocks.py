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
# Kindness in feedback (/kindly) and Read the room
# ---------------------------------------------------------------------------------------------

KINDLY_DRAFT_CALLBACK = "kindly_draft"
KINDLY_SBI_CALLBACK = "kindly_sbi"
KINDLY_REWRITE_ACTION = "kindly_rewrite_sbi"
KINDLY_DRAFT_BLOCK = "draft"
KINDLY_DRAFT_INPUT = "draft_text"
SBI_PARTS = ("situation", "behaviour", "impact", "question")
# Together the four parts stay under the 3,000 characters of the section that shows the wording.
SBI_PART_LIMITS = {"situation": 400, "behaviour": 1000, "impact": 1000, "question": 400}
TEXT_INPUT_LIMIT = 3000  # Slack's most for a plain_text_input
MODAL_INPUT_HINT_LIMIT = 2000
BUTTON_VALUE_LIMIT = 2000


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _modal(title: str, blocks: list[Block], **extra: Any) -> dict[str, Any]:
    view = {
        "type": "modal",
        "title": _plain(title[:MODAL_TITLE_LIMIT]),
        "close": _plain("Close"),
        "blocks": blocks,
    }
    view.update(extra)
    return view


def _text_input(
    block_id: str,
    label: str,
    *,
    initial: str = "",
    hint: str = "",
    multiline: bool = True,
    optional: bool = False,
    max_length: int = TEXT_INPUT_LIMIT,
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": block_id,
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label[:MODAL_INPUT_HINT_LIMIT]),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint[:MODAL_INPUT_HINT_LIMIT])
    return block


def kindly_draft_modal(intro: str) -> dict[str, Any]:
    """The /kindly modal: one box for the draft."""
    return _modal(
        "Kindly",
        [
            section(intro),
            _text_input(KINDLY_DRAFT_BLOCK, "Your feedback draft", max_length=TEXT_INPUT_LIMIT),
        ],
        callback_id=KINDLY_DRAFT_CALLBACK,
        submit=_plain("Coach me"),
    )


def kindly_coaching_blocks(
    intro: str,
    findings: list[str],
    rewrite: str | None,
    works: str | None,
    button_value: str | None,
    footer: str,
) -> list[Block]:
    """/kindly's coaching: tone, each issue with its words, the rewrite and what works."""
    blocks: list[Block] = [section(intro)]
    blocks += [section(text) for text in findings]
    if rewrite:
        blocks += [divider(), section(rewrite)]
    if works:
        blocks += [divider(), section(works)]
    if button_value is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "kindly_actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": KINDLY_REWRITE_ACTION,
                        "text": _plain("Rewrite with SBI"),
                        "style": "primary",
                        "value": button_value[:BUTTON_VALUE_LIMIT],
                    }
                ],
            }
        )
    blocks.append(context(footer))
    return blocks


def kindly_coaching_modal(blocks: list[Block]) -> dict[str, Any]:
    """The coaching shown in the /kindly modal, after the draft was submitted."""
    return _modal("Kindly", blocks)


def kindly_sbi_modal(
    intro: str, values: dict[str, str], labels: dict[str, str], hints: dict[str, str]
) -> dict[str, Any]:
    """Situation, Behaviour, Impact and a question, pre-filled for the person to edit."""
    inputs = [
        _text_input(
            part,
            labels[part],
            initial=values.get(part, ""),
            hint=hints[part],
            multiline=part != "question",
            optional=part != "behaviour",
            max_length=SBI_PART_LIMITS[part],
        )
        for part in SBI_PARTS
    ]
    return _modal(
        "Rewrite with SBI",
        [section(intro), *inputs],
        callback_id=KINDLY_SBI_CALLBACK,
        submit=_plain("Show my wording"),
    )


def kindly_final_modal(wording: str, note: str) -> dict[str, Any]:
    """The finished wording, to copy."""
    return _modal("Your wording", [section(wording), context(note)])


def room_loading_modal(text: str) -> dict[str, Any]:
    """Read the room, while Kindred reads."""
    return _modal("Read the room", [section(text)])


def room_modal(sections: list[str], footer: str) -> dict[str, Any]:
    """Read the room's findings (or why it could not read), shown only to the person."""
    return _modal("Read the room", [*(section(text) for text in sections), context(footer)])


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

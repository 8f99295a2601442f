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


# ---------------------------------------------------------------------- check-ins (issue 3)
# Structure only: every word comes from prompts/checkin/ and prompts/home/.

CHECKIN_CALLBACK = "checkin"
FORGET_CALLBACK = "checkin_forget"
MOOD_BLOCK = "mood"
NOTE_BLOCK = "note"
SHARE_BLOCK = "share"
SHARE_VALUE = "share"
MOOD_ACTION_PREFIX = "checkin_mood_"  # + 1…5, on reminders and on Home
ADD_NOTE_ACTION = "checkin_add_note"
REMINDERS_OFF_ACTION = "checkin_reminders_off"
HOME_DAY_ACTION = "home_reminder_day"
HOME_TIME_ACTION = "home_reminder_time"
HOME_TOGGLE_ACTION = "home_reminders_toggle"
HOME_RESUME_ACTION = "home_reminders_resume"
BUTTON_TEXT_LIMIT = 75
PLACEHOLDER_LIMIT = 150
INPUT_LABEL_LIMIT = 2000


def plain(text: str, limit: int = SECTION_TEXT_LIMIT) -> dict[str, Any]:
    """A plain_text object (emoji codes such as :sunny: shown as emoji)."""
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def button(text: str, action_id: str, value: str | None = None, style: str | None = None) -> Block:
    """A button element."""
    element: Block = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_LIMIT),
        "action_id": action_id,
    }
    if value is not None:
        element["value"] = value
    if style is not None:
        element["style"] = style
    return element


def actions(block_id: str, elements: list[Block]) -> Block:
    """An actions block."""
    return {"type": "actions", "block_id": block_id, "elements": elements}


def mood_buttons(block_id: str, labels: dict[int, str]) -> Block:
    """Five one-click mood buttons, 1 to 5, left to right."""
    return actions(
        block_id,
        [button(labels[m], f"{MOOD_ACTION_PREFIX}{m}", str(m)) for m in sorted(labels)],
    )


def text_modal(title: str, close: str, text: str) -> dict[str, Any]:
    """A modal that shows `text` and can be closed (e.g. the thank-you after a check-in)."""
    return {
        "type": "modal",
        "title": plain(title, MODAL_TITLE_LIMIT),
        "close": plain(close, MODAL_TITLE_LIMIT),
        "blocks": [section(text)],
    }


def checkin_modal(
    *,
    title: str,
    submit: str,
    close: str,
    mood_question: str,
    mood_labels: dict[int, str],
    note_question: str,
    note_placeholder: str,
    note_limit: int,
    share: tuple[str, str] | None,
    footer: str,
    private_metadata: str,
) -> dict[str, Any]:
    """The check-in modal: mood (1-5), an optional note, and the share box when there is a manager.

    `share` is (label, hint) for the "share with my manager" box, or None to leave it out.
    """
    options = [{"text": plain(mood_labels[m], 75), "value": str(m)} for m in sorted(mood_labels)]
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": MOOD_BLOCK,
            "label": plain(mood_question, INPUT_LABEL_LIMIT),
            "element": {"type": "radio_buttons", "action_id": MOOD_BLOCK, "options": options},
        },
        {
            "type": "input",
            "block_id": NOTE_BLOCK,
            "optional": True,
            "label": plain(note_question, INPUT_LABEL_LIMIT),
            "element": {
                "type": "plain_text_input",
                "action_id": NOTE_BLOCK,
                "multiline": True,
                "max_length": note_limit,
                "placeholder": plain(note_placeholder, PLACEHOLDER_LIMIT),
            },
        },
    ]
    if share is not None:
        label, hint = share
        blocks.append(
            {
                "type": "input",
                "block_id": SHARE_BLOCK,
                "optional": True,
                "label": plain(label, INPUT_LABEL_LIMIT),
                "element": {
                    "type": "checkboxes",
                    "action_id": SHARE_BLOCK,
                    "options": [
                        {
                            "text": plain(label, 75),
                            "description": plain(hint, 75),
                            "value": SHARE_VALUE,
                        }
                    ],
                },
            }
        )
    blocks.append(context(footer))
    return {
        "type": "modal",
        "callback_id": CHECKIN_CALLBACK,
        "title": plain(title, MODAL_TITLE_LIMIT),
        "submit": plain(submit, MODAL_TITLE_LIMIT),
        "close": plain(close, MODAL_TITLE_LIMIT),
        "private_metadata": private_metadata,
        "blocks": blocks,
    }


def forget_modal(*, title: str, submit: str, close: str, text: str) -> dict[str, Any]:
    """The confirmation before deleting everything Kindred keeps about a member."""
    return {
        "type": "modal",
        "callback_id": FORGET_CALLBACK,
        "title": plain(title, MODAL_TITLE_LIMIT),
        "submit": plain(submit, MODAL_TITLE_LIMIT),
        "close": plain(close, MODAL_TITLE_LIMIT),
        "blocks": [section(text)],
    }


def reminder_blocks(
    *, text: str, mood_labels: dict[int, str], add_note: str, opt_out: str, footer: str
) -> list[Block]:
    """The weekly reminder: a line, five mood buttons, "Add a note", the opt-out, small print."""
    return [
        section(text),
        mood_buttons("reminder_moods", mood_labels),
        actions(
            "reminder_more",
            [button(add_note, ADD_NOTE_ACTION), button(opt_out, REMINDERS_OFF_ACTION)],
        ),
        context(footer),
    ]


def note_blocks(text: str, footer: str | None = None) -> list[Block]:
    """A message reduced to a line of text (a reminder after it was answered)."""
    blocks = [section(text)]
    if footer:
        blocks.append(context(footer))
    return blocks


def select_option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, 75), "value": value}


def static_select(
    action_id: str, placeholder: str, options: list[dict[str, Any]], selected: str | None
) -> Block:
    """A static select; `selected` is the value shown as chosen."""
    element: Block = {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder, PLACEHOLDER_LIMIT),
        "options": options,
    }
    chosen = [o for o in options if o["value"] == selected]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def home_checkin_blocks(
    *,
    summary_text: str,
    notice: str | None,
    quick_prompt: str,
    mood_labels: dict[int, str],
    add_note: str,
    settings_text: str,
    day_select: Block,
    time_select: Block,
    settings_buttons: list[Block],
) -> list[Block]:
    """The member's own part of App Home: trend and streak, quick check-in, reminder settings."""
    blocks: list[Block] = [section(summary_text)]
    if notice:
        blocks.append(section(notice))
    blocks += [
        section(quick_prompt),
        mood_buttons("home_moods", mood_labels),
        actions("home_note", [button(add_note, ADD_NOTE_ACTION)]),
        divider(),
        section(settings_text),
        actions("home_settings", [day_select, time_select, *settings_buttons]),
    ]
    return blocks

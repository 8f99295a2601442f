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
SBI_PARTS = ("situation", "behaviour", "impact", "question")
# Together the four parts stay under the 3,000 characters of the section that shows the wording.
SBI_PART_LIMITS = {"situation": 400, "behaviour": 1000, "impact": 1000, "question": 400}
TEXT_INPUT_LIMIT = 3000  # Slack's most for a plain_text_input
MODAL_INPUT_HINT_LIMIT = 2000
BUTTON_VALUE_LIMIT = 2000


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


# ---------------------------------------------------------------------- anonymous space (issue 5)
#
# Everything Kindred reposts for someone is built here from text already made inert
# (bot.slack.text.inert_mrkdwn). No builder takes a user ID: block_ids and button values carry
# only post and reply numbers, and nothing sets message `metadata`.

SPACE_TEXT_BLOCK = "space_text"  # the input block of the share and reply modals
SPACE_TEXT_ACTION = "space_text"
SPACE_TEXT_MAX = 3000  # Slack's limit for a plain_text_input
SPACE_SHARE_VIEW = "space_share"
SPACE_REPLY_VIEW = "space_reply"
SPACE_DONE_VIEW = "space_done"
ACTION_REPLY = "space_reply"
ACTION_FLAG = "space_flag"
ACTION_ME_TOO = "space_me_too"
ACTION_DELETE = "space_delete"
ACTION_RESTORE = "space_restore"
ACTION_REMOVE = "space_remove"
CONFIRM_TEXT_LIMIT = 300
FALLBACK_TEXT_LIMIT = 300
_ENTITY_TAIL = 5  # len("&amp;"): an entity cut in half shows as garbage


def _plain(text: str, limit: int = 75) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def clip_mrkdwn(text: str, limit: int) -> str:
    """Cut escaped mrkdwn to at most `limit` characters without splitting an `&…;` entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - _ENTITY_TAIL))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def plain_sections(text: str, block_prefix: str) -> list[Block]:
    """Text as typed, in plain_text sections of at most 3,000 characters.

    Slack formats nothing in plain_text: no bold, italics, quotes or code, no links and no
    mentions. So text someone typed there can never look like Kindred's own bold labels (or
    anything else Kindred writes in mrkdwn), and needs no escaping.
    """
    chunks: list[str] = []
    rest = text
    while len(rest) > SECTION_TEXT_LIMIT:
        cut = rest.rfind("\n", 0, SECTION_TEXT_LIMIT)
        if cut < SECTION_TEXT_LIMIT // 2:
            cut = SECTION_TEXT_LIMIT
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    chunks.append(rest)
    return [
        {
            "type": "section",
            "block_id": f"{block_prefix}_{i}",
            "text": {"type": "plain_text", "text": chunk if chunk.strip() else " ", "emoji": True},
        }
        for i, chunk in enumerate(chunks)
    ]


def confirm_dialog(title: str, text: str, yes: str, no: str, danger: bool = False) -> Block:
    """A Block Kit confirmation dialog for a button or menu."""
    dialog: Block = {
        "title": _plain(title, 100),
        "text": {"type": "plain_text", "text": text[:CONFIRM_TEXT_LIMIT]},
        "confirm": _plain(yes, 30),
        "deny": _plain(no, 30),
    }
    if danger:
        dialog["style"] = "danger"
    return dialog


def button(
    text: str,
    action_id: str,
    value: str,
    *,
    style: str | None = None,
    confirm: Block | None = None,
) -> Block:
    """A button; `value` must never carry who clicked or wrote anything."""
    element: Block = {
        "type": "button",
        "text": _plain(text),
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def space_message_blocks(
    author: str,
    text: str,
    *,
    block_prefix: str,
    actions: list[Block] | None = None,
    flag_menu: Block | None = None,
) -> list[Block]:
    """A post or reply as it appears in the channel: the anonymous name, then the text.

    The name is Kindred's, in its own context block; the text people typed is plain text in
    sections below it (`plain_sections`), so it can neither reach that block nor imitate it.
    `actions` (a post's buttons) go in an actions block below; `flag_menu` (a reply's overflow
    menu) sits beside the first section of text.
    """
    blocks: list[Block] = [
        {
            "type": "context",
            "block_id": f"{block_prefix}_author",
            "elements": [{"type": "mrkdwn", "text": f"*{author}*", "verbatim": True}],
        },
        *plain_sections(text, f"{block_prefix}_text"),
    ]
    if flag_menu is not None:
        blocks[1]["accessory"] = flag_menu
    if actions:
        blocks.append(
            {"type": "actions", "block_id": f"{block_prefix}_actions", "elements": actions}
        )
    return blocks


def flag_overflow(option: str, value: str, confirm: Block) -> Block:
    """The ⋯ menu beside an anonymous reply, holding only "Flag this reply"."""
    return {
        "type": "overflow",
        "action_id": ACTION_FLAG,
        "options": [{"text": _plain(option), "value": value}],
        "confirm": confirm,
    }


def notice_blocks(text: str, block_id: str) -> list[Block]:
    """What a hidden or removed post or reply is replaced with."""
    return [context(text) | {"block_id": block_id}]


def space_modal(
    *,
    callback_id: str,
    title: str,
    submit: str,
    close: str,
    intro: list[Block],
    label: str,
    placeholder: str,
    initial_text: str,
    preview_label: str,
    preview: list[Block],
    private_metadata: str,
    advice: str | None = None,
) -> dict[str, Any]:
    """The share or reply modal: intro, the text box, advice on it if any, a live preview.

    The text box dispatches an action as the person types, so the preview (and the listening
    coach's advice in the reply modal) can follow.
    """
    element: Block = {
        "type": "plain_text_input",
        "action_id": SPACE_TEXT_ACTION,
        "multiline": True,
        "max_length": SPACE_TEXT_MAX,
        "placeholder": _plain(placeholder, 150),
        "dispatch_action_config": {"trigger_actions_on": ["on_character_entered"]},
    }
    if initial_text:
        element["initial_value"] = initial_text[:SPACE_TEXT_MAX]
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title, MODAL_TITLE_LIMIT),
        "submit": _plain(submit, MODAL_TITLE_LIMIT),
        "close": _plain(close, MODAL_TITLE_LIMIT),
        "private_metadata": private_metadata,
        "blocks": [
            *intro,
            {
                "type": "input",
                "block_id": SPACE_TEXT_BLOCK,
                "dispatch_action": True,
                "label": _plain(label, 2000),
                "element": element,
            },
            *([section(advice) | {"block_id": "space_listening"}] if advice else []),
            divider(),
            context(preview_label) | {"block_id": "space_preview_label"},
            *preview,
        ],
    }


def space_done_modal(
    title: str, text: str, close: str, actions: list[Block] | None = None
) -> dict[str, Any]:
    """A modal that only says what happened, optionally with buttons (e.g. Delete my post)."""
    blocks: list[Block] = [section(text)]
    if actions:
        blocks.append({"type": "actions", "block_id": "space_done_actions", "elements": actions})
    return {
        "type": "modal",
        "callback_id": SPACE_DONE_VIEW,
        "title": _plain(title, MODAL_TITLE_LIMIT),
        "close": _plain(close, MODAL_TITLE_LIMIT),
        "blocks": blocks,
    }


def review_blocks(
    summary: str, quoted: list[Block], note: str, actions: list[Block]
) -> list[Block]:
    """What moderators get about a hidden post or reply: why, its text, Restore / Remove."""
    return [
        section(summary),
        *quoted,
        {"type": "actions", "block_id": "space_review_actions", "elements": actions},
        context(note),
    ]


# ---------------------------------------------------------------------- check-ins (issue 3)
# Structure only: every word comes from prompts/checkin/ and prompts/home/. Buttons use
# `button` from the anonymous-space section above.

CHECKIN_CALLBACK = "checkin"
FORGET_CALLBACK = "checkin_forget"
MOOD_BLOCK = "mood"
NOTE_BLOCK = "note"
SHARE_BLOCK = "share"
SHARE_VALUE = "share"
APPRECIATE_BLOCK = "appreciate"  # optional: who made your week easier (sent a thank-you, not kept)
FOCUS_CALLBACK = "weekly_focus"
FOCUS_BLOCK = "focus"
FOCUS_ACTION = "focus_open"
MOOD_ACTION_PREFIX = "checkin_mood_"  # + 1…5, on reminders and on Home
ADD_NOTE_ACTION = "checkin_add_note"
REMINDERS_OFF_ACTION = "checkin_reminders_off"
HOME_DAY_ACTION = "home_reminder_day"
HOME_TIME_ACTION = "home_reminder_time"
HOME_TOGGLE_ACTION = "home_reminders_toggle"
HOME_RESUME_ACTION = "home_reminders_resume"
PLACEHOLDER_LIMIT = 150
INPUT_LABEL_LIMIT = 2000


def plain(text: str, limit: int = SECTION_TEXT_LIMIT) -> dict[str, Any]:
    """A plain_text object (emoji codes such as :sunny: shown as emoji)."""
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


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
    appreciate: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The check-in modal: mood (1-5), an optional note, the share box when there is a manager,
    and optionally who made the week easier.

    `share` is (label, hint) for the "share with my manager" box, or None to leave it out;
    `appreciate` is (label, hint) for the colleague picker.
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
    if appreciate is not None:
        label, hint = appreciate
        blocks.append(
            {
                "type": "input",
                "block_id": APPRECIATE_BLOCK,
                "optional": True,
                "label": plain(label, INPUT_LABEL_LIMIT),
                "hint": plain(hint, INPUT_LABEL_LIMIT),
                "element": {"type": "users_select", "action_id": APPRECIATE_BLOCK},
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
    *,
    text: str,
    mood_labels: dict[int, str],
    add_note: str,
    opt_out: str,
    footer: str,
    focus: str | None = None,
) -> list[Block]:
    """The weekly reminder: a line, five mood buttons, "Add a note", the weekly "what matters
    most" button when `focus` labels it, the opt-out, small print."""
    more = [button(add_note, ADD_NOTE_ACTION, "note")]
    if focus is not None:
        more.append(button(focus, FOCUS_ACTION, "reminder"))
    more.append(button(opt_out, REMINDERS_OFF_ACTION, "off"))
    return [
        section(text),
        mood_buttons("reminder_moods", mood_labels),
        actions("reminder_more", more),
        context(footer),
    ]


def focus_modal(
    *,
    title: str,
    submit: str,
    close: str,
    question: str,
    placeholder: str,
    initial: str,
    limit: int,
    footer: str,
    private_metadata: str,
) -> dict[str, Any]:
    """The weekly "what matters most, and what can wait?" window: one box."""
    element: Block = {
        "type": "plain_text_input",
        "action_id": FOCUS_BLOCK,
        "multiline": True,
        "max_length": limit,
        "placeholder": plain(placeholder, PLACEHOLDER_LIMIT),
    }
    if initial:
        element["initial_value"] = initial[:limit]
    return {
        "type": "modal",
        "callback_id": FOCUS_CALLBACK,
        "title": plain(title, MODAL_TITLE_LIMIT),
        "submit": plain(submit, MODAL_TITLE_LIMIT),
        "close": plain(close, MODAL_TITLE_LIMIT),
        "private_metadata": private_metadata,
        "blocks": [
            {
                "type": "input",
                "block_id": FOCUS_BLOCK,
                "label": plain(question, INPUT_LABEL_LIMIT),
                "element": element,
            },
            context(footer),
        ],
    }


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
        actions("home_note", [button(add_note, ADD_NOTE_ACTION, "note")]),
        divider(),
        section(settings_text),
        actions("home_settings", [day_select, time_select, *settings_buttons]),
    ]
    return blocks


# ---------------------------------------------------------------------------------------------
# Teams and the weekly manager nudge (issue 4)
# ---------------------------------------------------------------------------------------------

TEAM_MODAL_CALLBACK = "checkin_team"
TEAM_REPORTS_BLOCK, TEAM_REPORTS_ACTION = "team_reports", "reports"
TEAM_NUDGES_BLOCK, TEAM_NUDGES_ACTION, TEAM_NUDGES_ON = "team_nudges", "nudges", "on"
NUDGE_TIP_BLOCK = "nudge_tip"
NUDGE_SETTINGS_BLOCK = "nudge_settings"
TEAM_WELCOME_BLOCK = "team_welcome"
TEAM_REQUEST_BLOCK = "team_request"


def suggestion_block_id(user_id: str) -> str:
    """The block holding the Done / Next week buttons for one suggested person."""
    return f"nudge_suggest_{user_id}"


def suggestion_text_block_id(user_id: str) -> str:
    """The block saying whom to check in with and what to ask (replaced once Done is clicked)."""
    return f"nudge_suggest_text_{user_id}"


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

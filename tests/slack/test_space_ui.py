"""The space's Slack payloads: inert text, Slack's limits, and nothing that names a person."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import Settings
from bot.prompts import Prompts
from bot.runtime import build_runtime
from bot.services.space import SpaceMessage
from bot.slack import blocks as bk
from bot.slack.space import SpaceUI, dump_meta, load_meta, parse_target, target_value
from bot.slack.text import WORD_JOINER, inert_mrkdwn
from tests.conftest import SECRET_KEY
from tests.support.blockkit import assert_valid_blocks, assert_valid_view

LIVE = re.compile(r"<[!@#]|<https?:|@(?:channel|here|everyone)\b", re.IGNORECASE)


@pytest.fixture
def ui(tmp_path: Path) -> SpaceUI:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
        DATABASE_URL=f"sqlite:///{tmp_path / 'k.db'}",
        KINDRED_SECRET_KEY=SECRET_KEY,
    )
    return SpaceUI(build_runtime(settings))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<!channel> hi", "&lt;!channel&gt; hi"),
        ("<!here>", "&lt;!here&gt;"),
        ("<!everyone>", "&lt;!everyone&gt;"),
        ("<@U0BOBBY02>", "&lt;@U0BOBBY02&gt;"),
        ("<#C0GENERAL|general>", "&lt;#C0GENERAL|general&gt;"),
        ("<!subteam^S0TEAM>", "&lt;!subteam^S0TEAM&gt;"),
        ("<https://evil.example|harmless>", "&lt;https://evil.example|harmless&gt;"),
        (
            "@channel and @Here, @everyone!",
            f"@{WORD_JOINER}channel and @{WORD_JOINER}Here, @{WORD_JOINER}everyone!",
        ),
        ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
        ("email me @ home, @channels", "email me @ home, @channels"),
    ],
)
def test_inert_mrkdwn(typed: str, shown: str) -> None:
    assert inert_mrkdwn(typed) == shown


@given(st.text())
def test_inert_text_never_holds_live_markup(typed: str) -> None:
    shown = inert_mrkdwn(typed)
    assert "<" not in shown and ">" not in shown
    assert not LIVE.search(shown)


@given(st.text(alphabet="ab*_~`>\n ", max_size=12000))
def test_long_text_splits_into_valid_plain_sections(typed: str) -> None:
    sections = bk.plain_sections(typed, "t")
    assert all(s["text"]["type"] == "plain_text" for s in sections)
    assert all(1 <= len(s["text"]["text"]) <= bk.SECTION_TEXT_LIMIT for s in sections)
    joined = "".join(s["text"]["text"] for s in sections).replace("\n", "")
    assert joined == typed.replace("\n", "") or typed.strip() == ""


def mrkdwn_texts(blocks: list[dict]) -> list[str]:
    """Every piece of text in `blocks` that Slack would format (type mrkdwn)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(str(node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


@pytest.mark.parametrize(
    "typed",
    [
        "*Anonymous · OP*\nI wrote the post, believe me",
        "*Anonymous · OP*",
        "> *Anonymous Heron*\n_quoted_ ~struck~ `code`",
    ],
)
def test_typed_text_can_never_render_as_kindreds_labels(ui: SpaceUI, typed: str) -> None:
    op = ui.labels["op_name"]
    for message in (
        ui.reply_message(1, 2, "Anonymous Otter", typed),
        ui.post_message(1, typed),
        {"blocks": ui.preview_blocks("Anonymous Otter", typed)},
    ):
        blocks = message["blocks"]
        author, *rest = blocks
        # The name is Kindred's alone, in the first block; typed text never reaches it...
        assert author["type"] == "context" and author["block_id"].endswith("_author")
        assert typed not in json.dumps(author)
        # ...and wherever the typed text is, Slack shows it as typed, formatting nothing.
        holding = [b for b in rest if b.get("text", {}).get("text") == typed]
        assert holding and all(b["text"]["type"] == "plain_text" for b in holding)
        assert not any(op in text or "Heron" in text for text in mrkdwn_texts(rest))
        assert_valid_blocks(blocks)


def test_clip_keeps_entities_whole() -> None:
    assert bk.clip_mrkdwn("a" * 10, 20) == "a" * 10
    assert bk.clip_mrkdwn("abc&amp;def", 6) == "abc…"
    assert bk.clip_mrkdwn("abcdefgh", 5) == "abcd…"


def test_targets_and_metadata_round_trip() -> None:
    assert parse_target(target_value(7, None)) == (7, None)
    assert parse_target(target_value(7, 12)) == (7, 12)
    for junk in ("", "post:", "reply:1", "post:x", "user:U1", "reply:1:2:3"):
        assert parse_target(junk) is None
    assert load_meta(dump_meta(post=3, crisis_seen=True)) == {"post": 3, "crisis_seen": True}
    assert load_meta("not json") == {} and load_meta(None) == {} and load_meta("[1]") == {}


def test_every_message_and_view_is_valid_block_kit(ui: SpaceUI) -> None:
    longest = "&<>" * 1000  # 3,000 characters typed, 13,000 once escaped
    post = SpaceMessage(1, None, "C0SPACE", "1.1", longest, "visible", "")
    reply = SpaceMessage(1, 2, "C0SPACE", "1.2", longest, "visible", "Anonymous Heron")
    messages = [
        ui.post_message(1, longest),
        ui.reply_message(1, 2, "Anonymous Heron", longest),
        ui.notice_message("post", removed=False),
        ui.notice_message("reply", removed=True),
        ui.review_message(post, "C0SPACE", 3, "https://x.slack.com/archives/C0SPACE/p1"),
        ui.review_message(reply, "C0SPACE", 3, ""),
        ui.review_done_message("post", "restore", "U0MODERATOR"),
        {"blocks": ui.mine_blocks([(n, longest) for n in range(12)])},
    ]
    for message in messages:
        assert_valid_blocks(message["blocks"])
        assert len(message.get("text", "")) <= 4000
    views = [
        ui.share_view("C0SPACE", ""),
        ui.share_view("C0SPACE", longest, crisis=True, error="Slack said no."),
        ui.reply_view(1, "1.1", "Anonymous Heron", False, longest, crisis=True),
        ui.reply_view(1, "1.1", "Anonymous · OP", True, ""),
        ui.reply_view(1, "1.1", "Anonymous Heron", False, "At least &<> " * 230),
        ui.posted_view("C0SPACE", 1),
        ui.done_view("Done."),
        ui.info_view("Not yet."),
    ]
    for view in views:
        assert_valid_view(view)
        assert len(view.get("private_metadata", "")) <= 3000


def test_posts_carry_no_person_only_post_and_reply_numbers(ui: SpaceUI) -> None:
    message = ui.post_message(41, "hello")
    encoded = json.dumps(message)
    assert "metadata" not in message
    # Reply, Me too, Flag
    assert re.findall(r'"value": "([^"]*)"', encoded) == ["41", "post:41", "post:41"]
    assert {b["block_id"] for b in message["blocks"]} == {
        "space_post_author",
        "space_post_text_0",
        "space_post_actions",
    }
    reply = json.dumps(ui.reply_message(41, 9, "Anonymous Otter", "hi"))
    assert re.findall(r'"value": "([^"]*)"', reply) == ["reply:41:9"]


def test_pseudonyms_come_from_the_editable_list_without_op(ui: SpaceUI) -> None:
    names = ui.pseudonyms
    assert len(names) >= 40 and len(set(names)) == len(names)
    assert ui.labels["op_name"] not in names
    assert all(name.startswith("Anonymous ") for name in names)


def test_an_override_may_change_only_some_labels(tmp_path: Path) -> None:
    (tmp_path / "space").mkdir()
    (tmp_path / "space" / "labels.j2").write_text('{% set flag_button = "Report" %}\n')
    labels = Prompts(override_dir=tmp_path).labels("space/labels")
    assert labels["flag_button"] == "Report"
    assert labels["reply_button"] == "Reply anonymously"  # from the shipped file


def test_a_post_shows_how_many_feel_the_same_never_who(ui: SpaceUI) -> None:
    assert "feel" not in json.dumps(ui.post_message(41, "hello"))
    message = ui.post_message(41, "hello", me_too=3)
    assert_valid_blocks(message["blocks"])
    (count,) = [b for b in message["blocks"] if b.get("block_id") == "space_post_me_too"]
    assert "3 people feel this too" in json.dumps(count)
    assert message["blocks"][-1]["block_id"] == "space_post_actions"  # buttons stay last


def blocks_by_id(view: dict[str, object]) -> dict[str, str]:
    found = {}
    for block in view["blocks"]:  # type: ignore[attr-defined]
        if block.get("block_id") and block.get("text"):
            found[block["block_id"]] = block["text"]["text"]
    return found


def test_the_reply_modal_coaches_listening_as_people_type_and_never_blocks(ui: SpaceUI) -> None:
    empty = ui.reply_view(1, "1.1", "Anonymous Heron", False, "")
    assert "space_listening" not in blocks_by_id(empty)
    dismissive = "You should just talk to HR. At least you still have a job."
    view = ui.reply_view(1, "1.1", "Anonymous Heron", False, dismissive)
    advice = blocks_by_id(view)["space_listening"]
    assert "“At least”" in advice and "“You should just talk to HR.”" in advice
    assert "Try opening with" in advice
    assert view["submit"] == empty["submit"]  # advice only: the same Reply button, no refusal
    assert_valid_view(view)
    warm = ui.reply_view(1, "1.1", "Anonymous · OP", True, "That sounds really hard, I'm here.")
    assert "acknowledge how they feel" in blocks_by_id(warm)["space_listening"]
    neutral = ui.reply_view(1, "1.1", "Anonymous Heron", False, "Thanks, see you Monday")
    assert "space_listening" not in blocks_by_id(neutral)

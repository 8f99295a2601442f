"""Pieces of the check-in listeners that need no server: export parts, clipped notes, dates,
labels from templates, and what the error handler answers for a failed modal submission."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.app import handle_error
from bot.listeners.commands.checkin_export import export_parts
from bot.listeners.commands.checkin_history import clip
from bot.prompts import Prompts
from bot.slack.checkins import command_text, day_text
from bot.slack.text import escape_mrkdwn


def test_export_parts_are_json_split_on_lines_with_backticks_escaped() -> None:
    data = {"checkins": [{"note": f"note {n} ```fence``` " + "x" * 300} for n in range(40)]}
    parts = export_parts(data, size=1000)
    assert len(parts) > 10
    assert all(len(p) <= 1000 for p in parts)
    assert all("`" not in p for p in parts)
    assert json.loads("\n".join(parts)) == data


def test_a_line_longer_than_a_part_is_cut_and_comes_back_whole() -> None:
    data = {"note": "y" * 2500}
    parts = export_parts(data, size=1000)
    assert all(len(p) <= 1000 for p in parts)
    assert "y" * 2500 in "".join(parts)


def test_clip_fits_the_escaped_note_in_its_budget() -> None:
    assert clip("short & sweet", 100) == ("short & sweet", False)
    clipped, cut = clip("<" * 50, 41)
    assert cut and clipped == "<" * 10 + "…"
    assert len(escape_mrkdwn(clipped)) <= 41


def test_days_are_shown_in_the_members_time_zone() -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert day_text(late, "UTC", now) == "Fri 20 Nov"
    assert day_text(late, "Pacific/Auckland", now) == "Sat 21 Nov"
    assert day_text(date(2027, 1, 4), "UTC", now) == "Mon 4 Jan 2027"


def test_labels_come_from_set_lines_and_an_override_changes_only_its_own(tmp_path: Path) -> None:
    defaults, overrides = tmp_path / "defaults", tmp_path / "overrides"
    (defaults / "area").mkdir(parents=True)
    (overrides / "area").mkdir(parents=True)
    (defaults / "area/labels.j2").write_text(
        '{# words #}\n{% set ok = "OK" %}\n{% set cancel = "Cancel" %}\n', encoding="utf-8"
    )
    (overrides / "area/labels.j2").write_text('{% set ok = "Sure" %}\n', encoding="utf-8")
    prompts = Prompts(override_dir=overrides, default_dir=defaults)
    assert prompts.labels("area/labels") == {"ok": "Sure", "cancel": "Cancel"}
    assert Prompts().labels("checkin/labels")["mood_5"] == ":sunny: Great"


async def test_a_failed_modal_submission_stays_open_and_says_so() -> None:
    context = AsyncBoltContext()
    context["runtime"] = SimpleNamespace(prompts=Prompts())
    body = {
        "type": "view_submission",
        "view": {
            "callback_id": "checkin",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}},
                {"type": "input", "block_id": "mood"},
                {"type": "input", "block_id": "note"},
            ],
        },
    }
    answer = await handle_error(
        RuntimeError("database down"), body, context, BoltResponse(status=500)
    )
    assert answer is not None and answer.status == 200
    sent = json.loads(answer.body)
    assert sent["response_action"] == "errors"
    assert list(sent["errors"]) == ["mood"]
    assert "something went wrong" in sent["errors"]["mood"]


def test_command_text_is_what_the_person_typed() -> None:
    sent = {"text": "4 a &lt;!channel&gt; &amp; b &amp;lt;kept&amp;gt;"}
    assert command_text(sent) == "4 a <!channel> & b &lt;kept&gt;"
    assert command_text({}) == ""

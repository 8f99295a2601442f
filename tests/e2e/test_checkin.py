"""Check-ins end to end: the real `kindred serve`, signed requests, the stand-in, both databases.

Every request is timed against Slack's 3-second ack limit; every Slack call Kindred makes is
validated against slack_sdk's Block Kit models; the database is checked directly.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import (
    SlackSender,
    app_home_opened,
    block_action,
    checkboxes_value,
    plain_text_value,
    radio_value,
    view_submission,
)
from bot.sandbox.standin import Call, SlackStandIn
from bot.store.db import sync_database_url
from bot.store.models import CheckIn, Delivery, Member, Workspace
from tests.conftest import SIGNING_SECRET
from tests.support.blockkit import assert_valid_call, assert_valid_view
from tests.support.cli import run_nudges
from tests.support.server import InProcessServer

SLACK_ACK_LIMIT_SECONDS = 3.0
TEAM = "T0KINDRED"
ADA, GRACE, BOSS = "U0ADA", "U0GRACE", "U0BOSS"
NOTE = "Finished the garden fence <!channel> & slept well"
ESCAPED_NOTE = "Finished the garden fence &lt;!channel&gt; &amp; slept well"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    """The scheduler is off: these tests run reminder cycles themselves, at chosen times."""
    return server_env | {"KINDRED_TICK_SECONDS": "0"}


@pytest.fixture
def people(standin: SlackStandIn) -> None:
    for user in (ADA, GRACE, BOSS):
        standin.add_user(user, tz="UTC")


def timed(send: Callable[[], httpx.Response]) -> httpx.Response:
    """Send, and check Slack's 3-second ack limit."""
    started = time.monotonic()
    response = send()
    assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
    assert response.status_code == 200, response.text
    return response


def command(slack: SlackSender, standin: SlackStandIn, text: str, user: str = ADA, **kw: Any):
    """/checkin `text` from `user`, with a response_url on the stand-in."""
    return timed(
        lambda: slack.command(
            "/checkin", text, user_id=user, response_url=standin.response_url(), **kw
        )
    )


def interaction(slack: SlackSender, payload: dict[str, Any]) -> httpx.Response:
    return timed(lambda: slack.interaction(payload))


def replies(standin: SlackStandIn, count: int = 1) -> list[str]:
    """The texts Kindred sent to response URLs (private replies), oldest first."""
    return [c.params["text"] for c in standin.wait_for("response_url", count)]


def reply(standin: SlackStandIn, count: int = 1) -> str:
    """The `count`-th private reply, checked to be ephemeral."""
    call = standin.wait_for("response_url", count)[count - 1]
    assert call.params["response_type"] == "ephemeral"
    return call.params["text"]


def assert_all_calls_valid(standin: SlackStandIn) -> None:
    for call in standin.calls():
        assert_valid_call(call.method, call.params)


def rows(engine: Engine, model: type, **where: Any) -> list[Any]:
    with Session(engine) as session:
        query = select(model).filter_by(**where).order_by(model.id)
        return list(session.scalars(query))


def seed(engine: Engine, *objects: Any) -> None:
    with Session(engine) as session, session.begin():
        if session.get(Workspace, TEAM) is None:
            session.add(Workspace(team_id=TEAM))
            session.flush()
        session.add_all(objects)


def checkin_at(user: str, mood: int, note: str | None, at: datetime, **kw: Any) -> CheckIn:
    return CheckIn(team_id=TEAM, user_id=user, mood=mood, note=note, created_at=at, **kw)


def submission(
    mood: str | None, note: str | None, share: bool | None = None, user: str = ADA, **kw: Any
):
    values: dict[str, Any] = {
        "mood": {"mood": radio_value(mood)},
        "note": {"note": plain_text_value(note)},
    }
    if share is not None:
        values["share"] = {"share": checkboxes_value(["share"] if share else [])}
    return view_submission("checkin", values, user_id=user, **kw)


def view_text(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


# ---------------------------------------------------------------------- the modal


def test_modal_checkin_is_thanked_and_stays_private(
    slack: SlackSender, standin: SlackStandIn, database: Engine, server: InProcessServer, people
) -> None:
    opened = command(slack, standin, "")
    assert opened.text == ""  # nothing shown in the channel: the modal opens
    (call,) = standin.wait_for("views.open")
    view = call.params["view"]
    assert call.params["trigger_id"] == "1337.42"
    assert view["callback_id"] == "checkin"
    assert [b.get("block_id") for b in view["blocks"] if b["type"] == "input"] == [
        "mood",
        "note",
        "appreciate",
    ]
    assert "What's on your mind — work or life outside it?" in view_text(view)
    assert [o["value"] for o in view["blocks"][0]["element"]["options"]] == list("12345")
    assert view["blocks"][1]["element"]["max_length"] == 3000

    answer = interaction(slack, submission("4", NOTE)).json()
    assert answer["response_action"] == "update"
    assert_valid_view(answer["view"])
    thanks = view_text(answer["view"])
    assert "Thank" in thanks and "Your first check-in is in" in thanks

    (saved,) = rows(database, CheckIn)
    assert (saved.user_id, saved.mood, saved.note, saved.source) == (ADA, 4, NOTE, "modal")
    assert saved.shared_with_manager is False

    command(slack, standin, "history")
    mine = reply(standin, 1)
    assert ESCAPED_NOTE in mine and "<!channel>" not in mine
    command(slack, standin, "history", user=GRACE)
    theirs = reply(standin, 2)
    assert "garden" not in theirs and "haven't checked in yet" in theirs
    # Asking for someone else's history still shows only your own.
    command(slack, standin, f"history <@{ADA}>", user=GRACE)
    assert "garden" not in reply(standin, 3)

    assert_all_calls_valid(standin)
    assert standin.calls("chat.postMessage") == []  # nobody else was told anything
    assert "garden" not in server.logs()


def test_sharing_one_checkin_with_the_manager(
    slack: SlackSender, standin: SlackStandIn, database: Engine, people
) -> None:
    seed(database, Member(team_id=TEAM, user_id=ADA, manager_user_id=BOSS))
    command(slack, standin, "")
    (call,) = standin.wait_for("views.open")
    share = [b for b in call.params["view"]["blocks"] if b.get("block_id") == "share"]
    # The box says whom it shares with, by the name Slack shows for them.
    assert "Share this check-in with u0boss" in view_text(share[0])
    assert f"<@{BOSS}>, your manager in Kindred" in json.dumps(call.params["view"])

    # Not ticked: it stays Ada's alone (sent first, so anything it sent would come first).
    answer = interaction(slack, submission("3", "just for me", share=False)).json()
    assert "Shared with" not in view_text(answer["view"])
    answer = interaction(slack, submission("2", NOTE, share=True)).json()
    assert f"Shared with <@{BOSS}>, just this one" in view_text(answer["view"])
    (sent,) = standin.wait_for("chat.postMessage")
    assert sent.params["channel"] == BOSS
    assert ESCAPED_NOTE in sent.params["text"] and f"<@{ADA}>" in sent.params["text"]
    assert "just for me" not in json.dumps([c.params for c in standin.calls()])
    assert [(c.shared_with_manager, c.shared_with) for c in rows(database, CheckIn)] == [
        (False, None),
        (True, BOSS),
    ]
    # A not-great check-in brings the manager one open question to start with; a good one not.
    opener = "How are you doing with it all?"
    assert sent.params["text"].count(opener) == 1
    interaction(slack, submission("4", "better now", share=True))
    good = standin.wait_for("chat.postMessage", 2)[1].params["text"]
    assert "better now" in good and opener not in good
    assert_all_calls_valid(standin)


def test_modal_refuses_bad_input_beside_the_field_and_saves_nothing(
    slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    cases = [
        (submission(None, "no mood picked"), "mood", "from 1 to 5"),
        (submission("7", None), "mood", "1 (rough) to 5 (great)"),
        (submission("3", "x" * 3001), "note", "3,000 characters"),
        (submission("3", "a bell \x07 rang"), "note", "control characters"),
    ]
    for payload, field, words in cases:
        answer = interaction(slack, payload).json()
        assert answer["response_action"] == "errors"
        assert list(answer["errors"]) == [field]
        assert words in answer["errors"][field]
    assert rows(database, CheckIn) == []
    assert rows(database, Member) == []


# ---------------------------------------------------------------------- the quick form


def test_quick_form_checks_in_at_once(
    slack: SlackSender, standin: SlackStandIn, database: Engine, people
) -> None:
    ack = command(slack, standin, "4 tired but ok")
    assert ack.text == ""
    text = reply(standin)
    assert "Thank" in text and "Your first check-in is in" in text
    (saved,) = rows(database, CheckIn)
    assert (saved.mood, saved.note, saved.source) == (4, "tired but ok", "quick")
    (member,) = rows(database, Member)
    assert member.tz == "UTC" and member.tz_checked_at is not None  # read from users.info

    # Slack sends & < > escaped; the note is stored as typed and shown escaped, never pinging.
    command(slack, standin, "2 deadline &lt;!here&gt; &amp; stuff")
    reply(standin, 2)
    assert rows(database, CheckIn, mood=2)[0].note == "deadline <!here> & stuff"
    command(slack, standin, "history")
    assert ">deadline &lt;!here&gt; &amp; stuff" in reply(standin, 3)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("11", "1 (rough) to 5 (great)"),
        ("-3", "1 (rough) to 5 (great)"),
        ("0 meh", "1 (rough) to 5 (great)"),
        ("3.5", "whole number"),
        ("happy", "didn't quite understand"),
        ("4 " + "x" * 5000, "longer than 3,000 characters"),
        ("4 a bell \x07 and \x1b[31m", "control characters"),
    ],
)
def test_quick_form_explains_bad_input_and_saves_nothing(
    slack: SlackSender, standin: SlackStandIn, database: Engine, text: str, words: str
) -> None:
    answer = command(slack, standin, text).json()
    assert answer["response_type"] == "ephemeral"
    assert words in answer["text"]
    assert "Nothing was saved" in answer["text"]
    assert "/checkin 4 tired but ok" in answer["text"]  # the accepted forms
    assert rows(database, CheckIn) == []
    assert rows(database, Member) == []
    assert standin.calls("response_url") == []


def test_help_answers_privately(slack: SlackSender, standin: SlackStandIn):
    # (`/checkin team` opens the team modal: tests/e2e/test_teams_and_nudges.py.)
    for text in ("help", "HELP"):
        answer = command(slack, standin, text).json()
        assert answer["response_type"] == "ephemeral"
        assert "/checkin pause 2w" in answer["text"] and "/checkin forget" in answer["text"]
    assert [c.method for c in standin.calls()] == ["auth.test"]


def test_crisis_words_bring_the_author_support_privately(
    slack: SlackSender, standin: SlackStandIn, database: Engine, server: InProcessServer, people
) -> None:
    seed(database, Member(team_id=TEAM, user_id=ADA, manager_user_id=BOSS))
    # A negated mention brings nothing (sent first, so anything it sent would come first).
    command(slack, standin, "3 not suicidal, just tired")
    reply(standin, 1)
    command(slack, standin, "1 I don't want to be here anymore")
    assert "Thank" in reply(standin, 2)
    (support,) = standin.wait_for("chat.postMessage")
    assert support.params["channel"] == ADA
    assert "988" in support.params["text"] and "findahelpline.com" in support.params["text"]
    # It opens by hearing them: the acknowledgement comes before any number.
    assert support.params["text"].startswith("Thank you for putting this into words.")
    assert support.params["text"].index("really hard") < support.params["text"].index("988")
    notes = [c.note for c in rows(database, CheckIn)]
    assert notes == ["not suicidal, just tired", "I don't want to be here anymore"]

    # Shared with the manager by choice: they get the check-in as written, and nothing else.
    interaction(slack, submission("1", "I want to die some days", share=True))
    posts = standin.wait_for("chat.postMessage", 3)
    to_boss = [c.params["text"] for c in posts if c.params["channel"] == BOSS]
    to_ada = [c.params["text"] for c in posts if c.params["channel"] == ADA]
    assert len(to_boss) == 1 and "I want to die some days" in to_boss[0]
    assert "988" not in to_boss[0]
    assert len(to_ada) == 2 and all("988" in text for text in to_ada)
    logs = server.logs()
    assert "want to die" not in logs and "here anymore" not in logs
    assert_all_calls_valid(standin)


# ---------------------------------------------------------------------- history


def test_history_shows_the_last_eight_with_a_sparkline(
    slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    now = datetime.now(UTC)
    moods = [5, 4, 3, 2, 1, 2, 3, 4, 5, 1]  # newest first
    seed(
        database,
        Member(team_id=TEAM, user_id=ADA),
        *(
            checkin_at(ADA, mood, f"week {n} note" if n % 2 == 0 else None, now - timedelta(7 * n))
            for n, mood in enumerate(moods)
        ),
        checkin_at(GRACE, 1, "grace's own", now),
    )
    command(slack, standin, "history")
    text = reply(standin)
    assert "Your last 8 check-ins" in text
    assert "`▆▄▂▁▂▄▆█`" in text  # the eight newest, shown oldest to newest
    assert [line for line in text.splitlines() if line.startswith(">")] == [
        f">week {n} note" for n in (0, 2, 4, 6)
    ]
    assert "week 8" not in text and "grace" not in text
    assert ":sunny: Great" in text


# ---------------------------------------------------------------------- pause and resume


def test_pause_and_resume(
    slack: SlackSender, standin: SlackStandIn, database: Engine, people
) -> None:
    today = datetime.now(UTC).date()
    command(slack, standin, "pause 2w")
    assert "paused until" in reply(standin, 1)
    (member,) = rows(database, Member)
    assert member.paused_until == today + timedelta(days=14)

    for n, bad in enumerate(["pause", "pause soon", f"pause until {today}", "pause 60w"], 2):
        command(slack, standin, bad)
        text = reply(standin, n)
        assert "Nothing was changed" in text and "/checkin pause until" in text
    (member,) = rows(database, Member)
    assert member.paused_until == today + timedelta(days=14)

    later = today + timedelta(days=40)
    command(slack, standin, f"pause until {later.isoformat()}")
    reply(standin, 6)
    assert rows(database, Member)[0].paused_until == later

    command(slack, standin, "resume")
    assert "Weekly reminders are on: Fridays at 15:00" in reply(standin, 7)
    (member,) = rows(database, Member)
    assert (member.paused_until, member.reminders_enabled) == (None, True)


# ---------------------------------------------------------------------- export and forget


def test_export_sends_the_members_own_data_privately(
    slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    now = datetime.now(UTC)
    seed(
        database,
        Member(team_id=TEAM, user_id=ADA),
        checkin_at(ADA, 4, NOTE + " `code`", now),
        checkin_at(GRACE, 1, "grace's own", now),
    )
    command(slack, standin, "export")
    assert "direct message" in reply(standin)
    messages = standin.calls("chat.postMessage")
    assert {c.params["channel"] for c in messages} == {ADA}
    text = "".join(c.params["text"] for c in messages)
    block = re.search(r"```\n(.*)\n```", text, re.DOTALL)
    assert block is not None
    data = json.loads(html.unescape(block.group(1)))
    assert data["user"] == ADA
    assert [c["note"] for c in data["checkins"]] == [NOTE + " `code`"]
    assert "grace" not in text


def test_forget_asks_then_deletes_everything_of_the_member(
    slack: SlackSender, standin: SlackStandIn, database: Engine, people
) -> None:
    now = datetime.now(UTC)
    seed(
        database,
        Member(team_id=TEAM, user_id=ADA),
        Member(team_id=TEAM, user_id=GRACE),
        checkin_at(ADA, 4, "mine", now),
        checkin_at(ADA, 2, "mine too", now - timedelta(days=7)),
        checkin_at(GRACE, 1, "grace's own", now),
        Delivery(team_id=TEAM, recipient=ADA, kind="checkin_reminder", period="2026-W47"),
        Delivery(team_id=TEAM, recipient=GRACE, kind="checkin_reminder", period="2026-W47"),
    )
    command(slack, standin, "forget")
    (opened,) = standin.wait_for("views.open")
    assert opened.params["view"]["callback_id"] == "checkin_forget"
    assert "your 2 check-ins" in view_text(opened.params["view"])
    assert len(rows(database, CheckIn, user_id=ADA)) == 2  # nothing deleted before confirming

    answer = interaction(slack, view_submission("checkin_forget", {}, user_id=ADA)).json()
    assert answer["response_action"] == "update"
    assert "deleted 2 check-ins" in view_text(answer["view"])
    assert rows(database, CheckIn, user_id=ADA) == []
    assert rows(database, Member, user_id=ADA) == []
    assert rows(database, Delivery, recipient=ADA) == []
    assert len(rows(database, CheckIn, user_id=GRACE)) == 1
    assert len(rows(database, Member, user_id=GRACE)) == 1
    assert len(rows(database, Delivery, recipient=GRACE)) == 1
    (home,) = standin.wait_for("views.publish")
    assert home.params["user_id"] == ADA and "No check-ins yet" in view_text(home.params["view"])
    assert_all_calls_valid(standin)


# ---------------------------------------------------------------------- the weekly reminder


def this_friday_afternoon() -> datetime:
    """15:05 UTC on the Friday of the current ISO week (past or future: --at decides)."""
    today = datetime.now(UTC).date()
    friday = today - timedelta(days=today.weekday()) + timedelta(days=4)
    return datetime(friday.year, friday.month, friday.day, 15, 5, tzinfo=UTC)


def reminder_to(standin: SlackStandIn, user: str) -> Call:
    (call,) = [c for c in standin.calls("chat.postMessage") if c.params["channel"] == user]
    return call


def test_weekly_reminder_buttons_check_in_in_place(
    slack: SlackSender,
    standin: SlackStandIn,
    database: Engine,
    db_url: str,
    tmp_path: Path,
) -> None:
    everyone = ["U0ADA", "U0BOB", "U0CAROL", "U0DONE", "U0PAUSED", "U0OFF", "U0AWAY"]
    for user in everyone:
        standin.add_user(user, tz="UTC")
    standin.set_status("U0AWAY", "OOO until Monday", ":palm_tree:")
    seed(
        database,
        *(Member(team_id=TEAM, user_id=u) for u in everyone if u not in {"U0PAUSED", "U0OFF"}),
        Member(team_id=TEAM, user_id="U0PAUSED", paused_until=date.today() + timedelta(days=30)),
        Member(team_id=TEAM, user_id="U0OFF", reminders_enabled=False),
        checkin_at("U0DONE", 3, None, datetime.now(UTC)),
    )
    at = this_friday_afternoon()
    first = run_nudges(standin, db_url, at, tmp_path)
    second = run_nudges(standin, db_url, at + timedelta(hours=1), tmp_path)
    assert "4 enqueued" in first and "3 sent" in first and "1 skipped" in first
    assert "0 enqueued" in second
    reminders = standin.calls("chat.postMessage")
    assert sorted(c.params["channel"] for c in reminders) == ["U0ADA", "U0BOB", "U0CAROL"]
    assert_all_calls_valid(standin)

    # Ada taps a mood: it is recorded, and the reminder turns into the thank-you.
    ada = reminder_to(standin, "U0ADA")
    channel, ts = ada.response["channel"], ada.response["ts"]
    interaction(
        slack,
        block_action("checkin_mood_4", "4", user_id="U0ADA", channel_id=channel, message_ts=ts),
    )
    (update,) = standin.wait_for("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (channel, ts)
    assert "Thank" in update.params["text"]
    assert all(b["type"] != "actions" for b in update.params["blocks"])
    (saved,) = rows(database, CheckIn, user_id="U0ADA")
    assert (saved.mood, saved.note, saved.source) == (4, None, "reminder")

    # Bob adds a note: the modal opens, and on submit his reminder says thank you too.
    bob = reminder_to(standin, "U0BOB")
    channel, ts = bob.response["channel"], bob.response["ts"]
    interaction(
        slack,
        block_action("checkin_add_note", None, user_id="U0BOB", channel_id=channel, message_ts=ts),
    )
    (opened,) = standin.wait_for("views.open")
    metadata = opened.params["view"]["private_metadata"]
    assert json.loads(metadata) == {"channel": channel, "ts": ts}
    interaction(slack, submission("2", "long week", user="U0BOB", private_metadata=metadata))
    updates = standin.wait_for("chat.update", 2)
    assert (updates[1].params["channel"], updates[1].params["ts"]) == (channel, ts)
    (saved,) = rows(database, CheckIn, user_id="U0BOB")
    assert (saved.mood, saved.note, saved.source) == (2, "long week", "reminder")

    # Carol opts out: effective at once, and said in place of the reminder.
    carol = reminder_to(standin, "U0CAROL")
    channel, ts = carol.response["channel"], carol.response["ts"]
    interaction(
        slack,
        block_action(
            "checkin_reminders_off", None, user_id="U0CAROL", channel_id=channel, message_ts=ts
        ),
    )
    updates = standin.wait_for("chat.update", 3)
    assert "no more weekly reminders" in updates[2].params["text"]
    (carol_row,) = rows(database, Member, user_id="U0CAROL")
    assert carol_row.reminders_enabled is False

    # A week later: everyone still opted in is reminded again; Carol is not.
    run_nudges(standin, db_url, at + timedelta(days=7), tmp_path)
    later = [c.params["channel"] for c in standin.calls("chat.postMessage")][3:]
    assert sorted(later) == ["U0ADA", "U0BOB", "U0DONE"]
    assert_all_calls_valid(standin)


def test_the_real_scheduler_sends_the_reminder_on_its_own(
    server_env: dict[str, str], standin: SlackStandIn, db_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    zones = ("UTC", "Pacific/Kiritimati", "Etc/GMT+12")  # UTC+14 and UTC-12 cover most days
    tz = next((z for z in zones if now.astimezone(ZoneInfo(z)).weekday() < 5), None)
    if tz is None:
        pytest.skip("it is the weekend in every time zone: reminders never come at weekends")
    local_weekday = now.astimezone(ZoneInfo(tz)).weekday()
    standin.add_user(ADA, tz=tz)
    engine = create_engine(sync_database_url(db_url))
    try:
        seed(
            engine,
            Member(team_id=TEAM, user_id=ADA, tz=tz, reminder_weekday=local_weekday,
                   reminder_time=datetime.min.time()),
        )  # fmt: skip
    finally:
        engine.dispose()
    running = InProcessServer(server_env | {"KINDRED_TICK_SECONDS": "1"}, tmp_path).start()
    try:
        (sent,) = standin.wait_for("chat.postMessage", timeout=30)
    finally:
        running.stop()
    assert sent.params["channel"] == ADA
    assert sent.params["metadata"]["event_payload"]["kind"] == "checkin_reminder"
    assert_valid_call(sent.method, sent.params)


# ---------------------------------------------------------------------- App Home


def home_of(standin: SlackStandIn, count: int) -> dict[str, Any]:
    call = standin.wait_for("views.publish", count)[count - 1]
    assert_valid_call(call.method, call.params)
    return call.response["view"]


def test_app_home_shows_trend_streak_and_settings_that_take_effect(
    slack: SlackSender, standin: SlackStandIn, database: Engine, people
) -> None:
    now = datetime.now(UTC)
    seed(
        database,
        Member(team_id=TEAM, user_id=ADA),
        checkin_at(ADA, 2, "my secret veggie patch", now - timedelta(days=7)),
        checkin_at(ADA, 4, None, now - timedelta(days=14)),
    )
    timed(lambda: slack.event(app_home_opened(ADA)))
    home = home_of(standin, 1)
    text = view_text(home)
    assert "`·········▆▂·`" in text and "Good to hear from you lately" in text
    assert "running" not in text  # no count of weeks unless the operator asks for it
    assert "Last check-in:" in text and ":cloud: Not great" in text
    assert "Fridays at 15:00, your time (UTC)" in text
    assert "veggie" not in text  # notes are not shown on Home
    assert "Who can see what" in text

    view = {"id": home["id"], "type": "home"}
    interaction(slack, block_action("checkin_mood_5", "5", user_id=ADA, view=view))
    text = view_text(home_of(standin, 2))
    assert "Thank" in text and "Good to hear from you again" in text and "running" not in text
    assert rows(database, CheckIn, user_id=ADA, mood=5)[0].source == "home"

    interaction(
        slack,
        block_action("home_reminder_day", "1", user_id=ADA, view=view, action_type="static_select"),
    )
    assert "Tuesdays at 15:00" in view_text(home_of(standin, 3))
    interaction(
        slack,
        block_action(
            "home_reminder_time", "09:30", user_id=ADA, view=view, action_type="static_select"
        ),
    )
    assert "Tuesdays at 09:30" in view_text(home_of(standin, 4))
    interaction(slack, block_action("home_reminders_toggle", "off", user_id=ADA, view=view))
    assert "Off. Kindred won't remind you" in view_text(home_of(standin, 5))
    (member,) = rows(database, Member, user_id=ADA)
    assert (member.reminder_weekday, member.reminder_time.strftime("%H:%M")) == (1, "09:30")
    assert member.reminders_enabled is False

    interaction(slack, block_action("home_reminders_toggle", "on", user_id=ADA, view=view))
    assert "Tuesdays at 09:30" in view_text(home_of(standin, 6))
    interaction(slack, block_action("checkin_add_note", None, user_id=ADA, view=view))
    (opened,) = standin.wait_for("views.open")
    assert json.loads(opened.params["view"]["private_metadata"]) == {"home": True}
    interaction(
        slack,
        submission("3", "from home", private_metadata=opened.params["view"]["private_metadata"]),
    )
    assert "Thank" in view_text(home_of(standin, 7))
    with Session(database) as session:
        assert session.scalar(select(func.count()).select_from(CheckIn)) == 4
    assert_all_calls_valid(standin)


def test_app_home_for_someone_new_creates_nothing(
    slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    timed(lambda: slack.event(app_home_opened(GRACE)))
    text = view_text(home_of(standin, 1))
    assert "No check-ins yet" in text and "Fridays at 15:00" in text
    assert rows(database, Member) == []


def test_notes_stay_out_of_the_logs_even_at_debug(
    server_env: dict[str, str], standin: SlackStandIn, tmp_path: Path, people
) -> None:
    running = KindredServer(server_env | {"KINDRED_LOG_LEVEL": "DEBUG"}, tmp_path).start()
    try:
        sender = SlackSender(running.url, SIGNING_SECRET, hooks_url=f"{standin.root_url}/hooks")
        for text in ("2 my very private words", "history", "export"):
            timed(lambda t=text: sender.command("/checkin", t, response_url=standin.response_url()))
        standin.wait_for("response_url", 3)
        timed(lambda: sender.interaction(submission("3", "another private thought")))
    finally:
        running.stop()
    logs = running.logs()
    assert "DEBUG" in logs  # it really ran at DEBUG
    assert "private words" not in logs and "private thought" not in logs

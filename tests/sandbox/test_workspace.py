"""The sandbox workspace the demo and the playground run on: real `kindred serve`, signed requests.

One sandbox serves the module (starting Kindred takes a few seconds); each test acts as a
different person so they do not see each other's check-ins.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.sandbox.workspace import (
    MANAGER,
    PEOPLE,
    SPACE_CHANNEL,
    Sandbox,
    SandboxError,
    Surface,
)
from bot.slack.blocks import ACTION_DELETE, ACTION_REPLY, MOOD_ACTION_PREFIX, SPACE_TEXT_ACTION
from tests.support.blockkit import assert_valid_view

ADA, BEN, CHLOE, DEV = (p.user_id for p in PEOPLE[1:5])


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


def only(surfaces: list[Surface], kind: str) -> Surface:
    (found,) = [s for s in surfaces if s.kind == kind]
    return found


def test_reports_are_welcomed_to_their_team_and_the_manager_is_not(sandbox: Sandbox) -> None:
    (welcome,) = sandbox.conversation(ADA, sandbox.dm_channel(ADA))
    assert f"<@{MANAGER.user_id}>" in welcome.text
    assert welcome.audience == "Only Ada can see this: a direct message from Kindred"
    assert sandbox.conversation(MANAGER.user_id, sandbox.dm_channel(MANAGER.user_id)) == []


def test_a_modal_check_in_is_refused_without_a_mood_then_saved_and_closed(
    sandbox: Sandbox,
) -> None:
    (opened,) = sandbox.command(ADA, "/checkin")
    assert (opened.kind, opened.audience) == ("modal", "Only Ada can see this window")
    assert opened.view is not None
    assert_valid_view(opened.view)

    (refused,) = sandbox.submit(ADA, {})
    assert refused.change == "updated" and "mood" in refused.errors
    assert sandbox.modal(ADA) is not None  # still open, nothing lost

    (thanked,) = sandbox.submit(ADA, {"mood": "4", "note": "Good week, long walk on Sunday"})
    assert (thanked.kind, thanked.change, thanked.errors) == ("modal", "updated", {})
    assert "Thank" in str(thanked.blocks)
    (closed,) = sandbox.close_modal(ADA)
    assert closed.change == "closed" and sandbox.modal(ADA) is None


def test_a_quick_check_in_answers_only_the_person_who_sent_it(sandbox: Sandbox) -> None:
    reply = only(sandbox.command(BEN, "/checkin", "4 tired but ok", SPACE_CHANNEL), "ephemeral")
    assert reply.viewer == BEN and reply.audience == "Only Ben can see this"
    assert reply in sandbox.conversation(BEN, SPACE_CHANNEL)
    assert reply not in sandbox.conversation(CHLOE, SPACE_CHANNEL)


def test_an_anonymous_post_and_reply_carry_no_name_and_the_author_can_delete(
    sandbox: Sandbox,
) -> None:
    sandbox.command(CHLOE, "/share", "I keep feeling behind on everything")
    shared = sandbox.submit(CHLOE)
    post = next(s for s in shared if s.kind == "message" and s.channel == SPACE_CHANNEL)
    assert post.author == "Kindred" and post.viewer is None
    assert post.audience == "Everyone in #processing-space can see this; it carries no name"
    assert "Chloe" not in post.text and CHLOE not in post.text

    (reply_modal,) = sandbox.click(DEV, post, ACTION_REPLY)
    assert reply_modal.kind == "modal"
    replied = sandbox.submit(DEV, {SPACE_TEXT_ACTION: "Same here, you are not alone"})
    reply = next(s for s in replied if s.kind == "message")
    assert reply.thread_ts == post.ts
    thread = sandbox.thread(DEV, SPACE_CHANNEL, post.ts or "")
    assert [s.key for s in thread] == [post.key, reply.key]
    assert "Anonymous" in reply.text and "Dev" not in reply.text

    # The author's window now offers "Delete my post"; using it removes the post for everyone.
    done = only(shared, "modal")
    assert ACTION_DELETE in str(done.blocks)
    after = sandbox.click(CHLOE, done, ACTION_DELETE)
    deleted = {s.key for s in after if s.change == "deleted"}
    assert deleted == {post.key, reply.key}
    assert post.key not in {s.key for s in sandbox.conversation(DEV, SPACE_CHANNEL)}


def test_a_reminder_arrives_at_local_time_and_a_click_updates_it_in_place(
    sandbox: Sandbox,
) -> None:
    london = ZoneInfo("Europe/London")
    today = datetime.now(london)
    friday = (today + timedelta(days=(4 - today.weekday()) % 7)).replace(
        hour=15, minute=5, second=0, microsecond=0
    )
    delivered = sandbox.run_cycle(friday)
    reminders = [s for s in delivered if s.viewer == DEV and MOOD_ACTION_PREFIX in str(s.blocks)]
    assert len(reminders) == 1, delivered
    (reminder,) = reminders
    assert reminder.channel == sandbox.dm_channel(DEV)

    clicked = sandbox.click(DEV, reminder, f"{MOOD_ACTION_PREFIX}3")
    assert [s.change for s in clicked if s.key == reminder.key] == ["updated"]
    updated = next(s for s in clicked if s.key == reminder.key)
    assert MOOD_ACTION_PREFIX not in str(updated.blocks)  # thanked, no buttons left

    assert sandbox.run_cycle(friday) == []  # the same slot again sends nothing twice


def test_asking_the_impossible_gets_a_clear_error(sandbox: Sandbox) -> None:
    with pytest.raises(SandboxError, match="no modal open"):
        sandbox.submit(DEV, {})
    (home,) = sandbox.open_home(DEV)
    with pytest.raises(SandboxError, match="nothing to click"):
        sandbox.click(DEV, home, "no_such_action")
    with pytest.raises(SandboxError, match="nobody called"):
        sandbox.person("U0NOBODY")


def test_stopping_removes_the_folder_and_the_server() -> None:
    sandbox = Sandbox().start()
    assert sandbox.workdir is not None and sandbox.server is not None
    folder, url = sandbox.workdir, sandbox.server.url
    sandbox.stop()
    assert not Path(folder).exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz", timeout=2)


def test_edited_templates_show_on_the_next_message(tmp_path: Path) -> None:
    overrides = tmp_path / "prompts"
    (overrides / "checkin").mkdir(parents=True)
    help_template = overrides / "checkin" / "help.j2"
    help_template.write_text("First wording of the help.\n", encoding="utf-8")
    with Sandbox(prompts_dir=overrides) as sandbox:
        first = only(sandbox.command(ADA, "/checkin", "help"), "ephemeral")
        assert first.text.strip() == "First wording of the help."
        help_template.write_text("Second wording, edited while Kindred runs.\n", encoding="utf-8")
        second = only(sandbox.command(ADA, "/checkin", "help"), "ephemeral")
        assert second.text.strip() == "Second wording, edited while Kindred runs."

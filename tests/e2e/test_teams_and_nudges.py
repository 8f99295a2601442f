"""`/checkin team`, the team note and the nudge's buttons through the real `kindred serve`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.deliveries import delivery_kinds
from bot.deliveries.cycle import run_cycle
from bot.runtime import Runtime
from bot.sandbox.signing import (
    SlackSender,
    block_action,
    checkboxes_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn
from bot.services import nudges, teams
from bot.slack.sender import METADATA_EVENT_TYPE, Sender
from bot.store.models import Member, NudgeFeedback
from tests.support.blockkit import assert_valid_call

TEAM = "T0KINDRED"
BOSS = "U0BOSS"
MONDAY_0830 = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
SLACK_ACK_LIMIT_SECONDS = 3.0


@pytest.fixture
def server_env(server_env: dict[str, str], request: pytest.FixtureRequest) -> dict[str, str]:
    """Scheduler off unless a test asks for a tick (so the real clock stays out of it)."""
    return server_env | {"KINDRED_TICK_SECONDS": getattr(request, "param", "0")}


def users_value(users: list[str]) -> dict[str, Any]:
    return {"type": "multi_users_select", "selected_users": users}


def kindred_messages(standin: SlackStandIn, user: str, kind: str) -> list[dict[str, Any]]:
    return [
        m
        for m in standin.messages(standin.dm_channel_id(user))
        if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT_TYPE
        and m["metadata"]["event_payload"]["kind"] == kind
    ]


def wait_until(condition: Any, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def click(
    slack: SlackSender, standin: SlackStandIn, user: str, message: dict[str, Any], action: str
) -> dict[str, Any]:
    """Click the button `action` in `message` as `user`; returns the chat.update it caused."""
    button, block_id = next(
        (element, block["block_id"])
        for block in message["blocks"]
        for element in [*block.get("elements", []), block.get("accessory") or {}]
        if element.get("action_id") == action
    )
    before = len(standin.calls("chat.update"))
    payload = block_action(
        action,
        button["value"],
        user_id=user,
        channel_id=standin.dm_channel_id(user),
        message=message,
        block_id=block_id,
    )
    started = time.monotonic()
    assert slack.interaction(payload).status_code == 200
    assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
    calls = standin.wait_for("chat.update", count=before + 1)
    update = calls[-1].params
    assert_valid_call("chat.update", update)
    return update


@pytest.mark.parametrize("server_env", ["1"], indirect=True)
async def test_a_manager_chooses_their_team_and_each_newcomer_is_asked_first(
    runtime: Runtime, slack: SlackSender, standin: SlackStandIn
) -> None:
    for user in (BOSS, "U0ADA", "U0BEA", "U0CY"):
        standin.add_user(user)
    async with runtime.db.session() as session:
        await teams.replace_chart(session, TEAM, {"U0CY": BOSS}, MONDAY_0830 - timedelta(days=9))

    started = time.monotonic()
    response = slack.command("/checkin", "team", user_id=BOSS)
    assert response.status_code == 200
    assert time.monotonic() - started < SLACK_ACK_LIMIT_SECONDS
    (opened,) = standin.wait_for("views.open")
    assert_valid_call(opened.method, opened.params)
    view = opened.params["view"]
    assert view["callback_id"] == "checkin_team"
    assert view["blocks"][1]["element"]["initial_users"] == ["U0CY"]
    assert "never who did or did not" in view["blocks"][0]["text"]["text"]

    # Choosing yourself is refused in the modal, nothing saved.
    mistaken = view_submission(
        "checkin_team",
        {
            "team_reports": {"reports": users_value(["U0ADA", BOSS])},
            "team_nudges": {"nudges": checkboxes_value(["on"])},
        },
        user_id=BOSS,
    )
    answer = slack.interaction(mistaken)
    assert answer.status_code == 200
    assert answer.json()["response_action"] == "errors"
    assert "team_reports" in answer.json()["errors"]

    saved = view_submission(
        "checkin_team",
        {
            "team_reports": {"reports": users_value(["U0ADA", "U0BEA"])},
            "team_nudges": {"nudges": checkboxes_value(["on"])},
        },
        user_id=BOSS,
    )
    assert slack.interaction(saved).status_code == 200
    confirmation = next(
        call
        for call in standin.wait_for("chat.postMessage")
        if call.params["channel"] == BOSS and "asked to join" in call.params["text"]
    )
    assert "2 people were asked to join" in confirmation.params["text"]
    # Cy was left out and left at once; Ada and Bea are only asked.
    async with runtime.db.session() as session:
        assert await teams.current_reports(session, TEAM, BOSS) == []

    # The real scheduler (one tick a second) delivers the requests.
    wait_until(
        lambda: all(kindred_messages(standin, u, "team_request") for u in ("U0ADA", "U0BEA")),
        "the team requests",
    )
    (ada_request,) = kindred_messages(standin, "U0ADA", "team_request")
    assert f"What <@{BOSS}> could see" in str(ada_request["blocks"])
    (bea_request,) = kindred_messages(standin, "U0BEA", "team_request")
    # Ada's button pressed by Bea changes nothing.
    forged = block_action(
        "team_request_accept",
        next(
            e["value"]
            for b in ada_request["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"] == "team_request_accept"
        ),
        user_id="U0BEA",
        channel_id=standin.dm_channel_id("U0BEA"),
        message=ada_request,
    )
    before = len(standin.calls("chat.update"))
    assert slack.interaction(forged).status_code == 200
    standin.wait_for("chat.update", count=before + 1)  # "no longer open", to Bea only
    async with runtime.db.session() as session:
        assert await teams.current_reports(session, TEAM, BOSS) == []

    accepted = click(slack, standin, "U0ADA", ada_request, "team_request_accept")
    assert f"you are on <@{BOSS}>'s team" in str(accepted["blocks"])
    declined = click(slack, standin, "U0BEA", bea_request, "team_request_decline")
    assert "Declined" in str(declined["blocks"])
    async with runtime.db.session() as session:
        assert await teams.current_reports(session, TEAM, BOSS) == ["U0ADA"]

    ada_request = standin.messages(standin.dm_channel_id("U0ADA"))[-1]
    update = click(slack, standin, "U0ADA", ada_request, "team_not_my_manager")
    assert "no longer on <@U0BOSS>'s team" in str(update["blocks"])
    async with runtime.db.session() as session:
        assert await teams.current_reports(session, TEAM, BOSS) == []


async def test_done_next_week_helpful_and_stop_are_recorded_from_the_nudge(
    runtime: Runtime, slack: SlackSender, standin: SlackStandIn
) -> None:
    reports = [f"U0R{i}" for i in range(6)]
    for user in (BOSS, *reports):
        standin.add_user(user, tz="Europe/Berlin")
    async with runtime.db.session() as session:
        await teams.replace_chart(
            session, TEAM, dict.fromkeys(reports, BOSS), MONDAY_0830 - timedelta(days=9)
        )
    kinds = delivery_kinds()
    await run_cycle(runtime, kinds, Sender(runtime, kinds), MONDAY_0830)
    (nudge,) = kindred_messages(standin, BOSS, "manager_nudge")
    suggested = [
        b["block_id"]
        for b in nudge["blocks"]
        if b.get("block_id", "").startswith("nudge_sug") and b["type"] == "actions"
    ]
    assert suggested == ["nudge_suggest_U0R0", "nudge_suggest_U0R1"]

    # Someone else replaying the manager's button is refused and changes nothing.
    forged = block_action(
        "nudge_done",
        f"{nudge['metadata']['event_payload']['delivery_id']}:U0R0",
        user_id="U0R0",
        channel_id=standin.dm_channel_id("U0R0"),
        message=nudge,
    )
    assert slack.interaction(forged).status_code == 200

    done = click(slack, standin, BOSS, nudge, "nudge_done")
    by_id = {b.get("block_id"): b for b in done["blocks"]}
    # Done asks, privately and in place, whether anything is worth coming back to next week.
    assert "<@U0R0>: anything worth coming back to next week?" in str(
        by_id["nudge_suggest_text_U0R0"]
    )
    assert [e["action_id"] for e in by_id[suggested[0]]["elements"]] == [
        "nudge_revisit_yes",
        "nudge_revisit_no",
    ]
    nudge = standin.messages(standin.dm_channel_id(BOSS))[-1]
    revisit = click(slack, standin, BOSS, nudge, "nudge_revisit_yes")
    assert "next week's nudge will remind you" in str(revisit["blocks"])
    nudge = standin.messages(standin.dm_channel_id(BOSS))[-1]
    snoozed = click(slack, standin, BOSS, nudge, "nudge_snooze")
    assert "suggest <@U0R1> again next week" in str(snoozed["blocks"])
    nudge = standin.messages(standin.dm_channel_id(BOSS))[-1]
    voted = click(slack, standin, BOSS, nudge, "nudge_tip_unhelpful")
    assert "You won't see this tip again" in str(voted["blocks"])
    nudge = standin.messages(standin.dm_channel_id(BOSS))[-1]
    stopped = click(slack, standin, BOSS, nudge, "nudge_stop")
    assert "no more weekly nudges" in str(stopped["blocks"])

    async with runtime.db.session() as session:
        feedback = [
            (row.manager_user_id, row.action, row.subject)
            for row in await session.scalars(select(NudgeFeedback).order_by(NudgeFeedback.id))
        ]
        boss = await session.scalar(select(Member).where(Member.user_id == BOSS))
    assert feedback == [
        (BOSS, "suggested", "U0R0"),
        (BOSS, "suggested", "U0R1"),
        (BOSS, "tip_shown", "kind_feedback"),
        (BOSS, "done", "U0R0"),
        (BOSS, "revisit_yes", "U0R0"),
        (BOSS, "snoozed", "U0R1"),
        (BOSS, "unhelpful", "kind_feedback"),
        (BOSS, "opted_out", None),
    ]
    assert boss.manager_nudges_enabled is False
    report = await run_cycle(
        runtime, kinds, Sender(runtime, kinds), MONDAY_0830 + timedelta(weeks=1)
    )
    assert report.enqueued == 0

    # Turned on again: next week's nudge suggests the snoozed person first, and thanks.
    async with runtime.db.session() as session:
        await nudges.set_nudges_enabled(session, TEAM, BOSS, True)
    await run_cycle(runtime, kinds, Sender(runtime, kinds), MONDAY_0830 + timedelta(weeks=2))
    latest = kindred_messages(standin, BOSS, "manager_nudge")[-1]
    assert "nudge_suggest_U0R1" in [b.get("block_id") for b in latest["blocks"]]
    assert "kind in feedback" not in str(latest["blocks"])
    # The yes comes back as one line for the manager; nothing about what it was is kept.
    assert "come back to something with <@U0R0>" in str(latest["blocks"])

"""Manager trust through the real server, signed requests and `kindred nudges run --at`.

Each scenario is played in several Slack workspaces of one database at once ("worlds"), which
differ only in how some reports answered. The manager of each world receives messages; worlds
where two reports swapped their answers (1 and 5) must look exactly the same to her, and a world
with other answers must not (so the pulse is still shown when it is safe). Check-ins of earlier
weeks are made by moving Kindred's clock (bot.services.schedule.set_clock), never by editing rows.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.runtime import Runtime
from bot.sandbox.signing import (
    SlackSender,
    app_home_opened,
    block_action,
    checkboxes_value,
    radio_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn
from bot.services import schedule
from bot.services.teams import replace_chart
from bot.slack.sender import METADATA_EVENT_TYPE
from bot.store.models import CheckIn, Member
from tests.support.blockkit import assert_valid_call
from tests.support.cli import run_kindred, run_nudges

MONDAY1 = datetime(2026, 11, 16, 8, 30, tzinfo=UTC)  # 09:30 in Berlin: the first nudge
MONDAY2 = MONDAY1 + timedelta(weeks=1)
ROUTES = ("team", "chart", "not_my_manager", "forget")
WAIT_SECONDS = 15.0
# Twelve workspaces share one bot token here, so Kindred paces them as one workspace (its
# users.list refresh for each would wait out Tier 2); Slack would pace each on its own. These
# tests are about what a manager is shown, so the command line paces at a hundred times Slack's
# rates (pacing itself is tested in tests/deliveries/test_rate_limits.py).
MANY_WORKSPACES = {"KINDRED_SLACK_RATE_SCALE": "100"}


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {"KINDRED_TICK_SECONDS": "0"}  # only `kindred nudges run` sends


@pytest.fixture
def clock() -> Iterator[Callable[[datetime], None]]:
    """Set Kindred's clock (the server runs in this process) to a moment; real time after."""
    now = [datetime.now(UTC)]
    schedule.set_clock(lambda: now[0])

    def set_to(moment: datetime) -> None:
        now[0] = moment

    try:
        yield set_to
    finally:
        schedule.set_clock(None)


class World:
    """One workspace: a manager in Berlin and seven reports."""

    def __init__(self, name: str) -> None:
        self.team = f"T0{name}"
        self.boss = f"U{name}BOSS"
        self.reports = [f"U{name}R{i}" for i in range(7)]
        self.name = name


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def count_checkins(database: Engine, team: str) -> int:
    with Session(database) as session:
        return int(session.scalar(select(func.count()).where(CheckIn.team_id == team)) or 0)


def check_in(
    slack: SlackSender, database: Engine, world: World, user: str, mood: int, share: bool = False
) -> None:
    """A check-in through the modal, as the person sends it; waits until it is stored."""
    before = count_checkins(database, world.team)
    values: dict[str, Any] = {"mood": {"mood": radio_value(str(mood))}}
    if share:
        values["share"] = {"share": checkboxes_value(["share"])}
    payload = view_submission("checkin", values, user_id=user, team_id=world.team)
    assert slack.interaction(payload).status_code == 200
    wait_until(lambda: count_checkins(database, world.team) == before + 1, "the check-in")


def kindred_messages(standin: SlackStandIn, user: str, kind: str) -> list[dict[str, Any]]:
    return [
        m
        for m in standin.messages(standin.dm_channel_id(user))
        if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT_TYPE
        and m["metadata"]["event_payload"]["kind"] == kind
    ]


def seen_by(standin: SlackStandIn, world: World) -> str:
    """Everything the manager of `world` received, with the world's own IDs made neutral."""
    seen = []
    for message in standin.messages(standin.dm_channel_id(world.boss)):
        seen.append({"text": message.get("text"), "blocks": message.get("blocks")})
    text = json.dumps(seen, ensure_ascii=False).replace(world.name, "W")
    return re.sub(r'"value": "\d+:', '"value": "N:', text)  # the nudge's own outbox id


async def set_up(
    runtime: Runtime, standin: SlackStandIn, worlds: list[World], at: datetime
) -> None:
    for world in worlds:
        standin.add_user(world.boss, tz="Europe/Berlin")
        for user in world.reports:
            standin.add_user(user, tz="Europe/Berlin")
        zones: dict[str, str | None] = dict.fromkeys([world.boss, *world.reports], "Europe/Berlin")
        async with runtime.db.session() as session:
            await replace_chart(
                session, world.team, dict.fromkeys(world.reports, world.boss), at, zones
            )


def leave(
    route: str,
    world: World,
    slack: SlackSender,
    standin: SlackStandIn,
    db_url: str,
    workdir: Path,
) -> None:
    """The first report leaves the team by `route`."""
    leaver, stayers = world.reports[0], world.reports[1:]
    if route == "team":
        payload = view_submission(
            "checkin_team",
            {
                "team_reports": {
                    "reports": {"type": "multi_users_select", "selected_users": stayers}
                },
                "team_nudges": {"nudges": checkboxes_value(["on"])},
            },
            user_id=world.boss,
            team_id=world.team,
        )
        assert slack.interaction(payload).status_code == 200
    elif route == "chart":
        chart = workdir / f"{world.name}.csv"
        chart.write_text("user,manager\n" + "".join(f"{u},{world.boss}\n" for u in stayers))
        run_kindred(
            ["teams", "import", str(chart), "--team", world.team],
            standin,
            db_url,
            workdir,
            **MANY_WORKSPACES,
        )
    elif route == "not_my_manager":
        (note,) = kindred_messages(standin, leaver, "team_welcome")
        payload = block_action(
            "team_not_my_manager",
            world.boss,
            user_id=leaver,
            team_id=world.team,
            channel_id=standin.dm_channel_id(leaver),
            message=note,
            block_id="team_welcome",
        )
        assert slack.interaction(payload).status_code == 200
    else:
        payload = view_submission("checkin_forget", {}, user_id=leaver, team_id=world.team)
        assert slack.interaction(payload).status_code == 200


def on_team(database: Engine, world: World) -> list[str]:
    with Session(database) as session:
        rows = session.scalars(
            select(Member.user_id).where(
                Member.team_id == world.team, Member.manager_user_id == world.boss
            )
        )
        return sorted(rows)


# Week 1 answers of the leaver and of the first stayer in each world; the rest are the same.
WORLD_ANSWERS = {"A": (1, 5), "B": (5, 1), "C": (2, 5)}
OTHERS_WEEK1 = (3, 4, 3, 4)
WEEK2 = (4, 3, 4, 3, 2)


async def test_leaving_by_any_route_between_two_nudges_reveals_nothing(
    runtime: Runtime,
    slack: SlackSender,
    standin: SlackStandIn,
    database: Engine,
    db_url: str,
    tmp_path: Path,
    clock: Callable[[datetime], None],
) -> None:
    worlds = {
        (route, w): World(f"{i}{w}")
        for i, route in enumerate(ROUTES, start=1)
        for w in WORLD_ANSWERS
    }
    await set_up(runtime, standin, list(worlds.values()), MONDAY1 - timedelta(days=20))

    # Week 1: six of the seven answer (the leaver too); nobody shares.
    clock(MONDAY1 - timedelta(days=2))
    for (_, w), world in worlds.items():
        moods = (*WORLD_ANSWERS[w], *OTHERS_WEEK1)
        for user, mood in zip(world.reports, moods, strict=False):
            check_in(slack, database, world, user, mood)
    run_nudges(standin, db_url, MONDAY1, tmp_path, **MANY_WORKSPACES)

    clock(MONDAY1 + timedelta(days=1))
    for (route, _), world in worlds.items():
        leave(route, world, slack, standin, db_url, tmp_path)
    for world in worlds.values():
        wait_until(lambda world=world: len(on_team(database, world)) == 6, "the leave")

    # Week 2: five of the six who are left answer.
    clock(MONDAY2 - timedelta(days=2))
    for world in worlds.values():
        for user, mood in zip(world.reports[1:], WEEK2, strict=False):
            check_in(slack, database, world, user, mood)
    run_nudges(standin, db_url, MONDAY2, tmp_path, **MANY_WORKSPACES)

    for call in standin.calls("chat.postMessage"):
        assert_valid_call(call.method, call.params)
    for route in ROUTES:
        a, b, c = (seen_by(standin, worlds[route, w]) for w in WORLD_ANSWERS)
        nudges = kindred_messages(standin, worlds[route, "A"].boss, "manager_nudge")
        assert len(nudges) == 2, route
        week1, week2 = (json.dumps(n["blocks"]) for n in nudges)
        assert "6 people checked in privately, average *3.3*" in week1, route
        assert "5 people checked in privately, average *3.2*" in week2, route
        # The team changed in between: no comparison, so nothing to subtract.
        assert "No comparison with the week before" in week2, route
        assert a == b, f"{route}: swapping two answers changed what the manager saw"
        assert a != c, f"{route}: other answers should show other figures"


def team_request(standin: SlackStandIn, user: str) -> dict[str, Any]:
    (message,) = kindred_messages(standin, user, "team_request")
    return message


def press(slack: SlackSender, standin: SlackStandIn, world: World, user: str, action: str) -> None:
    message = team_request(standin, user)
    (value,) = [
        e["value"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action
    ]
    payload = block_action(
        action,
        value,
        user_id=user,
        team_id=world.team,
        channel_id=standin.dm_channel_id(user),
        message=message,
        block_id="team_request",
    )
    assert slack.interaction(payload).status_code == 200


def choose_team(slack: SlackSender, world: World, manager: str, reports: list[str]) -> None:
    payload = view_submission(
        "checkin_team",
        {
            "team_reports": {"reports": {"type": "multi_users_select", "selected_users": reports}},
            "team_nudges": {"nudges": checkboxes_value(["on"])},
        },
        user_id=manager,
        team_id=world.team,
    )
    assert slack.interaction(payload).status_code == 200


async def test_a_colleague_cannot_take_over_a_team_without_each_person_saying_yes(
    runtime: Runtime,
    slack: SlackSender,
    standin: SlackStandIn,
    database: Engine,
    db_url: str,
    tmp_path: Path,
    clock: Callable[[datetime], None],
) -> None:
    world = World("9")
    colleague = "U9COLLEAGUE"
    standin.add_user(colleague, tz="Europe/Berlin")
    world.reports = world.reports[:6]
    await set_up(runtime, standin, [world], MONDAY1 - timedelta(days=20))

    clock(MONDAY1 - timedelta(days=2))
    check_in(slack, database, world, world.reports[0], 2, share=True)
    for user, mood in zip(world.reports[1:], (3, 4, 4, 3, 5), strict=True):
        check_in(slack, database, world, user, mood)
    clock(MONDAY1 - timedelta(days=1))
    choose_team(slack, world, colleague, world.reports)
    wait_until(
        lambda: any("asked to join" in str(m.get("text")) for m in standin.messages()),
        "the colleague's confirmation",
    )
    assert on_team(database, world) == world.reports  # nothing changed
    run_nudges(standin, db_url, MONDAY1, tmp_path)

    # Everyone was asked; the real manager still has her team, her nudge and the shared note.
    for user in world.reports:
        assert f"<@{colleague}> would like to add you" in team_request(standin, user)["text"]
    (nudge,) = kindred_messages(standin, world.boss, "manager_nudge")
    text = json.dumps(nudge["blocks"])
    assert "your team of 6" in text and "5 or more people checked in privately" in text
    assert f"<@{world.reports[0]}> shared on Saturday: not feeling great" in text
    assert kindred_messages(standin, colleague, "manager_nudge") == []

    # Her Home shows the pulse as the nudge showed it, who shared, and her nudge; a report's
    # Home is a member's Home.
    for user in (world.boss, world.reports[3]):
        assert slack.event(app_home_opened(user), team_id=world.team).status_code == 200
    wait_until(lambda: len(standin.calls("views.publish")) == 2, "both Home tabs")
    homes = {
        c.params["user_id"]: json.dumps(c.params["view"]) for c in standin.calls("views.publish")
    }
    for call in standin.calls("views.publish"):
        assert_valid_call(call.method, call.params)
    assert "Your team in Kindred:* 6 people" in homes[world.boss]
    assert "latest: average *3.8*, 5 or more checked in privately" in homes[world.boss]
    assert f"Shared with you this week:* <@{world.reports[0]}>" in homes[world.boss]
    assert "Your weekly nudge:* Mondays at 09:30" in homes[world.boss]
    assert "Your team in Kindred" not in homes[world.reports[3]]

    # One person says yes, one says no: only the one who accepted moves, and she is told.
    clock(MONDAY1 + timedelta(hours=1))
    press(slack, standin, world, world.reports[1], "team_request_accept")
    press(slack, standin, world, world.reports[2], "team_request_decline")
    wait_until(lambda: len(on_team(database, world)) == 5, "the move")
    run_nudges(standin, db_url, MONDAY1 + timedelta(hours=1), tmp_path)
    (moved,) = kindred_messages(standin, world.boss, "team_moved")
    assert f"<@{world.reports[1]}> is no longer on your team" in moved["text"]
    with Session(database) as session:
        moved_to = session.scalars(
            select(Member.user_id).where(Member.manager_user_id == colleague)
        ).all()
    assert moved_to == [world.reports[1]]


async def test_removing_and_adding_again_never_makes_a_shared_check_in_count(
    runtime: Runtime,
    slack: SlackSender,
    standin: SlackStandIn,
    database: Engine,
    db_url: str,
    tmp_path: Path,
    clock: Callable[[datetime], None],
) -> None:
    worlds = [World("5A"), World("5B")]
    for world in worlds:
        world.reports = world.reports[:6]
    await set_up(runtime, standin, worlds, MONDAY1 - timedelta(days=20))
    clock(MONDAY1 - timedelta(days=3))
    for world, private in zip(worlds, [(1, 5, 3, 4), (5, 1, 3, 4)], strict=True):
        check_in(slack, database, world, world.reports[0], 2, share=True)
        for user, mood in zip(world.reports[1:], private, strict=False):
            check_in(slack, database, world, user, mood)
    # Out, then back in (and he says yes): the shared check-in is still known to her.
    clock(MONDAY1 - timedelta(days=2))
    for world in worlds:
        choose_team(slack, world, world.boss, world.reports[1:])
        wait_until(lambda world=world: len(on_team(database, world)) == 5, "the removal")
        choose_team(slack, world, world.boss, world.reports)
    run_nudges(standin, db_url, MONDAY1 - timedelta(days=2), tmp_path)
    clock(MONDAY1 - timedelta(days=1))
    for world in worlds:
        press(slack, standin, world, world.reports[0], "team_request_accept")
        wait_until(lambda world=world: len(on_team(database, world)) == 6, "the return")
    run_nudges(standin, db_url, MONDAY1, tmp_path)

    first, second = (seen_by(standin, world) for world in worlds)
    assert "not enough check-ins to show yet" in first  # four private answers: k - 1
    assert first == second

"""Teams: org-chart CSVs (bad rows by line number), replacing the chart, managers' own choice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.runtime import Runtime
from bot.services import teams
from bot.services.teams import OrgRow, Person, RowProblem
from bot.store.models import Delivery, Member

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TEAM = "T0KINDRED"

DIRECTORY = {
    "ada@example.com": Person("U0ADA", "Europe/Berlin", True),
    "bo@example.com": Person("U0BO", "America/Los_Angeles", True),
    "gone@example.com": Person("U0GONE", None, False),
}


async def lookup(email: str) -> Person | None:
    return DIRECTORY.get(email)


def test_parse_reads_ids_and_emails_and_reports_bad_rows_by_line() -> None:
    chart = teams.parse_org_csv(
        "\ufeffUser, Manager\n"
        "U0AAA,U0BOSS\n"
        "\n"
        "Ada@Example.com,U0BOSS\n"
        "U0BOSS,\n"
        ",U0BOSS\n"
        "not a person,U0BOSS\n"
        "U0CCC,someone\n"
        "U0DDD\n"
        '"U0EEE","bo@example.com"\n'
    )
    assert chart.rows == [
        OrgRow(2, "U0AAA", "U0BOSS"),
        OrgRow(4, "ada@example.com", "U0BOSS"),
        OrgRow(5, "U0BOSS", None),
        OrgRow(10, "U0EEE", "bo@example.com"),
    ]
    assert [p.line for p in chart.problems] == [6, 7, 8, 9]
    assert chart.problems[0] == RowProblem(6, "the user cell is empty")
    assert "neither a Slack user ID" in chart.problems[1].reason
    assert "'someone'" in chart.problems[2].reason
    assert chart.problems[3].reason == "expected two cells: user,manager"
    assert chart.emails() == {"ada@example.com", "bo@example.com"}


def test_extra_columns_are_ignored_and_column_order_is_free() -> None:
    chart = teams.parse_org_csv("name,manager,user\nAda,U0BOSS,U0ADA\n")
    assert chart.rows == [OrgRow(2, "U0ADA", "U0BOSS")]


@pytest.mark.parametrize("text", ["", "\n\n", "email,boss\nU1,U2\n"])
def test_a_file_without_the_header_is_refused_whole(text: str) -> None:
    with pytest.raises(teams.OrgChartError):
        teams.parse_org_csv(text)


async def test_resolve_turns_emails_into_ids_and_refuses_bad_rows() -> None:
    chart = teams.parse_org_csv(
        "user,manager\n"
        "ada@example.com,U0BOSS\n"  # 2
        "nobody@example.com,U0BOSS\n"  # 3
        "U0BOSS,U0BOSS\n"  # 4
        "U0ADA,U0OTHER\n"  # 5: Ada again, by ID
        "gone@example.com,U0BOSS\n"  # 6
        "U0CCC,bo@example.com\n"  # 7
        "U0BOSS,\n"  # 8
    )
    resolved = await teams.resolve_chart(chart, lookup)
    assert resolved.links == {"U0ADA": "U0BOSS", "U0CCC": "U0BO", "U0BOSS": None}
    assert [(p.line, p.reason) for p in resolved.problems] == [
        (3, "nobody in this Slack workspace has the email nobody@example.com"),
        (4, "U0BOSS is their own manager"),
        (5, "U0ADA already has a row, on line 2"),
        (6, "gone@example.com belongs to a deactivated account or a bot"),
    ]
    assert resolved.zones == {"U0ADA": "Europe/Berlin", "U0BO": "America/Los_Angeles"}


async def members(runtime: Runtime) -> dict[str, Member]:
    async with runtime.db.session() as session:
        return {m.user_id: m for m in await session.scalars(select(Member))}


async def welcomes(runtime: Runtime) -> list[tuple[str, str | None]]:
    """Each team note enqueued: who to, and the manager it would name if sent now."""
    async with runtime.db.session() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.kind == teams.TEAM_WELCOME).order_by(Delivery.id)
        )
        return [
            (row.recipient, await teams.manager_linked_at(session, TEAM, row.recipient, row.period))
            for row in rows
        ]


async def test_replacing_the_chart_links_unlinks_and_welcomes_newcomers_once(
    runtime: Runtime,
) -> None:
    async with runtime.db.session() as session:
        change = await teams.replace_chart(
            session,
            TEAM,
            {"U0ADA": "U0BOSS", "U0BEA": "U0BOSS", "U0BOSS": None},
            NOW,
            zones={"U0ADA": "Europe/Berlin"},
        )
    assert (sorted(change.added), change.removed) == ([("U0ADA", "U0BOSS"), ("U0BEA", "U0BOSS")], 0)
    found = await members(runtime)
    assert {u: m.manager_user_id for u, m in found.items()} == {
        "U0ADA": "U0BOSS",
        "U0BEA": "U0BOSS",
        "U0BOSS": None,
    }
    assert found["U0ADA"].tz == "Europe/Berlin" and found["U0ADA"].tz_checked_at == NOW
    assert found["U0BEA"].tz_checked_at is None  # read from Slack by the next cycle
    assert found["U0ADA"].manager_since == NOW
    assert await welcomes(runtime) == [("U0ADA", "U0BOSS"), ("U0BEA", "U0BOSS")]

    # Re-importing replaces the chart: Bea is not in it any more, Ada moves, Cy is new.
    later = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    async with runtime.db.session() as session:
        change = await teams.replace_chart(
            session, TEAM, {"U0ADA": "U0NEW", "U0CY": "U0BOSS"}, later
        )
    assert (sorted(change.added), change.removed) == ([("U0ADA", "U0NEW"), ("U0CY", "U0BOSS")], 1)
    found = await members(runtime)
    assert {u: m.manager_user_id for u, m in found.items()} == {
        "U0ADA": "U0NEW",
        "U0BEA": None,
        "U0BOSS": None,
        "U0CY": "U0BOSS",
        "U0NEW": None,
    }
    assert found["U0ADA"].manager_since == later
    # Ada moved from one manager to another: the manager she left is told.
    assert await deliveries(runtime, teams.TEAM_MOVED) == [("U0BOSS", teams.link_period(later))]
    async with runtime.db.session() as session:
        assert await teams.moved_away(session, TEAM, "U0BOSS", teams.link_period(later)) == [
            "U0ADA"
        ]
    # Ada's first note is out of date (a newer one names her new manager); Bea left the team.
    assert await welcomes(runtime) == [
        ("U0ADA", None),
        ("U0BEA", None),
        ("U0ADA", "U0NEW"),
        ("U0CY", "U0BOSS"),
    ]

    # The same chart again changes nothing and welcomes nobody.
    async with runtime.db.session() as session:
        change = await teams.replace_chart(
            session, TEAM, {"U0ADA": "U0NEW", "U0CY": "U0BOSS"}, later
        )
    assert (change.added, change.removed, change.unchanged) == ([], 0, 2)
    assert len(await welcomes(runtime)) == 4


async def deliveries(runtime: Runtime, kind: str) -> list[tuple[str, str]]:
    async with runtime.db.session() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id)
        )
        return [(row.recipient, row.period) for row in rows]


async def reports_of(runtime: Runtime, manager: str) -> list[str]:
    async with runtime.db.session() as session:
        return await teams.current_reports(session, TEAM, manager)


async def answer(runtime: Runtime, user: str, accept: bool, when: datetime = NOW) -> str | None:
    async with runtime.db.session() as session:
        (request,) = [
            r
            for manager in ("U0BOSS", "U0COLLEAGUE")
            for r in await teams.pending_requests(session, TEAM, manager)
            if r.user_id == user
        ]
        return await teams.answer_request(session, TEAM, user, request.id, accept, when)


async def test_a_manager_removes_at_once_and_asks_before_adding(runtime: Runtime) -> None:
    async with runtime.db.session() as session:
        await teams.replace_chart(session, TEAM, {"U0ADA": "U0OTHER", "U0BEA": "U0BOSS"}, NOW)
    async with runtime.db.session() as session:
        change = await teams.set_reports(session, TEAM, "U0BOSS", ["U0ADA", "U0CY", "U0BOSS"], NOW)
    assert (change.added, change.removed, change.requested) == ([], 1, ["U0ADA", "U0CY"])
    # Bea was not chosen and left at once; Ada stays with her manager until she answers.
    assert await reports_of(runtime, "U0BOSS") == []
    assert await reports_of(runtime, "U0OTHER") == ["U0ADA"]
    requests = await deliveries(runtime, teams.TEAM_REQUEST)
    assert [user for user, _ in requests] == ["U0ADA", "U0CY"]

    # Saving the same choice again asks nobody twice.
    async with runtime.db.session() as session:
        again = await teams.set_reports(session, TEAM, "U0BOSS", ["U0ADA", "U0CY"], NOW)
    assert again.requested == [] and len(await deliveries(runtime, teams.TEAM_REQUEST)) == 2

    # Only the person asked can answer; Ada declines, Cy accepts.
    async with runtime.db.session() as session:
        (ada_request, _) = await teams.pending_requests(session, TEAM, "U0BOSS")
        assert await teams.answer_request(session, TEAM, "U0CY", ada_request.id, True, NOW) is None
    assert await answer(runtime, "U0ADA", accept=False) == "U0BOSS"
    assert await answer(runtime, "U0CY", accept=True) == "U0BOSS"
    assert await reports_of(runtime, "U0BOSS") == ["U0CY"]
    assert await reports_of(runtime, "U0OTHER") == ["U0ADA"]
    assert await deliveries(runtime, teams.TEAM_MOVED) == []  # Cy had no manager to tell

    # Asked again later, Ada accepts: she moves, and the manager she leaves is told.
    later = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    async with runtime.db.session() as session:
        await teams.set_reports(session, TEAM, "U0BOSS", ["U0CY", "U0ADA"], later)
    assert await answer(runtime, "U0ADA", accept=True, when=later) == "U0BOSS"
    assert await reports_of(runtime, "U0OTHER") == []
    ((told, period),) = await deliveries(runtime, teams.TEAM_MOVED)
    async with runtime.db.session() as session:
        assert (told, await teams.moved_away(session, TEAM, told, period)) == ("U0OTHER", ["U0ADA"])

    # A request left out of the next save is withdrawn, and its message is then not sent.
    async with runtime.db.session() as session:
        await teams.set_reports(session, TEAM, "U0BOSS", ["U0CY", "U0ADA", "U0DEE"], later)
        await teams.set_reports(session, TEAM, "U0BOSS", ["U0CY", "U0ADA"], later)
        assert await teams.pending_requests(session, TEAM, "U0BOSS") == []
        assert await teams.request_of(session, TEAM, "R999") is None

    async with runtime.db.session() as session:
        assert await teams.leave_team(session, TEAM, "U0ADA", "U0BOSS", later)
        assert not await teams.leave_team(session, TEAM, "U0ADA", "U0BOSS", later)
        assert not await teams.leave_team(session, TEAM, "U0CY", "U0OTHER", later)
    assert await reports_of(runtime, "U0BOSS") == ["U0CY"]


async def test_nobody_can_change_another_managers_team(runtime: Runtime) -> None:
    reports = ["U0ADA", "U0BEA", "U0CY"]
    async with runtime.db.session() as session:
        await teams.replace_chart(session, TEAM, dict.fromkeys(reports, "U0BOSS"), NOW)
    async with runtime.db.session() as session:
        change = await teams.set_reports(session, TEAM, "U0COLLEAGUE", reports, NOW)
    assert (change.added, change.removed, change.requested) == ([], 0, reports)
    assert await reports_of(runtime, "U0BOSS") == reports
    assert await reports_of(runtime, "U0COLLEAGUE") == []
    # Her emptying her own (empty) team touches nobody else's either.
    async with runtime.db.session() as session:
        await teams.set_reports(session, TEAM, "U0COLLEAGUE", [], NOW)
    assert await reports_of(runtime, "U0BOSS") == reports

"""Teams: who reports to whom, from the org chart or from the report's own consent.

- The org chart (`kindred teams import`, run by an operator) is authoritative: it links and
  unlinks at once. Whoever joins a team that way gets a short note on what that manager can and
  cannot see (the `team_welcome` delivery, keyed by when the link was made).
- Anyone may use `/checkin team`, and only for their own team: removing someone takes effect at
  once; adding someone makes a *request* (the `team_request` delivery, with Accept and Decline).
  Until the person accepts, nothing of theirs counts for or reaches that manager, and whoever
  manages them now keeps them.
- When someone moves from one manager to another (accepting a request, or a new org chart), the
  manager they leave is told (the `team_moved` delivery).

Only Slack user IDs are stored (emails in a CSV are resolved at import time and forgotten).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import outbox
from bot.services.members import ensure_member, get_member, record_time_zone
from bot.services.outbox import Due
from bot.services.workspaces import ensure_workspaces
from bot.store.models import Member, TeamRequest

TEAM_WELCOME = "team_welcome"
TEAM_REQUEST = "team_request"
TEAM_MOVED = "team_moved"
HEADER = ("user", "manager")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,15}$")
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class OrgChartError(Exception):
    """The file as a whole cannot be used (no header, not text); nothing was changed."""


@dataclass(frozen=True)
class RowProblem:
    """A row that was not imported, and why, by its line number in the file."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class OrgRow:
    """One usable row as written: each cell a Slack user ID or a lower-cased email."""

    line: int
    user: str
    manager: str | None


@dataclass
class ParsedChart:
    """The rows of an org-chart CSV that look right, and the ones that do not."""

    rows: list[OrgRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def emails(self) -> set[str]:
        """Every email the rows mention, to resolve to user IDs."""
        cells = [cell for row in self.rows for cell in (row.user, row.manager) if cell]
        return {cell for cell in cells if "@" in cell}


@dataclass(frozen=True)
class Person:
    """What the Slack directory says about someone named by email in the chart."""

    user_id: str
    tz: str | None
    reachable: bool


EmailLookup = Callable[[str], Awaitable[Person | None]]


@dataclass
class ResolvedChart:
    """Links user -> manager (None: has no manager) by user ID, with the rows left out."""

    links: dict[str, str | None] = field(default_factory=dict)
    zones: dict[str, str | None] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class TeamChange:
    """What changed: new links (user, manager), how many were removed, and requests made."""

    added: list[tuple[str, str]] = field(default_factory=list)
    removed: int = 0
    unchanged: int = 0
    requested: list[str] = field(default_factory=list)
    moved_from: set[str] = field(default_factory=set)  # managers someone moved away from


def _cell(value: str) -> str | None:
    """A cell as a user ID or lower-cased email; None when it is neither."""
    value = value.strip()
    if USER_ID.match(value):
        return value
    if EMAIL.match(value):
        return value.lower()
    return None


def parse_org_csv(text: str) -> ParsedChart:
    """Read an org chart: a header naming `user` and `manager` columns, then one row a person.

    A blank manager cell means the person has no manager (the top of the chart). Each bad row
    becomes a RowProblem with its line number; the other rows are still returned.
    """
    text = text.removeprefix("\ufeff")  # spreadsheets often save UTF-8 with a byte-order mark
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    chart = ParsedChart()
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                if not set(HEADER) <= set(header):
                    raise OrgChartError(
                        f"line {line} should be the header `user,manager` "
                        f"(found {','.join(cells)!r})"
                    )
                user_at, manager_at = header.index("user"), header.index("manager")
                continue
            if len(cells) <= max(user_at, manager_at):
                chart.problems.append(RowProblem(line, "expected two cells: user,manager"))
                continue
            user_cell, manager_cell = cells[user_at].strip(), cells[manager_at].strip()
            if not user_cell:
                chart.problems.append(RowProblem(line, "the user cell is empty"))
                continue
            user, manager = _cell(user_cell), _cell(manager_cell) if manager_cell else None
            if user is None:
                chart.problems.append(RowProblem(line, _not_a_person(user_cell)))
            elif manager_cell and manager is None:
                chart.problems.append(RowProblem(line, _not_a_person(manager_cell)))
            else:
                chart.rows.append(OrgRow(line, user, manager))
    except csv.Error as exc:
        raise OrgChartError(f"line {reader.line_num} is not valid CSV ({exc})") from None
    if header is None:
        raise OrgChartError("the file is empty: it needs the header `user,manager` and rows")
    return chart


def _not_a_person(cell: str) -> str:
    return f"{cell!r} is neither a Slack user ID (U…) nor an email address"


async def resolve_chart(chart: ParsedChart, lookup: EmailLookup) -> ResolvedChart:
    """Turn emails into user IDs and check each row; later duplicates of a user are refused.

    `lookup` asks the Slack directory (users.lookupByEmail); it returns None for an email
    nobody in the workspace has, and raises for anything else (the import then stops, with
    nothing changed, rather than dropping people because Slack had a bad minute).
    """
    people: dict[str, Person | None] = {}
    for email in sorted(chart.emails()):
        people[email] = await lookup(email)
    resolved = ResolvedChart(problems=list(chart.problems))
    first_line: dict[str, int] = {}

    def user_id(cell: str, line: int) -> str | None:
        if "@" not in cell:
            return cell
        person = people.get(cell)
        if person is None:
            resolved.problems.append(
                RowProblem(line, f"nobody in this Slack workspace has the email {cell}")
            )
            return None
        if not person.reachable:
            resolved.problems.append(
                RowProblem(line, f"{cell} belongs to a deactivated account or a bot")
            )
            return None
        resolved.zones[person.user_id] = person.tz
        return person.user_id

    for row in chart.rows:
        user = user_id(row.user, row.line)
        if user is None:
            continue
        manager = user_id(row.manager, row.line) if row.manager else None
        if row.manager and manager is None:
            continue
        if user == manager:
            resolved.problems.append(RowProblem(row.line, f"{row.user} is their own manager"))
        elif user in first_line:
            resolved.problems.append(
                RowProblem(row.line, f"{row.user} already has a row, on line {first_line[user]}")
            )
        else:
            first_line[user] = row.line
            resolved.links[user] = manager
    resolved.problems.sort(key=lambda problem: problem.line)
    return resolved


async def _members(session: AsyncSession, team_id: str) -> dict[str, Member]:
    rows = await session.scalars(select(Member).where(Member.team_id == team_id))
    return {member.user_id: member for member in rows}


def _link(member: Member, manager: str | None, now: datetime, change: TeamChange) -> None:
    if member.manager_user_id == manager:
        change.unchanged += 1
        return
    if manager is None:
        change.removed += 1
    else:
        change.added.append((member.user_id, manager))
        if member.manager_user_id is not None:
            change.moved_from.add(member.manager_user_id)
    member.previous_manager_user_id = member.manager_user_id
    member.manager_user_id = manager
    member.manager_since = now


def link_period(manager_since: datetime) -> str:
    """The outbox period of a team note: when the link was made, to the second (15 chars)."""
    return manager_since.astimezone(UTC).strftime("%Y%m%dT%H%M%S")


async def _tell(session: AsyncSession, team_id: str, change: TeamChange, now: datetime) -> None:
    """Enqueue the note for everyone who joined a team, and one for each manager left."""
    period = link_period(now)
    due = [Due(team_id, user, TEAM_WELCOME, period) for user, _ in change.added]
    due += [Due(team_id, manager, TEAM_MOVED, period) for manager in sorted(change.moved_from)]
    await outbox.enqueue(session, due, now)


async def replace_chart(
    session: AsyncSession,
    team_id: str,
    links: dict[str, str | None],
    now: datetime,
    zones: dict[str, str | None] | None = None,
) -> TeamChange:
    """Make the workspace's org chart exactly `links` (user -> manager or None).

    Everyone not in `links` loses their manager link; people named only as managers get a
    member row so their time zone is read and their nudge can be scheduled.
    """
    await ensure_workspaces(session, [team_id])
    members = await _members(session, team_id)
    wanted = set(links) | {m for m in links.values() if m}
    for user_id in sorted(wanted - set(members)):
        member = Member(team_id=team_id, user_id=user_id)
        session.add(member)
        members[user_id] = member
    for user_id, tz in (zones or {}).items():
        if tz and user_id in members:
            record_time_zone(members[user_id], tz, now)
    change = TeamChange()
    for user_id, member in sorted(members.items()):
        if user_id in links:
            _link(member, links[user_id], now, change)
        elif member.manager_user_id is not None:
            _link(member, None, now, change)
    await session.flush()
    await _tell(session, team_id, change, now)
    return change


async def current_reports(session: AsyncSession, team_id: str, manager_id: str) -> list[str]:
    """The user IDs of `manager_id`'s reports, in a stable order."""
    rows = await session.scalars(
        select(Member.user_id)
        .where(Member.team_id == team_id, Member.manager_user_id == manager_id)
        .order_by(Member.user_id)
    )
    return list(rows)


async def set_reports(
    session: AsyncSession, team_id: str, manager_id: str, reports: Iterable[str], now: datetime
) -> TeamChange:
    """`manager_id` chose `reports` as their team in `/checkin team`.

    Their own reports who are not chosen leave at once. Everyone else chosen is *asked*: a
    request each (once; saving again does not ask again), which changes nothing until they
    accept. Requests for people no longer chosen are withdrawn. Nobody else's team changes.
    """
    chosen = set(reports) - {manager_id}
    await ensure_member(session, team_id, manager_id)
    change = TeamChange()
    mine = await _reports(session, team_id, manager_id)
    for member in mine:
        if member.user_id in chosen:
            change.unchanged += 1
        else:
            _link(member, None, now, change)
    asked = {r.user_id: r for r in await pending_requests(session, team_id, manager_id)}
    for request in asked.values():
        if request.user_id not in chosen:
            await session.delete(request)
    current = {member.user_id for member in mine}
    new = [
        TeamRequest(team_id=team_id, user_id=user, manager_user_id=manager_id, created_at=now)
        for user in sorted(chosen - current - set(asked))
    ]
    session.add_all(new)
    await session.flush()
    change.requested = [request.user_id for request in new]
    await outbox.enqueue(
        session, [Due(team_id, r.user_id, TEAM_REQUEST, request_period(r.id)) for r in new], now
    )
    return change


async def _reports(session: AsyncSession, team_id: str, manager_id: str) -> list[Member]:
    rows = await session.scalars(
        select(Member)
        .where(Member.team_id == team_id, Member.manager_user_id == manager_id)
        .order_by(Member.user_id)
    )
    return list(rows)


def request_period(request_id: int) -> str:
    """The outbox period of a team request's message: the request's own id."""
    return f"R{request_id}"


async def pending_requests(
    session: AsyncSession, team_id: str, manager_id: str
) -> list[TeamRequest]:
    """The requests `manager_id` made that nobody has answered yet."""
    rows = await session.scalars(
        select(TeamRequest)
        .where(TeamRequest.team_id == team_id, TeamRequest.manager_user_id == manager_id)
        .order_by(TeamRequest.user_id)
    )
    return list(rows)


async def request_of(session: AsyncSession, team_id: str, period: str) -> TeamRequest | None:
    """The request a `team_request` message is about, while nobody has answered it."""
    request_id = period.removeprefix("R")
    if not request_id.isdigit():
        return None
    request = await session.get(TeamRequest, int(request_id))
    return request if request is not None and request.team_id == team_id else None


async def answer_request(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    request_id: int,
    accept: bool,
    now: datetime,
) -> str | None:
    """`user_id` accepts or declines request `request_id`; the manager who asked, or None.

    None when the request is not theirs or was already answered or withdrawn. Accepting moves
    them onto that team (and tells the manager they leave, if any).
    """
    request = await session.get(TeamRequest, request_id)
    if request is None or request.team_id != team_id or request.user_id != user_id:
        return None
    manager_id = request.manager_user_id
    await session.delete(request)
    if accept:
        member = await ensure_member(session, team_id, user_id)
        change = TeamChange()
        if member.manager_user_id != manager_id:
            _link(member, manager_id, now, change)
        await session.flush()
        # They said yes in the request itself, so no separate welcome note; only the move.
        moved = [Due(team_id, m, TEAM_MOVED, link_period(now)) for m in sorted(change.moved_from)]
        await outbox.enqueue(session, moved, now)
    return manager_id


async def moved_away(
    session: AsyncSession, team_id: str, manager_id: str, period: str
) -> list[str]:
    """Who moved from `manager_id`'s team to another at the instant `period` (still there)."""
    rows = await session.scalars(
        select(Member)
        .where(
            Member.team_id == team_id,
            Member.previous_manager_user_id == manager_id,
            Member.manager_user_id.is_not(None),
            Member.manager_user_id != manager_id,
        )
        .order_by(Member.user_id)
    )
    return [m.user_id for m in rows if m.manager_since and link_period(m.manager_since) == period]


async def leave_team(
    session: AsyncSession, team_id: str, user_id: str, manager_id: str, now: datetime
) -> bool:
    """Take `user_id` off `manager_id`'s team, if they are still on it ("not my manager")."""
    member = await get_member(session, team_id, user_id)
    if member is None or member.manager_user_id != manager_id:
        return False
    _link(member, None, now, TeamChange())
    return True


async def manager_linked_at(
    session: AsyncSession, team_id: str, user_id: str, period: str
) -> str | None:
    """The manager of `user_id` if their link is still the one made at `period`, else None."""
    member = await get_member(session, team_id, user_id)
    if member is None or member.manager_user_id is None or member.manager_since is None:
        return None
    return member.manager_user_id if link_period(member.manager_since) == period else None

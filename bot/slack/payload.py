"""Who and where a Slack request comes from, for every payload shape (including Enterprise Grid).

Slack spells the workspace differently per surface, and an org-wide install on Enterprise Grid
sends `"team": null` in some interaction payloads and `team_id: null` in event authorizations.
Every listener reads the sender through `origin_of`, so none of them has to know the shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ORIGIN_KEY = "origin"


@dataclass(frozen=True)
class Origin:
    """The workspace (`T…`), its Grid org (`E…`) if any, and the person (`U…` or `W…`)."""

    team_id: str
    user_id: str
    enterprise_id: str | None = None
    is_enterprise_install: bool = False


def _id(value: Any) -> str | None:
    """An id given as a string or as an object with an `id`."""
    if isinstance(value, dict):
        value = value.get("id")
    return str(value) if value else None


def _dict(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (Slack sends null for some)."""
    return value if isinstance(value, dict) else {}


def _team_id(body: dict[str, Any]) -> str | None:
    user, view, event = _dict(body.get("user")), _dict(body.get("view")), _dict(body.get("event"))
    # Interactions: `team` (null for org-wide installs), then the person's own workspace.
    # Commands and events: `team_id` (authorizations[].team_id is null for org-wide installs).
    for candidate in (
        body.get("team"),
        user.get("team_id"),
        body.get("team_id"),
        view.get("team_id"),
        event.get("team"),
        event.get("user_team"),
    ):
        found = _id(candidate)
        if found and not found.startswith("E"):
            return found
    return None


def _enterprise_id(body: dict[str, Any]) -> str | None:
    team = _dict(body.get("team"))
    authorizations = body.get("authorizations") or [{}]
    for candidate in (
        body.get("enterprise"),
        body.get("enterprise_id"),
        team.get("enterprise_id"),
        _dict(authorizations[0]).get("enterprise_id"),
        body.get("context_enterprise_id"),
    ):
        found = _id(candidate)
        if found:
            return found
    return None


def _user_id(body: dict[str, Any]) -> str:
    event = _dict(body.get("event"))
    return _id(body.get("user")) or _id(body.get("user_id")) or _id(event.get("user")) or ""


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def origin_of(body: dict[str, Any]) -> Origin:
    """Where a command, interaction or event came from.

    Raises ValueError for a payload that names no workspace at all (Slack always sends one).
    """
    team_id = _team_id(body)
    if team_id is None:
        raise ValueError("the request names no workspace")
    authorizations = body.get("authorizations") or [{}]
    return Origin(
        team_id=team_id,
        user_id=_user_id(body),
        enterprise_id=_enterprise_id(body),
        is_enterprise_install=_flag(body.get("is_enterprise_install"))
        or _flag(_dict(authorizations[0]).get("is_enterprise_install")),
    )


def request_origin(context: Mapping[str, Any]) -> Origin:
    """The Origin that Kindred's middleware (bot/app.py) read from the request being handled."""
    found = context.get(ORIGIN_KEY)
    if not isinstance(found, Origin):
        raise LookupError("this request names no workspace")
    return found


def granted_workspaces(body: dict[str, Any]) -> tuple[str | None, list[str]]:
    """The org and its workspaces of a `team_access_granted` event (an org-wide install)."""
    event = _dict(body.get("event"))
    teams = [str(team) for team in event.get("team_ids") or []]
    return _enterprise_id(body), teams

"""origin_of reads the workspace, org and person from every payload shape Slack sends."""

from __future__ import annotations

import pytest

from bot.slack.payload import Origin, granted_workspaces, origin_of


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A slash command in a Grid workspace (form fields).
        (
            {
                "team_id": "T1",
                "enterprise_id": "E1",
                "user_id": "W1",
                "is_enterprise_install": "true",
            },
            Origin("T1", "W1", "E1", True),
        ),
        # An org-wide install's view_submission: `team` is null, the workspace is the user's.
        (
            {
                "type": "view_submission",
                "team": None,
                "user": {"id": "W1", "team_id": "T1"},
                "enterprise": {"id": "E1", "name": "Org"},
                "is_enterprise_install": True,
                "view": {"team_id": "T1"},
            },
            Origin("T1", "W1", "E1", True),
        ),
        # A block action in a plain workspace.
        (
            {
                "team": {"id": "T2", "domain": "d"},
                "user": {"id": "U2", "team_id": "T2"},
                "enterprise": None,
                "is_enterprise_install": False,
            },
            Origin("T2", "U2", None, False),
        ),
        # An org-wide install's event: authorizations[0].team_id is null, team_id is not.
        (
            {
                "team_id": "T1",
                "enterprise_id": "E1",
                "event": {"type": "app_home_opened", "user": "W1"},
                "authorizations": [
                    {"enterprise_id": "E1", "team_id": None, "is_enterprise_install": True}
                ],
            },
            Origin("T1", "W1", "E1", True),
        ),
        # user_change carries the whole user object.
        (
            {"team_id": "T2", "event": {"type": "user_change", "user": {"id": "U9"}}},
            Origin("T2", "U9", None, False),
        ),
    ],
)
def test_origin_of_every_shape(body: dict[str, object], expected: Origin) -> None:
    assert origin_of(body) == expected


def test_a_payload_naming_no_workspace_is_refused() -> None:
    with pytest.raises(ValueError):
        origin_of({"enterprise_id": "E1", "event": {"type": "team_access_granted"}})


def test_granted_workspaces_of_an_org_wide_install() -> None:
    body = {"enterprise_id": "E1", "event": {"type": "team_access_granted", "team_ids": ["T1"]}}
    assert granted_workspaces(body) == ("E1", ["T1"])

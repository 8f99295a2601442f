"""New moments end to end: a thank-you to whoever made the week easier (and nothing of it kept),
and "what matters most this week", kept for the member's own Home only. Both databases.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.orm import Session

from bot.sandbox.signing import (
    SlackSender,
    app_home_opened,
    block_action,
    plain_text_value,
    radio_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn
from bot.store.models import WeeklyFocus
from tests.e2e.test_checkin import (  # noqa: F401  (fixtures)
    ADA,
    BOSS,
    GRACE,
    command,
    home_of,
    interaction,
    people,
    reply,
    server_env,
    view_text,
)
from tests.support.blockkit import assert_valid_call

FOCUS = "Ship the onboarding guide; the dashboard tidy-up can wait <!here>"


def everything_stored(engine: Engine) -> str:
    """Every row of every table, as text."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        dump = {
            name: [list(map(str, row)) for row in connection.execute(table.select())]
            for name, table in metadata.tables.items()
        }
    return json.dumps(dump)


def checkin_with_thanks(colleague: str | None, note: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "mood": {"mood": radio_value("4")},
        "note": {"note": plain_text_value(note)},
        "appreciate": {"appreciate": {"type": "users_select", "selected_user": colleague}},
    }
    return view_submission("checkin", values, user_id=ADA)


@pytest.mark.usefixtures("people")
def test_a_thank_you_goes_to_the_colleague_by_name_and_nothing_of_it_is_stored(
    slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    before = everything_stored(database)
    assert GRACE not in before
    answer = interaction(slack, checkin_with_thanks(GRACE, "A private note about my week")).json()
    assert f"Kindred sent <@{GRACE}> your thank-you" in view_text(answer["view"])
    (sent,) = standin.wait_for("chat.postMessage")
    assert sent.params["channel"] == GRACE
    assert f"<@{ADA}> wanted you to know: you made their week easier" in sent.params["text"]
    assert "private note" not in sent.params["text"]  # nothing of the check-in travels with it
    assert_valid_call(sent.method, sent.params)
    # Nothing anywhere in the database says who was thanked, or that anyone was.
    assert GRACE not in everything_stored(database)

    # No choice, no thank-you; choosing oneself sends nothing either.
    interaction(slack, checkin_with_thanks(None, "another"))
    interaction(slack, checkin_with_thanks(ADA, "and another"))
    assert len(standin.calls("chat.postMessage")) == 1


@pytest.mark.usefixtures("people")
def test_what_matters_most_is_kept_for_the_members_own_home_only(
    slack: SlackSender, standin: SlackStandIn, database: Engine
) -> None:
    slack.event(app_home_opened(ADA))
    home = home_of(standin, 1)
    assert "What matters most this week" in view_text(home)
    view = {"id": home["id"], "type": "home"}
    interaction(slack, block_action("focus_open", "home", user_id=ADA, view=view))
    (opened,) = standin.wait_for("views.open")
    window = opened.params["view"]
    assert "matters most this week, and what can wait?" in view_text(window)

    empty = view_submission(
        "weekly_focus",
        {"focus": {"focus": plain_text_value("   ")}},
        user_id=ADA,
        private_metadata=window["private_metadata"],
    )
    assert interaction(slack, empty).json()["response_action"] == "errors"
    kept = view_submission(
        "weekly_focus",
        {"focus": {"focus": plain_text_value(FOCUS)}},
        user_id=ADA,
        private_metadata=window["private_metadata"],
    )
    assert "Nobody else sees it" in view_text(interaction(slack, kept).json()["view"])
    mine = view_text(home_of(standin, 2))  # Home refreshed
    assert "Ship the onboarding guide" in mine and "<!here>" not in mine  # escaped

    # Grace's Home, and her manager's, never show it.
    slack.event(app_home_opened(GRACE))
    assert "onboarding" not in view_text(home_of(standin, 3))
    slack.event(app_home_opened(BOSS))
    assert "onboarding" not in view_text(home_of(standin, 4))
    with Session(database) as session:
        (row,) = session.scalars(select(WeeklyFocus))
        assert (row.user_id, row.text) == (ADA, FOCUS)

    # A new answer replaces the last (one per member); export has it, forget deletes it.
    again = view_submission(
        "weekly_focus", {"focus": {"focus": plain_text_value("Rest")}}, user_id=ADA
    )
    interaction(slack, again)
    with Session(database) as session:
        assert [r.text for r in session.scalars(select(WeeklyFocus))] == ["Rest"]
    command(slack, standin, "export")
    reply(standin, 1)
    exported = " ".join(c.params["text"] for c in standin.calls("chat.postMessage"))
    assert '"what_matters_most"' in exported and "Rest" in exported
    interaction(slack, view_submission("checkin_forget", {}, user_id=ADA))
    with Session(database) as session:
        assert list(session.scalars(select(WeeklyFocus))) == []

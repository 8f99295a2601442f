""" "Me too" on anonymous posts, end to end: one tap, a count, once per person, nobody named.

Runs on SQLite and on PostgreSQL (the `db_url` fixture).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from bot.sandbox.signing import block_action
from bot.sandbox.standin import SlackStandIn
from bot.store import db as store
from bot.store.models import PostFlag, PostMeToo
from tests.e2e.space_driver import MODS, SPACE, SpaceDriver, action_value, eventually, texts

ALICE, BOB, CAROL = "U0ALICE01", "U0BOBBY02", "U0CAROL03"


@pytest.fixture
def server_env(server_env: dict[str, str]) -> dict[str, str]:
    return server_env | {"KINDRED_PROCESSING_CHANNEL": SPACE, "KINDRED_MODERATORS": MODS}


def rows(db_url: str, model: type) -> list[Any]:
    engine = create_engine(store.sync_database_url(db_url))
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model.__table__)))
    finally:
        engine.dispose()


def me_too(space: SpaceDriver, user: str, post: dict[str, Any]) -> None:
    payload = block_action(
        "space_me_too",
        action_value(post, "space_me_too"),
        user_id=user,
        channel_id=SPACE,
        message=post,
        response_url=space.standin.response_url("actions"),
    )
    assert space.slack.interaction(payload).status_code == 200


def test_me_too_counts_each_person_once_and_stores_no_identity(
    space: SpaceDriver, standin: SlackStandIn, db_url: str
) -> None:
    post = space.share(ALICE, "I keep feeling behind on everything")
    assert "feel this too" not in texts(post)

    me_too(space, BOB, post)
    eventually(lambda: "1 person feels this too" in texts(space.posts()[0]), what="one")
    me_too(space, CAROL, space.posts()[0])
    eventually(lambda: "2 people feel this too" in texts(space.posts()[0]), what="two")

    # Bob again: told privately, counted once.
    before = len(space.ephemerals())
    me_too(space, BOB, space.posts()[0])
    answer = eventually(lambda: space.ephemerals()[before:], what="the private answer")[0]
    assert "each person counts once" in answer["text"]
    assert "2 people feel this too" in texts(space.posts()[0])

    stored = rows(db_url, PostMeToo)
    assert len(stored) == 2
    dumped = json.dumps([dict(row._mapping) for row in stored], default=str)
    for user in (ALICE, BOB, CAROL):
        assert user not in dumped
    # Bob's flag on the same post is keyed apart: nothing links his flag to his "me too".
    space.flag(BOB, space.posts()[0])
    flags = {row.flagger_hash for row in rows(db_url, PostFlag)}
    assert flags and not flags & {row.person_hash for row in stored}
    # The post as posted names nobody, and the buttons carry only the post's number.
    assert not any(user in json.dumps(space.posts()) for user in (ALICE, BOB, CAROL))
    space.assert_all_calls_valid()


def test_the_reply_modal_says_in_one_line_how_to_answer_well(space: SpaceDriver) -> None:
    post = space.share(ALICE, "A hard week")
    modal = space.open_reply(BOB, post)
    assert "acknowledge first" in texts(modal).lower()

""" "Me too" as a service, on SQLite and PostgreSQL: once per person per post, unlinkable."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.services import me_too, space
from bot.services.space import Hasher
from bot.store import db as store
from bot.store.models import PostMeToo
from tests.conftest import SECRET_KEY

TEAM = "T0KINDRED"
ALICE, BOB, CAROL = "U0ALICE01", "U0BOBBY02", "U0CAROL03"


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[store.Database]:
    store.upgrade(db_url)
    database = store.Database(db_url)
    try:
        yield database
    finally:
        await database.dispose()


async def test_once_per_person_per_post_unlinkable_and_deleted_with_the_post(
    db: store.Database,
) -> None:
    hasher = Hasher(SECRET_KEY)
    async with db.session() as session:
        first = await space.create_post(session, hasher, TEAM, "C0SPACE", ALICE, "one")
        second = await space.create_post(session, hasher, TEAM, "C0SPACE", ALICE, "two")
        assert [await me_too.add(session, hasher, first, who) for who in (BOB, CAROL, BOB)] == [
            True,
            True,
            False,
        ]
        assert await me_too.add(session, hasher, second, BOB) is True
        assert (await me_too.count(session, first.id), await me_too.count(session, second.id)) == (
            2,
            1,
        )
        hashes = {row.post_id: row.person_hash for row in await session.scalars(select(PostMeToo))}
        # Bob's two taps look like two strangers', and like nobody's flag or thread identity.
        bob_first = hasher.me_too(TEAM, first.hash_scope, BOB)
        assert bob_first != hashes[second.id]
        assert bob_first != hasher.flagger(TEAM, first.hash_scope, "post", BOB)
        assert bob_first != hasher.in_thread(TEAM, first.hash_scope, BOB)
        assert BOB not in bob_first

        # A hidden post takes no more; deleting a post deletes its "me too"s.
        second.status = space.Status.HIDDEN.value
        assert await me_too.add(session, hasher, second, CAROL) is False
        await space.delete_post(session, first.id)
        remaining = [row.post_id for row in await session.scalars(select(PostMeToo))]
        assert remaining == [second.id]

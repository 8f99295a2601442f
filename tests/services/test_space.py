"""The anonymous space's domain logic, on SQLite and PostgreSQL, without Slack."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.services import space
from bot.services.space import Decision, FlagResult, Hasher, Kind
from bot.store import db as store
from bot.store.models import (
    AnonymousPost,
    AnonymousReply,
    PostFlag,
    SpaceAllowance,
    SpaceReview,
    ThreadPseudonym,
)
from tests.conftest import SECRET_KEY

TEAM = "T0KINDRED"
ALICE, BOB, CAROL = "U0ALICE01", "U0BOBBY02", "U0CAROL03"
NAMES = ["Anonymous Heron", "Anonymous Otter", "Anonymous Fox"]
DAY = date(2026, 11, 24)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[store.Database]:
    database = store.Database(db_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def hasher() -> Hasher:
    return Hasher(SECRET_KEY)


async def new_post(db: store.Database, hasher: Hasher, user: str = ALICE) -> AnonymousPost:
    async with db.session() as session:
        post = await space.create_post(session, hasher, TEAM, "C0SPACE", user, "words")
        await space.set_post_message(session, post.id, f"1700000000.{post.id:06d}")
        post.message_ts = f"1700000000.{post.id:06d}"
    return post


# ---------------------------------------------------------------------- keyed hashes


def test_hashes_are_keyed_scoped_and_never_contain_the_user_id() -> None:
    one, other = Hasher(SECRET_KEY), Hasher(SECRET_KEY + "-rotated")
    digest = one.in_thread(TEAM, "scope-a", ALICE)
    assert digest == one.in_thread(TEAM, "scope-a", ALICE)  # stable
    assert len(digest) == 64 and ALICE.lower() not in digest.lower()
    assert digest != other.in_thread(TEAM, "scope-a", ALICE)  # needs the key
    assert digest != one.in_thread(TEAM, "scope-b", ALICE)  # threads do not link
    assert digest != one.in_thread(TEAM, "scope-a", BOB)
    assert digest != one.flagger(TEAM, "scope-a", "post", ALICE)  # purposes do not link
    assert one.flagger(TEAM, "s", "post", ALICE) != one.flagger(TEAM, "s", "reply:1", ALICE)
    assert one.allowance(TEAM, DAY, ALICE) != one.allowance(TEAM, DAY + timedelta(1), ALICE)
    assert one.in_thread("T1", "ab", "c") != one.in_thread("T1", "a", "bc")


async def test_a_post_stores_a_scoped_hash_and_only_its_author_matches(
    db: store.Database, hasher: Hasher
) -> None:
    first, second = await new_post(db, hasher), await new_post(db, hasher)
    assert first.hash_scope != second.hash_scope
    assert first.author_hash != second.author_hash  # the same author, unlinkable
    assert space.is_author(hasher, first, ALICE) and not space.is_author(hasher, first, BOB)
    assert not space.is_author(Hasher(SECRET_KEY + "x"), first, ALICE)
    async with db.session() as session:
        stored = (await session.execute(select(AnonymousPost))).scalars().all()
        mine = await space.posts_by(session, hasher, TEAM, ALICE)
        bobs = await space.posts_by(session, hasher, TEAM, BOB)
    assert ALICE not in repr([vars(p) for p in stored])
    assert [p.id for p in mine] == [second.id, first.id] and bobs == []


# ---------------------------------------------------------------------- pseudonyms


async def test_pseudonyms_are_stable_per_person_and_unique_per_thread(
    db: store.Database, hasher: Hasher
) -> None:
    post = await new_post(db, hasher)
    async with db.session() as session:
        op = await space.speaker_in_thread(session, hasher, post, ALICE)
        bob = await space.speaker_in_thread(session, hasher, post, BOB)
        assert op.is_op and not bob.is_op and bob.pseudonym is None
        suggested = await space.suggest_pseudonym(session, post, bob, NAMES)
        claimed = await space.claim_pseudonym(session, post, bob.person_hash, NAMES)
        again = await space.claim_pseudonym(session, post, bob.person_hash, NAMES)
        carol = await space.speaker_in_thread(session, hasher, post, CAROL)
        carols = await space.claim_pseudonym(session, post, carol.person_hash, NAMES)
        assert await space.suggest_pseudonym(session, post, op, NAMES) is None
    assert suggested == claimed == again
    assert carols != claimed and carols in NAMES


async def test_a_taken_name_moves_on_and_crowded_threads_are_numbered(
    db: store.Database, hasher: Hasher
) -> None:
    post = await new_post(db, hasher)
    people = [f"U0PERSON{n:02d}" for n in range(len(NAMES) + 2)]
    async with db.session() as session:
        names = [
            await space.claim_pseudonym(
                session, post, hasher.in_thread(TEAM, post.hash_scope, person), NAMES
            )
            for person in people
        ]
        stored = await session.scalar(select(func.count()).select_from(ThreadPseudonym))
    assert len(set(names)) == len(names) == stored
    assert set(names[: len(NAMES)]) == set(NAMES)
    assert all(name.rsplit(" ", 1)[1] == "2" for name in names[len(NAMES) :])


async def test_people_replying_at_once_never_share_a_name(
    db: store.Database, hasher: Hasher
) -> None:
    post = await new_post(db, hasher)
    people = [f"U0RACER{n:02d}" for n in range(6)]

    async def claim(person: str) -> str:
        async with db.session() as session:
            person_hash = hasher.in_thread(TEAM, post.hash_scope, person)
            return await space.claim_pseudonym(session, post, person_hash, NAMES)

    names = await asyncio.gather(*(claim(person) for person in people))
    assert len(set(names)) == len(people)


# ---------------------------------------------------------------------- daily allowances


async def test_allowances_count_per_person_and_day_and_forget_old_days(
    db: store.Database, hasher: Hasher
) -> None:
    async with db.session() as session:
        used = [
            await space.use_allowance(session, hasher, TEAM, ALICE, Kind.POST, DAY, 2)
            for _ in range(3)
        ]
        assert used == [True, True, False]
        assert await space.use_allowance(session, hasher, TEAM, BOB, Kind.POST, DAY, 2)
        assert await space.use_allowance(session, hasher, TEAM, ALICE, Kind.REPLY, DAY, 2)
        await space.give_back_allowance(session, hasher, TEAM, ALICE, Kind.POST, DAY)
        assert await space.allowance_used(session, hasher, TEAM, ALICE, Kind.POST, DAY) == 1
    tomorrow = DAY + timedelta(days=1)
    async with db.session() as session:
        assert await space.use_allowance(session, hasher, TEAM, ALICE, Kind.POST, tomorrow, 2)
        days = set(await session.scalars(select(SpaceAllowance.day)))
    assert days == {tomorrow}  # yesterday's counts are gone


async def test_the_last_allowance_goes_to_exactly_one_of_two_racing_requests(
    db: store.Database, hasher: Hasher
) -> None:
    async def take() -> bool:
        async with db.session() as session:
            return await space.use_allowance(session, hasher, TEAM, ALICE, Kind.POST, DAY, 1)

    assert sorted(await asyncio.gather(take(), take(), take())) == [False, False, True]


# ---------------------------------------------------------------------- flags and moderation


async def test_flags_count_once_per_person_and_hide_at_the_threshold(
    db: store.Database, hasher: Hasher
) -> None:
    post = await new_post(db, hasher)
    results = []
    for person in (BOB, BOB, CAROL, ALICE, "U0LATE0001"):
        async with db.session() as session:
            fresh = await space.get_post(session, TEAM, post.id)
            assert fresh is not None
            results.append(await space.add_flag(session, hasher, fresh, None, person, 3))
    assert results == [
        FlagResult.COUNTED,
        FlagResult.ALREADY,
        FlagResult.COUNTED,
        FlagResult.HIDDEN,
        FlagResult.NOT_VISIBLE,
    ]
    async with db.session() as session:
        hashes = list(await session.scalars(select(PostFlag.flagger_hash)))
        assert await space.flag_count(session, post.id, None) == 3
    assert len(set(hashes)) == 3 and not {post.author_hash} & set(hashes)


async def test_exactly_one_of_many_simultaneous_flags_hides_the_post(
    db: store.Database, hasher: Hasher
) -> None:
    post = await new_post(db, hasher)

    async def flag(person: str) -> FlagResult:
        async with db.session() as session:
            fresh = await space.get_post(session, TEAM, post.id)
            assert fresh is not None
            return await space.add_flag(session, hasher, fresh, None, person, 2)

    results = await asyncio.gather(*(flag(f"U0FLAGGER{n}") for n in range(5)))
    assert results.count(FlagResult.HIDDEN) == 1


async def test_restore_sets_flags_aside_and_remove_deletes_the_text(
    db: store.Database, hasher: Hasher
) -> None:
    post = await new_post(db, hasher)
    async with db.session() as session:
        post = await space.get_post(session, TEAM, post.id)
        assert post is not None
        reply = await space.create_reply(session, post, "h" * 64, "Anonymous Fox", "unkind")
        for person in (BOB, CAROL):
            await space.add_flag(session, hasher, post, None, person, 2)
            await space.add_flag(session, hasher, post, reply, person, 2)
        assert (post.status, reply.status) == ("hidden", "hidden")
        assert await space.decide(session, post, None, Decision.RESTORE)
        assert not await space.decide(session, post, None, Decision.REMOVE)  # decided already
        assert await space.decide(session, post, reply, Decision.REMOVE)
    async with db.session() as session:
        post = await space.get_post(session, TEAM, post.id)
        assert post is not None and (post.status, post.flags_cleared) == ("visible", 2)
        stored_reply = await space.get_reply(session, post, reply.id)
        assert stored_reply is not None and (stored_reply.status, stored_reply.text) == (
            "removed",
            "",
        )
        # Set aside, not forgotten: old flaggers are refused, a new one counts from zero.
        assert await space.add_flag(session, hasher, post, None, BOB, 2) is FlagResult.ALREADY
        new = await space.add_flag(session, hasher, post, None, ALICE, 2)
        assert new is FlagResult.COUNTED


async def test_deleting_a_post_deletes_everything_stored_about_it(
    db: store.Database, hasher: Hasher
) -> None:
    post, other = await new_post(db, hasher), await new_post(db, hasher, BOB)
    async with db.session() as session:
        for target in (post, other):
            fresh = await space.get_post(session, TEAM, target.id)
            assert fresh is not None
            speaker = await space.speaker_in_thread(session, hasher, fresh, CAROL)
            name = await space.claim_pseudonym(session, fresh, speaker.person_hash, NAMES)
            reply = await space.create_reply(session, fresh, speaker.person_hash, name, "hi")
            await space.set_reply_message(session, reply.id, f"17.{reply.id}")
            await space.add_flag(session, hasher, fresh, reply, ALICE, 5)
            await space.add_reviews(session, fresh.id, None, [("C0MODS", f"18.{fresh.id}")])
        gone = await space.what_to_remove(session, post)
        await space.delete_post(session, post.id)
    assert gone.post_ts == post.message_ts and len(gone.reply_ts) == 1
    assert gone.reviews == [("C0MODS", f"18.{post.id}")]
    async with db.session() as session:
        for column in (
            AnonymousReply.post_id,
            ThreadPseudonym.post_id,
            PostFlag.post_id,
            SpaceReview.post_id,
            AnonymousPost.id,
        ):
            assert list(await session.scalars(select(column))) == [other.id], str(column)

"""KINDRED_RETENTION_DAYS: the daily clean-up deletes what is older, and only that."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.deliveries.cycle import housekeeping
from bot.runtime import Runtime
from bot.services import outbox, space
from bot.services.checkins import CheckinInput, record
from bot.services.outbox import Due
from bot.slack.home import home_blocks
from bot.store.models import (
    AnonymousPost,
    AnonymousReply,
    CheckIn,
    Delivery,
    PostFlag,
    SpaceAllowance,
)
from tests.conftest import SECRET_KEY

TEAM, ADA = "T0TEAM", "U0ADA0001"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=400)
RECENT = NOW - timedelta(days=300)


async def seed(runtime: Runtime) -> None:
    hasher = space.Hasher(SECRET_KEY)
    async with runtime.db.session() as session:
        for when, words in ((OLD, "Ancient-note-4410"), (RECENT, "recent note")):
            await record(session, TEAM, ADA, CheckinInput(3, words), source="quick", now=when)
            due = Due(TEAM, ADA, "checkin_reminder", when.date().isoformat())
            await outbox.enqueue(session, [due], when)
            post = await space.create_post(session, hasher, TEAM, "C0SPACE", ADA, f"post {words}")
            post.created_at = when
            reply = await space.create_reply(session, post, "h", "Heron", f"reply {words}")
            session.add(PostFlag(post_id=post.id, reply_id=reply.id, flagger_hash="f"))
        # An old row still waiting to go out is not a record yet.
        await outbox.enqueue(session, [Due(TEAM, "U0WAIT", "checkin_reminder", "old")], OLD)
        await session.execute(
            Delivery.__table__.update().where(Delivery.recipient == ADA).values(status=outbox.SENT)
        )
        for day in (NOW.date() - timedelta(days=1), NOW.date()):
            await space.use_allowance(session, hasher, TEAM, ADA, space.Kind.POST, day, 5)


async def counts(runtime: Runtime) -> dict[str, int]:
    async with runtime.db.session() as session:
        return {
            model.__tablename__: int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in (CheckIn, Delivery, AnonymousPost, AnonymousReply, PostFlag)
        } | {"allowance_days": len(set(await session.scalars(select(SpaceAllowance.day))))}


async def test_what_is_older_than_the_retention_goes_and_leaves_the_disk(
    runtime: Runtime,
) -> None:
    await seed(runtime)
    assert await counts(runtime) == {
        "checkins": 2,
        "deliveries": 3,
        "anonymous_posts": 2,
        "anonymous_replies": 2,
        "post_flags": 2,
        "allowance_days": 1,  # posting today already cleared yesterday's row
    }
    async with runtime.db.session() as session:  # yesterday's row, as a quiet day leaves it
        session.add(
            SpaceAllowance(team_id=TEAM, day=date(2026, 11, 29), person_hash="x", kind="post")
        )

    purged = await housekeeping(runtime, NOW)

    assert (purged.checkins, purged.deliveries, purged.posts, purged.allowances) == (1, 1, 1, 1)
    assert await counts(runtime) == {
        "checkins": 1,
        "deliveries": 2,  # the recent record, and the old one still waiting
        "anonymous_posts": 1,
        "anonymous_replies": 1,
        "post_flags": 1,
        "allowance_days": 1,
    }
    async with runtime.db.session() as session:
        assert list(await session.scalars(select(CheckIn.note))) == ["recent note"]
        assert list(await session.scalars(select(AnonymousPost.text))) == ["post recent note"]
    if not runtime.db.is_postgres:
        path = make_url(runtime.settings.DATABASE_URL).database
        raw = b"".join(
            Path(f"{path}{suffix}").read_bytes()
            for suffix in ("", "-wal", "-shm")
            if Path(f"{path}{suffix}").exists()
        )
        assert b"recent note" in raw and b"Ancient-note-4410" not in raw


async def test_retention_zero_keeps_everything_but_earlier_days_allowances(
    runtime: Runtime,
) -> None:
    await seed(runtime)
    before = await counts(runtime)
    keep = dataclasses.replace(
        runtime, settings=runtime.settings.model_copy(update={"KINDRED_RETENTION_DAYS": 0})
    )
    purged = await housekeeping(keep, NOW + timedelta(days=1))
    assert (purged.checkins, purged.deliveries, purged.posts, purged.allowances) == (0, 0, 0, 1)
    assert await counts(runtime) == before | {"allowance_days": 0}


async def test_members_are_told_the_retention(runtime: Runtime) -> None:
    prompts = runtime.prompts
    assert "after 30 days" in prompts.render("checkin/help", note_limit=3000, retention_days=30)
    assert "until you delete" in prompts.render("checkin/help", note_limit=3000, retention_days=0)
    home = await home_blocks(runtime, TEAM, ADA)
    assert f"after {runtime.settings.KINDRED_RETENTION_DAYS} days" in str(home)

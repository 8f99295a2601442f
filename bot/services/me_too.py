""" "Me too" on anonymous posts: one tap to say "this is me too", counted once per person.

Learning that others share a worry is what the processing space is for. Like flags, each tap is
stored only as a keyed hash scoped to the one post (bot.services.space.Hasher.me_too), so the
database shows how many people said it, never who, and one person's taps on different posts
cannot be linked. Deleting the post deletes them.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.space import Hasher, Status
from bot.store.models import AnonymousPost, PostMeToo


async def add(session: AsyncSession, hasher: Hasher, post: AnonymousPost, user_id: str) -> bool:
    """Count this person's "me too" on a visible post; False when they already had (or it is
    not visible)."""
    if post.status != Status.VISIBLE.value:
        return False
    person_hash = hasher.me_too(post.team_id, post.hash_scope, user_id)
    try:
        async with session.begin_nested():
            session.add(PostMeToo(post_id=post.id, person_hash=person_hash))
    except IntegrityError:
        return False
    return True


async def count(session: AsyncSession, post_id: int) -> int:
    """How many people said "me too" on the post."""
    found = await session.scalar(
        select(func.count()).select_from(PostMeToo).where(PostMeToo.post_id == post_id)
    )
    return found or 0

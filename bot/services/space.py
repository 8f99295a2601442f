"""The anonymous processing space: posts, replies under per-thread pseudonyms, flags, moderation.

Nothing here ever stores a Slack user ID, name or email. Where Kindred must recognise the same
person again it stores an HMAC-SHA256 keyed with KINDRED_SECRET_KEY (the key is never stored),
and every such hash is *scoped* so that it matches as little as possible:

- thread (`author_hash` of posts and replies, `person_hash` of pseudonyms): keyed over the
  team, the post's random `hash_scope` and the user. Shows who is OP and which replies in *one*
  thread share a writer, which the pseudonyms already show in Slack; never links threads.
- flag (`flagger_hash`): keyed over the team, `hash_scope`, the flagged message and the user.
  Shows how many people flagged a message; nothing links one person's flags.
- me too (`person_hash` of post_me_too): keyed over the team, `hash_scope` and the user, with its
  own purpose. Shows how many people said "me too" on a post; links to nothing else.
- allowance (`person_hash` of space_allowances): keyed over the team, the UTC day and the user.
  Shows how many posts and replies one unnamed person made *today*; earlier days are deleted.

Functions take an `AsyncSession` and plain values; no Slack payloads.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.workspaces import ensure_workspaces
from bot.store.models import (
    AnonymousPost,
    AnonymousReply,
    Delivery,
    PostFlag,
    PostMeToo,
    SpaceAllowance,
    SpaceReview,
    ThreadPseudonym,
)

# The outbox kinds that publish a post or reply at its moment (bot/deliveries/space_publish.py);
# their period is the post's or reply's number.
PUBLISH_POST = "space_post"
PUBLISH_REPLY = "space_reply"
# Slack's limit for a plain_text_input (and so for what one post or reply may hold).
MAX_TEXT_LENGTH = 3000
_PSEUDONYM_ATTEMPTS = 5


class Kind(StrEnum):
    """What a daily allowance counts."""

    POST = "post"
    REPLY = "reply"


class Status(StrEnum):
    """Where a post or reply stands."""

    VISIBLE = "visible"
    HIDDEN = "hidden"  # flagged by enough people; waiting for a moderator
    REMOVED = "removed"  # a moderator removed it; its text is no longer kept
    DELETING = "deleting"  # its author deleted it; its Slack messages are being removed


class Decision(StrEnum):
    """What a moderator can decide about a hidden post or reply."""

    RESTORE = "restore"
    REMOVE = "remove"


class FlagResult(StrEnum):
    """What one flag did."""

    COUNTED = "counted"
    HIDDEN = "hidden"  # this flag reached the threshold: hide it and tell the moderators
    ALREADY = "already"  # this person had flagged it before
    NOT_VISIBLE = "not_visible"  # already hidden, removed or gone


class Hasher:
    """Keyed hashes that stand in for a person; the key itself is never stored."""

    def __init__(self, key: str | bytes) -> None:
        self._key = key.encode() if isinstance(key, str) else key

    def _digest(self, purpose: str, *parts: str) -> str:
        # Unit separators keep ("ab", "c") and ("a", "bc") apart.
        message = "\x1f".join(("kindred-space-v1", purpose, *parts)).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def in_thread(self, team_id: str, scope: str, user_id: str) -> str:
        """Who someone is within one thread: OP's post and their replies share this value."""
        return self._digest("thread", team_id, scope, user_id)

    def flagger(self, team_id: str, scope: str, target: str, user_id: str) -> str:
        """One person flagging one message (`target` names the post or the reply)."""
        return self._digest("flag", team_id, scope, target, user_id)

    def me_too(self, team_id: str, scope: str, user_id: str) -> str:
        """One person saying "me too" on one post (matches nothing else they did)."""
        return self._digest("me_too", team_id, scope, user_id)

    def allowance(self, team_id: str, day: date, user_id: str) -> str:
        """One person on one UTC day, for daily limits."""
        return self._digest("allowance", team_id, day.isoformat(), user_id)


def new_scope() -> str:
    """A random scope for a new post's hashes."""
    return secrets.token_hex(16)


def flag_target(reply_id: int | None) -> str:
    """How a flag names what it flags: the post itself or one of its replies."""
    return "post" if reply_id is None else f"reply:{reply_id}"


def _insert(session: AsyncSession, model: type[SpaceAllowance]) -> Any:
    """INSERT for `model` in the session's dialect (both have ON CONFLICT … DO UPDATE)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


@dataclass(frozen=True)
class SpaceMessage:
    """A post, or one reply to it, as the Slack side needs it: where it is and what it shows."""

    post_id: int
    reply_id: int | None
    channel: str
    message_ts: str | None
    text: str
    status: str
    author: str  # the reply's pseudonym; empty for a post (always shown as OP)

    @property
    def kind(self) -> str:
        """ "post" or "reply", for wording."""
        return "post" if self.reply_id is None else "reply"


def describe(post: AnonymousPost, reply: AnonymousReply | None = None) -> SpaceMessage:
    """The post, or `reply` to it, as a SpaceMessage."""
    if reply is None:
        return SpaceMessage(
            post.id, None, post.channel, post.message_ts, post.text, post.status, ""
        )
    return SpaceMessage(
        post.id,
        reply.id,
        post.channel,
        reply.message_ts,
        reply.text,
        reply.status,
        reply.pseudonym,
    )


# ---------------------------------------------------------------------- daily allowances


async def allowance_used(
    session: AsyncSession, hasher: Hasher, team_id: str, user_id: str, kind: Kind, day: date
) -> int:
    """How many of `kind` this person has made on `day`."""
    used = await session.scalar(
        select(SpaceAllowance.used).where(
            SpaceAllowance.team_id == team_id,
            SpaceAllowance.day == day,
            SpaceAllowance.person_hash == hasher.allowance(team_id, day, user_id),
            SpaceAllowance.kind == kind.value,
        )
    )
    return used or 0


async def use_allowance(
    session: AsyncSession,
    hasher: Hasher,
    team_id: str,
    user_id: str,
    kind: Kind,
    day: date,
    limit: int,
) -> bool:
    """Count one more `kind` for this person today; False (and nothing counted) at the limit.

    Atomic on both databases (one INSERT … ON CONFLICT DO UPDATE … WHERE used < limit), so two
    replicas racing cannot both take the last one. Rows from earlier days are deleted here.
    """
    await ensure_workspaces(session, [team_id])
    await forget_earlier_days(session, day)
    insert = _insert(session, SpaceAllowance).values(
        team_id=team_id,
        day=day,
        person_hash=hasher.allowance(team_id, day, user_id),
        kind=kind.value,
        used=1,
    )
    statement = insert.on_conflict_do_update(
        index_elements=["team_id", "day", "person_hash", "kind"],
        set_={"used": SpaceAllowance.used + 1},
        where=SpaceAllowance.used < limit,
    ).returning(SpaceAllowance.used)
    counted = (await session.execute(statement)).scalar_one_or_none()
    return counted is not None


async def forget_earlier_days(session: AsyncSession, day: date) -> int:
    """Delete the allowance rows of days before `day` (the scheduler also does it daily)."""
    result = await session.execute(delete(SpaceAllowance).where(SpaceAllowance.day < day))
    return result.rowcount or 0  # type: ignore[attr-defined]


async def give_back_allowance(
    session: AsyncSession, hasher: Hasher, team_id: str, user_id: str, kind: Kind, day: date
) -> None:
    """Undo one `use_allowance` (the post or reply did not go out)."""
    await session.execute(
        update(SpaceAllowance)
        .where(
            SpaceAllowance.team_id == team_id,
            SpaceAllowance.day == day,
            SpaceAllowance.person_hash == hasher.allowance(team_id, day, user_id),
            SpaceAllowance.kind == kind.value,
            SpaceAllowance.used > 0,
        )
        .values(used=SpaceAllowance.used - 1)
    )


# ---------------------------------------------------------------------- posts


async def create_post(
    session: AsyncSession, hasher: Hasher, team_id: str, channel: str, user_id: str, text: str
) -> AnonymousPost:
    """Record a new post (its message ts comes once Slack has it)."""
    await ensure_workspaces(session, [team_id])
    scope = new_scope()
    post = AnonymousPost(
        team_id=team_id,
        channel=channel,
        text=text,
        hash_scope=scope,
        author_hash=hasher.in_thread(team_id, scope, user_id),
        status=Status.VISIBLE.value,
    )
    session.add(post)
    await session.flush()
    return post


async def set_post_message(session: AsyncSession, post_id: int, message_ts: str) -> bool:
    """Remember where Slack put the post; False when the post was deleted meanwhile (its
    author pressed Delete while it was on its way), and the message must come down again."""
    recorded = await session.execute(
        update(AnonymousPost)
        .where(AnonymousPost.id == post_id, AnonymousPost.message_ts.is_(None))
        .values(message_ts=message_ts)
    )
    return bool(recorded.rowcount == 1)  # type: ignore[attr-defined]


async def get_post(session: AsyncSession, team_id: str, post_id: int) -> AnonymousPost | None:
    """The post `post_id` of `team_id`, if it (still) exists."""
    return await session.scalar(
        select(AnonymousPost).where(AnonymousPost.id == post_id, AnonymousPost.team_id == team_id)
    )


async def find_post_by_thread(
    session: AsyncSession, team_id: str, channel: str, thread_ts: str
) -> AnonymousPost | None:
    """The post whose Slack message starts the thread `thread_ts` in `channel`."""
    return await session.scalar(
        select(AnonymousPost).where(
            AnonymousPost.team_id == team_id,
            AnonymousPost.channel == channel,
            AnonymousPost.message_ts == thread_ts,
        )
    )


def is_author(hasher: Hasher, post: AnonymousPost, user_id: str) -> bool:
    """True when `user_id` wrote `post` (compared in constant time)."""
    candidate = hasher.in_thread(post.team_id, post.hash_scope, user_id)
    return hmac.compare_digest(candidate, post.author_hash)


async def posts_by(
    session: AsyncSession, hasher: Hasher, team_id: str, user_id: str, limit: int = 10
) -> list[AnonymousPost]:
    """This person's posts (newest first), found by recomputing each hash: the ones that are
    up, and the ones still on their way or whose publishing failed halfway, so that each can
    still be deleted.

    Nothing indexes posts by person (that would link them); this checks the most recent posts
    one by one, which is cheap for the few hundred a processing space holds.
    """
    recent = await session.scalars(
        select(AnonymousPost)
        .where(AnonymousPost.team_id == team_id)
        .order_by(AnonymousPost.id.desc())
        .limit(1000)
    )
    return [post for post in recent if is_author(hasher, post, user_id)][:limit]


@dataclass
class Removed:
    """The Slack messages to delete or update after a post was deleted from the database.

    `unrecorded` are the replies whose message Kindred never recorded (on their way, or their
    publishing failed halfway): they are looked for in the thread by their reply id.
    """

    channel: str
    post_ts: str | None
    replies: list[tuple[int, str]] = field(default_factory=list)  # (reply id, its Slack ts)
    reviews: list[tuple[str, str]] = field(default_factory=list)
    unrecorded: list[int] = field(default_factory=list)


async def what_to_remove(session: AsyncSession, post: AnonymousPost) -> Removed:
    """The Slack messages about `post` that deleting it must still remove or update."""
    replies = await session.execute(
        select(AnonymousReply.id, AnonymousReply.message_ts)
        .where(AnonymousReply.post_id == post.id)
        .order_by(AnonymousReply.id)
    )
    reviews = await session.execute(
        select(SpaceReview.channel, SpaceReview.message_ts).where(SpaceReview.post_id == post.id)
    )
    removed = Removed(
        channel=post.channel,
        post_ts=post.message_ts,
        reviews=[(channel, ts) for channel, ts in reviews],
    )
    for reply_id, ts in replies:
        if ts:
            removed.replies.append((reply_id, ts))
        else:
            removed.unrecorded.append(reply_id)
    return removed


# The tables deleting a post (or removing its text) touches: the disk clean-up covers these.
POST_TABLES = frozenset(
    {
        "anonymous_posts",
        "anonymous_replies",
        "anonymous_pseudonyms",
        "post_flags",
        "post_me_too",
        "space_reviews",
        "deliveries",
    }
)


async def begin_delete(session: AsyncSession, post_id: int) -> None:
    """The author deleted the post: nobody can reply to or flag it while Slack catches up."""
    await session.execute(
        update(AnonymousPost)
        .where(AnonymousPost.id == post_id)
        .values(status=Status.DELETING.value)
    )


async def reply_gone_from_slack(session: AsyncSession, reply_id: int) -> None:
    """A reply's Slack message is deleted: forget the reply (and its flags) now, so a deletion
    that stops half-way resumes after it."""
    await session.execute(delete(PostFlag).where(PostFlag.reply_id == reply_id))
    await session.execute(delete(AnonymousReply).where(AnonymousReply.id == reply_id))


async def posts_being_deleted(session: AsyncSession) -> list[AnonymousPost]:
    """Posts whose deletion began but has not finished (the process stopped half-way)."""
    rows = await session.scalars(
        select(AnonymousPost).where(AnonymousPost.status == Status.DELETING.value)
    )
    return list(rows)


async def delete_post(session: AsyncSession, post_id: int) -> None:
    """Delete a post and everything stored about it: replies, pseudonyms, flags, "me too"s,
    reviews."""
    await _delete_posts(session, AnonymousPost.id == post_id)


async def delete_posts_before(session: AsyncSession, cutoff: datetime) -> int:
    """Delete every post made before `cutoff`, with everything stored about each (retention)."""
    return await _delete_posts(session, AnonymousPost.created_at < cutoff)


async def _delete_posts(session: AsyncSession, which: ColumnElement[bool]) -> int:
    ids = select(AnonymousPost.id).where(which).scalar_subquery()
    # The outbox rows still about them (waiting, or failed to publish) name them by number.
    post_numbers = select(cast(AnonymousPost.id, String)).where(which)
    reply_numbers = select(cast(AnonymousReply.id, String)).where(AnonymousReply.post_id.in_(ids))
    await session.execute(
        delete(Delivery).where(
            ((Delivery.kind == PUBLISH_POST) & Delivery.period.in_(post_numbers))
            | ((Delivery.kind == PUBLISH_REPLY) & Delivery.period.in_(reply_numbers))
        )
    )
    # Children first: explicit rather than relying on ON DELETE CASCADE being enforced.
    for model in (SpaceReview, PostFlag, PostMeToo, ThreadPseudonym, AnonymousReply):
        await session.execute(delete(model).where(model.post_id.in_(ids)))
    result = await session.execute(delete(AnonymousPost).where(which))
    return result.rowcount or 0  # type: ignore[attr-defined]


async def discard_post(session: AsyncSession, post_id: int) -> None:
    """Forget a post that never reached Slack."""
    await session.execute(delete(AnonymousPost).where(AnonymousPost.id == post_id))


# ---------------------------------------------------------------------- replies and pseudonyms


def _preferred_order(person_hash: str, names: Sequence[str]) -> list[str]:
    """Every name, starting at one picked by the hash, so a person's first choice is stable."""
    start = int(person_hash[:12], 16) % len(names)
    return [names[(start + i) % len(names)] for i in range(len(names))]


def _pick(person_hash: str, names: Sequence[str], taken: set[str]) -> str:
    order = _preferred_order(person_hash, names)
    for name in order:
        if name not in taken:
            return name
    number = 2
    while True:  # more people in one thread than names: number them
        for name in order:
            if f"{name} {number}" not in taken:
                return f"{name} {number}"
        number += 1


@dataclass(frozen=True)
class Speaker:
    """How someone appears in a thread: OP, or a pseudonym (None when not chosen yet)."""

    person_hash: str
    is_op: bool
    pseudonym: str | None


async def speaker_in_thread(
    session: AsyncSession, hasher: Hasher, post: AnonymousPost, user_id: str
) -> Speaker:
    """Who `user_id` is in `post`'s thread, without recording anything."""
    person_hash = hasher.in_thread(post.team_id, post.hash_scope, user_id)
    if hmac.compare_digest(person_hash, post.author_hash):
        return Speaker(person_hash, True, None)
    name = await session.scalar(
        select(ThreadPseudonym.name).where(
            ThreadPseudonym.post_id == post.id, ThreadPseudonym.person_hash == person_hash
        )
    )
    return Speaker(person_hash, False, name)


async def _taken_names(session: AsyncSession, post_id: int) -> set[str]:
    names = await session.scalars(
        select(ThreadPseudonym.name).where(ThreadPseudonym.post_id == post_id)
    )
    return set(names)


async def suggest_pseudonym(
    session: AsyncSession, post: AnonymousPost, speaker: Speaker, names: Sequence[str]
) -> str | None:
    """The name `speaker` has or would get now (None for OP); records nothing."""
    if speaker.is_op:
        return None
    if speaker.pseudonym:
        return speaker.pseudonym
    return _pick(speaker.person_hash, names, await _taken_names(session, post.id))


async def claim_pseudonym(
    session: AsyncSession, post: AnonymousPost, person_hash: str, names: Sequence[str]
) -> str:
    """This person's name in `post`'s thread, choosing and recording one the first time.

    Two people replying at the same moment cannot end up with the same name: the unique keys
    refuse the second insert, and it tries again with the name taken.
    """
    for _ in range(_PSEUDONYM_ATTEMPTS):
        existing = await session.scalar(
            select(ThreadPseudonym.name).where(
                ThreadPseudonym.post_id == post.id, ThreadPseudonym.person_hash == person_hash
            )
        )
        if existing:
            return existing
        name = _pick(person_hash, names, await _taken_names(session, post.id))
        try:
            async with session.begin_nested():
                session.add(ThreadPseudonym(post_id=post.id, person_hash=person_hash, name=name))
        except IntegrityError:
            continue
        return name
    raise RuntimeError("could not choose a pseudonym; too many people replied at once")


async def create_reply(
    session: AsyncSession, post: AnonymousPost, person_hash: str, pseudonym: str, text: str
) -> AnonymousReply:
    """Record a reply (its message ts comes once Slack has it)."""
    reply = AnonymousReply(
        post_id=post.id,
        author_hash=person_hash,
        pseudonym=pseudonym,
        text=text,
        status=Status.VISIBLE.value,
    )
    session.add(reply)
    await session.flush()
    return reply


async def set_reply_message(session: AsyncSession, reply_id: int, message_ts: str) -> bool:
    """Remember where Slack put the reply; False when it was deleted meanwhile (with its post)."""
    recorded = await session.execute(
        update(AnonymousReply)
        .where(AnonymousReply.id == reply_id, AnonymousReply.message_ts.is_(None))
        .values(message_ts=message_ts)
    )
    return bool(recorded.rowcount == 1)  # type: ignore[attr-defined]


async def discard_reply(session: AsyncSession, reply_id: int) -> None:
    """Forget a reply that never reached Slack."""
    await session.execute(delete(AnonymousReply).where(AnonymousReply.id == reply_id))


async def get_reply(
    session: AsyncSession, post: AnonymousPost, reply_id: int
) -> AnonymousReply | None:
    """Reply `reply_id` of `post`, if it (still) exists."""
    return await session.scalar(
        select(AnonymousReply).where(
            AnonymousReply.id == reply_id, AnonymousReply.post_id == post.id
        )
    )


# ---------------------------------------------------------------------- flags and moderation


async def add_flag(
    session: AsyncSession,
    hasher: Hasher,
    post: AnonymousPost,
    reply: AnonymousReply | None,
    user_id: str,
    threshold: int,
) -> FlagResult:
    """Record one person's flag on the post (or on `reply`); hide it at `threshold` flags.

    Exactly one flag (the one reaching the threshold) gets `HIDDEN`, even across replicas: the
    hide is a conditional UPDATE from visible.
    """
    target = reply or post
    if target.status != Status.VISIBLE.value:
        return FlagResult.NOT_VISIBLE
    reply_id = reply.id if reply else None
    flagger_hash = hasher.flagger(post.team_id, post.hash_scope, flag_target(reply_id), user_id)
    try:
        async with session.begin_nested():
            session.add(PostFlag(post_id=post.id, reply_id=reply_id, flagger_hash=flagger_hash))
    except IntegrityError:
        return FlagResult.ALREADY
    on_target = PostFlag.reply_id == reply_id if reply_id else PostFlag.reply_id.is_(None)
    flags = await session.scalar(
        select(func.count()).select_from(PostFlag).where(PostFlag.post_id == post.id, on_target)
    )
    if (flags or 0) - target.flags_cleared < threshold:
        return FlagResult.COUNTED
    model = AnonymousReply if reply else AnonymousPost
    hidden = await session.execute(
        update(model)
        .where(model.id == target.id, model.status == Status.VISIBLE.value)
        .values(status=Status.HIDDEN.value)
    )
    if hidden.rowcount != 1:  # type: ignore[attr-defined]
        return FlagResult.NOT_VISIBLE
    target.status = Status.HIDDEN.value
    return FlagResult.HIDDEN


async def flag_count(session: AsyncSession, post_id: int, reply_id: int | None) -> int:
    """How many people flagged the post (or one reply)."""
    on_target = PostFlag.reply_id == reply_id if reply_id else PostFlag.reply_id.is_(None)
    count = await session.scalar(
        select(func.count()).select_from(PostFlag).where(PostFlag.post_id == post_id, on_target)
    )
    return count or 0


async def add_reviews(
    session: AsyncSession, post_id: int, reply_id: int | None, locations: list[tuple[str, str]]
) -> None:
    """Remember the moderator messages about a hidden post or reply (channel, ts)."""
    for channel, message_ts in locations:
        session.add(
            SpaceReview(post_id=post_id, reply_id=reply_id, channel=channel, message_ts=message_ts)
        )
    await session.flush()


async def reviews_of(
    session: AsyncSession, post_id: int, reply_id: int | None
) -> list[tuple[str, str]]:
    """The moderator messages about the post (or one reply)."""
    on_target = SpaceReview.reply_id == reply_id if reply_id else SpaceReview.reply_id.is_(None)
    rows = await session.execute(
        select(SpaceReview.channel, SpaceReview.message_ts).where(
            SpaceReview.post_id == post_id, on_target
        )
    )
    return [(channel, ts) for channel, ts in rows]


async def decide(
    session: AsyncSession, post: AnonymousPost, reply: AnonymousReply | None, decision: Decision
) -> bool:
    """Apply a moderator's decision to a hidden post or reply; False if it was not hidden.

    Restore makes it visible again and sets the flags seen so far aside (they stay, so the same
    people cannot flag it again). Remove keeps only a notice: the text is deleted.
    """
    model = AnonymousReply if reply else AnonymousPost
    target = reply or post
    values: dict[str, object]
    if decision is Decision.RESTORE:
        flags = await flag_count(session, post.id, reply.id if reply else None)
        values = {"status": Status.VISIBLE.value, "flags_cleared": flags}
    else:
        values = {"status": Status.REMOVED.value, "text": ""}
    changed = await session.execute(
        update(model)
        .where(and_(model.id == target.id, model.status == Status.HIDDEN.value))
        .values(**values)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    for name, value in values.items():
        setattr(target, name, value)
    return True

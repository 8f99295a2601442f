"""SQLAlchemy models: the tables every feature stores into.

Anonymous content (posts, replies, flags) never holds a Slack user ID, name or email: where a
feature must recognise the same person it stores a keyed hash (see bot/services/space.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


# Everyone's weekly slots until they choose others (weekday 0 is Monday), in their own time zone.
DEFAULT_REMINDER_WEEKDAY, DEFAULT_REMINDER_TIME = 4, time(15, 0)  # Friday 15:00, for members
DEFAULT_NUDGE_WEEKDAY, DEFAULT_NUDGE_TIME = 0, time(9, 30)  # Monday 09:30, for managers


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always gives them back aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Workspace(Base):
    """A Slack workspace Kindred serves (one row per install)."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_token: Mapped[str | None] = mapped_column(String(255))
    processing_channel: Mapped[str | None] = mapped_column(String(32))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The Enterprise Grid org (`E…`) the workspace belongs to, as Slack's requests say; the
    # OAuth installation of an org-wide install is found by it.
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    # When the directory below was last read in full from users.list.
    directory_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DirectoryEntry(Base):
    """What Slack's directory says about one person, read in bulk (users.list) and kept fresh
    by `user_change` / `team_join` events. No name and no email is stored."""

    __tablename__ = "directory"

    team_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tz: Mapped[str | None] = mapped_column(String(64))
    # The Slack status reads as away (vacation, OOO, sick…) until `away_until` (None: no end).
    away: Mapped[bool] = mapped_column(Boolean, default=False)
    away_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Member(Base):
    """A person in a workspace: time zone, manager and reminder preferences."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id"),
        CheckConstraint("reminder_weekday BETWEEN 0 AND 6", name="reminder_weekday"),
        CheckConstraint("nudge_weekday BETWEEN 0 AND 6", name="nudge_weekday"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.team_id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(32))
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    tz_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    manager_user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    reminder_weekday: Mapped[int] = mapped_column(SmallInteger, default=DEFAULT_REMINDER_WEEKDAY)
    reminder_time: Mapped[time] = mapped_column(Time, default=DEFAULT_REMINDER_TIME)
    nudge_weekday: Mapped[int] = mapped_column(SmallInteger, default=DEFAULT_NUDGE_WEEKDAY)
    nudge_time: Mapped[time] = mapped_column(Time, default=DEFAULT_NUDGE_TIME)
    paused_until: Mapped[date | None] = mapped_column(Date)
    last_suggested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When `manager_user_id` last changed: a manager only sees check-ins shared after it, never
    # ones their report shared with a previous manager.
    manager_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who they reported to before `manager_since`: that manager is told when someone moves away.
    previous_manager_user_id: Mapped[str | None] = mapped_column(String(32))
    # A manager can turn the weekly nudge off (and on again in `/checkin team`).
    manager_nudges_enabled: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true()
    )


class CheckIn(Base):
    """One check-in: a mood from 1 to 5 and an optional note only its author sees."""

    __tablename__ = "checkins"
    __table_args__ = (
        CheckConstraint("mood BETWEEN 1 AND 5", name="mood_range"),
        Index("ix_checkins_member_time", "team_id", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    mood: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)
    shared_with_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who it was shared with (the manager at the time): a check-in reaches that manager only,
    # and counts as known to them however often their team changes afterwards.
    shared_with: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16), default="modal")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Delivery(Base):
    """The outbox: one row per message due to one person for one period.

    The unique key makes enqueueing idempotent; senders claim rows before sending so that
    several replicas never send the same row twice.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("team_id", "recipient", "kind", "period", name="uq_deliveries_key"),
        Index("ix_deliveries_status_due", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set once composed, just before chat.postMessage: a row whose post may have reached Slack
    # without Kindred hearing back (a timeout, a dropped connection, a 5xx, a dead sender) is
    # looked for in its DM before it is sent again. No other row costs a history read.
    maybe_posted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class NudgeFeedback(Base):
    """What a manager did with a nudge: Done, Snooze, or whether a tip helped."""

    __tablename__ = "nudge_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    manager_user_id: Mapped[str] = mapped_column(String(32), index=True)
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PulseRelease(Base):
    """A team figure as it was shown to a manager: published once, never recomputed.

    `window_start`..`as_of` are the check-ins it covers (windows of one manager never overlap);
    `cohort` is a digest of who was on the team, so a later week can tell whether the team
    changed without keeping anyone's user ID. `form` is full (count, average, distribution),
    average (the average alone, when the count or the distribution would give answers away) or
    hidden. Averages and changes are kept in tenths, exactly as shown.
    """

    __tablename__ = "pulse_releases"
    __table_args__ = (
        UniqueConstraint("team_id", "manager_user_id", "period", name="uq_pulse_releases_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    manager_user_id: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    as_of: Mapped[datetime] = mapped_column(UTCDateTime())
    team_size: Mapped[int] = mapped_column(Integer)
    cohort: Mapped[str] = mapped_column(String(64))
    form: Mapped[str] = mapped_column(String(8))
    responses: Mapped[int | None] = mapped_column(Integer)
    average_tenths: Mapped[int | None] = mapped_column(Integer)
    distribution: Mapped[str | None] = mapped_column(String(32))
    change_tenths: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TeamRequest(Base):
    """A manager asked, in `/checkin team`, to add someone to their team; waiting for them.

    Nothing of the person's counts for or reaches that manager until they accept.
    """

    __tablename__ = "team_requests"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", "manager_user_id", name="uq_team_requests_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    manager_user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AnonymousPost(Base):
    """A post in the processing space. `author_hash` is a keyed hash, never a user ID.

    `hash_scope` is random per post: every keyed hash about this thread (its author, the
    pseudonyms of people replying, flags) mixes it in, so hashes from different threads never
    match and nobody reading the database can tell that two posts share an author.
    `flags_cleared` is how many flags a moderator has already looked at (restore keeps the
    flags, so the same people cannot flag again, and counts only new ones from then on).
    """

    __tablename__ = "anonymous_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32), index=True)
    author_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="visible")
    hash_scope: Mapped[str] = mapped_column(String(32), default="")
    flags_cleared: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AnonymousReply(Base):
    """A reply in a processing-space thread, under that thread's pseudonym for its author."""

    __tablename__ = "anonymous_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("anonymous_posts.id", ondelete="CASCADE"), index=True
    )
    author_hash: Mapped[str] = mapped_column(String(64))
    pseudonym: Mapped[str] = mapped_column(String(64))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="visible")
    flags_cleared: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PostFlag(Base):
    """One flag on a post, or on one reply to it (`reply_id`), by one (hashed) person.

    The flagger's hash is keyed on the post's scope and the flagged message, so the unique key
    allows one flag per person per message and flags cannot be linked across messages.
    """

    __tablename__ = "post_flags"
    __table_args__ = (UniqueConstraint("post_id", "flagger_hash", name="uq_post_flags_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("anonymous_posts.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("anonymous_replies.id", ondelete="CASCADE"), index=True
    )
    flagger_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ThreadPseudonym(Base):
    """The name one (hashed) person goes by in one processing-space thread.

    Unique per thread both ways: a person keeps one name, and no two people share one.
    """

    __tablename__ = "anonymous_pseudonyms"
    __table_args__ = (
        UniqueConstraint("post_id", "person_hash", name="uq_anonymous_pseudonyms_person"),
        UniqueConstraint("post_id", "name", name="uq_anonymous_pseudonyms_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("anonymous_posts.id", ondelete="CASCADE"))
    person_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SpaceReview(Base):
    """A message Kindred sent the moderators about a hidden post or reply, to update later."""

    __tablename__ = "space_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("anonymous_posts.id", ondelete="CASCADE"), index=True
    )
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("anonymous_replies.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SpaceAllowance(Base):
    """How many anonymous posts or replies one (hashed) person made on one UTC day.

    `person_hash` is keyed on the day, so rows of different days cannot be linked; rows older
    than yesterday are deleted as new ones are written.
    """

    __tablename__ = "space_allowances"
    __table_args__ = (
        UniqueConstraint("team_id", "day", "person_hash", "kind", name="uq_space_allowances_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date, index=True)
    person_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    used: Mapped[int] = mapped_column(Integer, default=0)


class PostMeToo(Base):
    """One "me too" on an anonymous post, by one (hashed) person.

    `person_hash` is keyed on the post's scope with its own purpose, so it matches neither the
    same person's flags nor their "me too" on any other post; the unique key counts each person
    once per post.
    """

    __tablename__ = "post_me_too"
    __table_args__ = (UniqueConstraint("post_id", "person_hash", name="uq_post_me_too_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("anonymous_posts.id", ondelete="CASCADE"))
    person_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WeeklyFocus(Base):
    """What a member said matters most this week, and what can wait: shown to them alone.

    One row per member: a new week's answer replaces the last one.
    """

    __tablename__ = "weekly_focus"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_weekly_focus_member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    week: Mapped[date] = mapped_column(Date)  # the Monday of the member's local week
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

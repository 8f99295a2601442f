"""The check-in flow shared by /checkin, the check-in modal, reminder buttons and App Home.

Listeners stay thin: they parse Slack's payload, ack, and call these. Everything the person reads
comes from prompts/checkin/; notes are only ever shown to their author (and to their manager when
they ticked "share" for that one check-in).
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from bot.services import checkins
from bot.services.checkins import CheckinInput, CheckinInputError
from bot.services.crisis import mentions_crisis
from bot.services.hearing import is_hard, note_themes
from bot.services.members import PROFILE_MAX_AGE, get_member, record_time_zone
from bot.services.schedule import utcnow, zone
from bot.slack.blocks import checkin_modal
from bot.slack.directory import person
from bot.slack.profiles import fetch_profile
from bot.store.models import CheckIn

logger = logging.getLogger(__name__)

CHECKIN_LABELS = "checkin/labels"


def command_text(command: dict[str, Any]) -> str:
    """A slash command's text as the person typed it.

    Slack sends `&`, `<` and `>` escaped as `&amp;`, `&lt;` and `&gt;`; notes are stored as typed
    (and escaped again whenever they are shown). `&amp;` goes last so `&amp;lt;` stays `&lt;`.
    """
    text = str(command.get("text") or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mood_labels(runtime: Runtime) -> dict[int, str]:
    """The five mood labels (emoji and words) from the templates, by mood."""
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    return {m: labels[f"mood_{m}"] for m in range(checkins.MOOD_MIN, checkins.MOOD_MAX + 1)}


def day_text(moment: datetime | date, tz: str | None, now: datetime | None = None) -> str:
    """`Fri 20 Nov` in the member's time zone (with the year when it is not this year)."""
    day = moment.astimezone(zone(tz)).date() if isinstance(moment, datetime) else moment
    text = f"{day:%a} {day.day} {day:%b}"
    this_year = (now or utcnow()).astimezone(zone(tz)).year
    return text if day.year == this_year else f"{text} {day.year}"


def problem_text(runtime: Runtime, error: CheckinInputError) -> str:
    """One kind sentence saying what was wrong."""
    return runtime.prompts.render(
        "checkin/problem", problem=error.problem, note_limit=checkins.NOTE_LIMIT
    )


def explain(runtime: Runtime, error: CheckinInputError) -> str:
    """What was wrong, then the forms `/checkin` accepts (nothing was saved)."""
    usage = runtime.prompts.render(
        "checkin/usage", pause=isinstance(error, checkins.PauseInputError)
    )
    return f"{problem_text(runtime, error)}\n{usage}"


async def refresh_time_zone(
    runtime: Runtime, client: AsyncWebClient, team_id: str, user_id: str
) -> None:
    """Read a known member's time zone when Kindred has not lately: from the directory, or
    from users.info for someone the directory lacks.

    Weeks, streaks and reminder times are local; a member Slack cannot tell us about keeps the
    time zone we had.
    """
    now = utcnow()
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        if member is None or (
            member.tz_checked_at is not None and member.tz_checked_at > now - PROFILE_MAX_AGE
        ):
            return
    try:
        profile = await person(runtime, client, team_id, user_id)
        tz = profile.tz if profile is not None else None
    except SlackApiError as exc:
        logger.warning("could not read a member's time zone: %s", exc.response.get("error"))
        tz = None
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        if member is not None:
            record_time_zone(member, tz, now)


async def open_checkin_modal(
    runtime: Runtime,
    client: AsyncWebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    origin: dict[str, Any] | None = None,
) -> None:
    """Open the check-in modal. `origin` (a reminder message, or Home) rides in the metadata."""
    async with runtime.db.session() as session:
        member = await get_member(session, team_id, user_id)
        turn = await checkins.count(session, team_id, user_id)
    labels = runtime.prompts.labels(CHECKIN_LABELS)
    manager = member.manager_user_id if member else None
    share = None
    if manager is not None:
        # Say who the check-in would go to; a plain-text box cannot show a <@mention>.
        try:
            name = (await fetch_profile(client, manager)).name
        except SlackApiError as exc:
            logger.warning("could not read the manager's name: %s", exc.response.get("error"))
            name = ""
        label = runtime.prompts.render("checkin/share_label", manager_name=name)
        share = (label, labels["share_hint"])
    view = checkin_modal(
        title=labels["modal_title"],
        submit=labels["modal_submit"],
        close=labels["modal_close"],
        mood_question=labels["mood_question"],
        mood_labels=mood_labels(runtime),
        note_question=runtime.prompts.render("checkin/question", turn=turn),
        note_placeholder=labels["note_placeholder"],
        note_limit=checkins.NOTE_LIMIT,
        share=share,
        footer=runtime.prompts.render("checkin/modal_footer", manager=manager),
        # The manager the box names: a share goes to them only (see checkins.record).
        private_metadata=json.dumps(
            {**(origin or {}), **({"manager": manager} if manager else {})}
        ),
        appreciate=(labels["appreciate_label"], labels["appreciate_hint"]),
    )
    await client.views_open(trigger_id=trigger_id, view=view)


async def save_checkin(
    runtime: Runtime,
    team_id: str,
    user_id: str,
    entry: CheckinInput,
    *,
    source: str,
    share_with_manager: bool = False,
    shown_manager: str | None = None,
) -> CheckIn:
    """Store a validated check-in for the person who sent it."""
    async with runtime.db.session() as session:
        saved = await checkins.record(
            session,
            team_id,
            user_id,
            entry,
            source=source,
            now=utcnow(),
            share_with_manager=share_with_manager,
            shown_manager=shown_manager,
        )
    logger.info("check-in saved (%s)", source)  # never the mood or the note
    return saved


async def thanks_text(runtime: Runtime, checkin: CheckIn) -> str:
    """The validating reply to a check-in: it hears the note, and counts weeks only if asked."""
    async with runtime.db.session() as session:
        member = await get_member(session, checkin.team_id, checkin.user_id)
        summary = await checkins.summary(
            session, checkin.team_id, checkin.user_id, member.tz if member else None, utcnow()
        )
    return runtime.prompts.render(
        "checkin/thanks",
        mood=checkin.mood,
        turn=max(0, summary.count - 1),  # a first check-in gets the first line
        themes=note_themes(checkin.note),
        streak=summary.streak,
        show_streak=runtime.settings.KINDRED_SHOW_STREAKS,
        shared_with=checkin.shared_with,
    )


async def send_appreciation(
    runtime: Runtime, client: AsyncWebClient, member_id: str, colleague: str
) -> None:
    """A short private thank-you from the member to the colleague they chose.

    Sent straight to Slack, not through the outbox, so Kindred keeps no record of who thanked
    whom; it says nothing about the member's check-in.
    """
    text = runtime.prompts.render("checkin/appreciation", member_id=member_id)
    await client.chat_postMessage(channel=colleague, text=text, unfurl_links=False)


async def after_checkin_saved(runtime: Runtime, client: AsyncWebClient, checkin: CheckIn) -> None:
    """Everything that follows a saved check-in, once its author has been thanked.

    Every surface (modal, quick form, reminder buttons, App Home) calls this with the saved
    check-in, so it is the one place that looks at a saved note. Words that suggest a crisis
    bring the author an acknowledgement and then support resources (prompts/checkin/crisis.j2),
    privately; the note is
    stored as usual and nobody else is told, nor is it logged. A check-in its author chose to
    share goes to their manager, exactly as written.
    """
    if checkin.note and mentions_crisis(checkin.note):
        resources = runtime.prompts.render("checkin/crisis")
        await client.chat_postMessage(channel=checkin.user_id, text=resources, unfurl_links=False)
    manager = checkin.shared_with
    if manager is None:
        return
    text = runtime.prompts.render(
        "checkin/shared",
        member_id=checkin.user_id,
        mood_label=mood_labels(runtime)[checkin.mood],
        note=checkin.note,
        hard=is_hard(checkin.mood),
    )
    await client.chat_postMessage(channel=manager, text=text, unfurl_links=False)

"""The weekly manager nudge: due at each manager's local nudge time, composed at send time.

What the nudge holds is decided in bot/services/nudges.py; this module asks Slack who is away,
renders the wording from prompts/nudges/ and lays it out with bot/slack/blocks.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip
from bot.prompts import Prompts
from bot.runtime import Runtime
from bot.services import nudges, releases
from bot.services.members import get_member, record_time_zone
from bot.services.outbox import Due
from bot.services.schedule import utcnow, zone
from bot.slack.blocks import (
    NUDGE_SETTINGS_BLOCK,
    NUDGE_TIP_BLOCK,
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    section,
    suggestion_block_id,
    suggestion_text_block_id,
)
from bot.slack.directory import people, person
from bot.store.models import Delivery

GONE = "no longer in Slack"

# Button action IDs (bot/listeners/actions/ handles them).
DONE_ACTION = "nudge_done"
SNOOZE_ACTION = "nudge_snooze"
HELPFUL_ACTION = "nudge_tip_helpful"
UNHELPFUL_ACTION = "nudge_tip_unhelpful"
STOP_ACTION = "nudge_stop"
REVISIT_YES_ACTION = "nudge_revisit_yes"
REVISIT_NO_ACTION = "nudge_revisit_no"

# At most this many reports are considered per nudge to find some who are not away.
MAX_PROFILE_CHECKS = 6
# A message holds at most 50 blocks; shared check-ins beyond this are counted, not shown.
SHARED_SHOWN = 20
NOTE_SHOWN = 1500
BAR_WIDTH = 10


def button_value(delivery_id: int, subject: str = "") -> str:
    """A button's value: the nudge it belongs to and what it is about (a person or a tip)."""
    return f"{delivery_id}:{subject}"


def parse_button_value(value: str) -> tuple[int, str] | None:
    """(delivery id, subject) from a button value, or None if it is not one of ours."""
    delivery, _, subject = value.partition(":")
    return (int(delivery), subject) if delivery.isdigit() else None


async def find_due(session: AsyncSession, runtime: Runtime, as_of: datetime) -> list[Due]:
    """Managers whose weekly nudge is due at `as_of`."""
    return await nudges.due_nudges(session, as_of)


async def _available(
    runtime: Runtime,
    client: AsyncWebClient,
    team_id: str,
    candidates: Sequence[str],
    wanted: int,
) -> list[str]:
    """The first `wanted` candidates the directory does not show as away or deactivated."""
    now = utcnow()
    checked = candidates[:MAX_PROFILE_CHECKS]
    profiles = await people(runtime, client, team_id, checked)
    chosen = [
        user_id
        for user_id in checked
        if user_id in profiles
        and profiles[user_id].reachable
        and not profiles[user_id].away_at(now)
    ]
    return chosen[:wanted]


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """The nudge for one outbox row, or why it is no longer wanted."""
    team_id, manager_id = delivery.team_id, delivery.recipient
    async with runtime.db.session() as session:
        manager = await get_member(session, team_id, manager_id)
        if manager is None:
            return Skip("not a member")
        # The nudge is about the 7 days before its slot, however late it is sent.
        as_of = nudges.slot_instant(
            delivery.period, manager.tz, manager.nudge_weekday, manager.nudge_time
        )
        reason = await nudges.skip_reason(session, team_id, manager_id, as_of)
    if reason is not None:
        return Skip(reason)
    profile = await person(runtime, client, team_id, manager_id)
    if profile is None:
        return Skip(GONE)
    if not profile.reachable:
        return Skip("deactivated")
    if profile.away_at(utcnow()):
        return Skip("away (Slack status)")

    k = runtime.settings.KINDRED_MIN_GROUP
    # Reads first; everything this nudge records is written in one short transaction at the
    # end (SQLite has one writer at a time, and the sender composes several nudges at once).
    async with runtime.db.session() as session:
        # Made and stored once: a retry, Home and next week's comparison read the same figures.
        pulse = await releases.release_for(session, team_id, manager_id, delivery.period, as_of, k)
    async with runtime.db.session() as session:
        plan = await nudges.plan_nudge(session, team_id, manager_id, delivery.id, as_of, pulse)
    suggested = plan.suggested
    if not suggested and plan.candidates:
        wanted = nudges.suggestion_count(plan.team_size)
        suggested = await _available(runtime, client, team_id, plan.candidates, wanted)
    new_suggestions = suggested != plan.suggested
    tz = profile.tz or manager.tz
    if new_suggestions or plan.tip_is_new or tz != manager.tz:
        async with runtime.db.session() as session:
            if new_suggestions:
                await nudges.record_suggestions(
                    session, team_id, manager_id, delivery.id, suggested, as_of
                )
            if plan.tip_is_new and plan.tip is not None:
                nudges.record_tip(session, team_id, manager_id, delivery.id, plan.tip)
            if tz != manager.tz:
                member = await get_member(session, team_id, manager_id)
                if member is not None:
                    record_time_zone(member, tz, utcnow())
    return nudge_message(
        runtime.prompts,
        delivery_id=delivery.id,
        min_group=k,
        tz=tz,
        team_size=plan.team_size,
        done_last_time=plan.done_last_time,
        revisit=plan.revisit,
        one_to_one_turn=plan.one_to_one_turn,
        pulse=plan.pulse,
        shared=plan.shared,
        suggested=suggested,
        tip=plan.tip,
    )


def _distribution(counts: Sequence[int]) -> list[dict[str, int]]:
    most = max(counts) or 1
    rows = []
    for mood, count in reversed(list(zip(releases.MOODS, counts, strict=True))):
        rows.append({"mood": mood, "count": count, "bar": round(count * BAR_WIDTH / most)})
    return rows


def _note(note: str | None) -> str | None:
    if not note or not note.strip():
        return None
    note = note.strip()
    return note if len(note) <= NOTE_SHOWN else note[: NOTE_SHOWN - 1] + "…"


def nudge_message(
    prompts: Prompts,
    *,
    delivery_id: int,
    min_group: int,
    tz: str,
    team_size: int,
    done_last_time: int,
    pulse: releases.Release,
    shared: Sequence[nudges.SharedCheckIn],
    suggested: Sequence[str],
    tip: str | None,
    revisit: Sequence[str] = (),
    one_to_one_turn: int = 0,
) -> OutgoingMessage:
    """Lay out the nudge in the order a manager acts on it: what was shared with them, whom to
    check in with (and how), the team pulse with what it calls for, a tip, one privacy line."""
    words = prompts.labels("nudges/labels")
    intro = prompts.render(
        "nudges/intro", team_size=team_size, done_last_time=done_last_time, revisit=list(revisit)
    )
    blocks: list[Block] = [section(intro)]
    if shared:
        blocks.append(section(prompts.render("nudges/shared_intro", count=len(shared))))
        for checkin in shared[-SHARED_SHOWN:]:
            local: dict[str, Any] = {
                "user": checkin.user_id,
                "mood": checkin.mood,
                "note": _note(checkin.note),
                "weekday": checkin.created_at.astimezone(zone(tz)).weekday(),
            }
            blocks.append(section(prompts.render("nudges/shared_checkin", **local)))
        if len(shared) > SHARED_SHOWN:
            more = len(shared) - SHARED_SHOWN
            blocks.append(context(prompts.render("nudges/shared_more", count=more)))
    if suggested:
        for turn, user_id in enumerate(suggested, start=one_to_one_turn):
            text = prompts.render("nudges/suggestion", user=user_id, turn=turn)
            blocks.append(section(text) | {"block_id": suggestion_text_block_id(user_id)})
            value = button_value(delivery_id, user_id)
            blocks.append(
                actions(
                    suggestion_block_id(user_id),
                    [
                        button(words["done"], DONE_ACTION, value, style="primary"),
                        button(words["snooze"], SNOOZE_ACTION, value),
                    ],
                )
            )
    else:
        blocks.append(section(prompts.render("nudges/suggest_none")))
    if pulse.average is not None:
        text = prompts.render(
            "nudges/pulse",
            responses=pulse.responses,
            min_group=min_group,
            average=pulse.average,
            change=pulse.change,
            distribution=_distribution(pulse.distribution) if pulse.distribution else [],
        )
    else:
        text = prompts.render("nudges/pulse_hidden", min_group=min_group)
    blocks.append(section(text))
    if pulse.read_the_room:
        blocks.append(
            section(prompts.render("nudges/read_the_room", dipped=pulse.dipped, low=pulse.low))
        )
    elif pulse.change is not None and pulse.change > 0:
        blocks.append(section(prompts.render("nudges/celebrate")))
    if tip is not None:
        blocks.append(section(prompts.render(f"nudges/tips/{tip}")))
        value = button_value(delivery_id, tip)
        blocks.append(
            actions(
                NUDGE_TIP_BLOCK,
                [
                    button(words["helpful"], HELPFUL_ACTION, value),
                    button(words["unhelpful"], UNHELPFUL_ACTION, value),
                ],
            )
        )
    stop = confirm_dialog(words["stop_title"], words["stop_text"], words["stop_yes"], words["keep"])
    footer = section(prompts.render("nudges/footer", min_group=min_group))
    # The privacy line and "Stop these nudges" share one line: the button sits beside it.
    footer["block_id"] = NUDGE_SETTINGS_BLOCK
    footer["accessory"] = button(
        words["stop"], STOP_ACTION, button_value(delivery_id), confirm=stop
    )
    blocks.append(footer)
    return OutgoingMessage(text=prompts.render("nudges/text"), blocks=blocks)


def revisit_buttons(prompts: Prompts, delivery_id: int, user_id: str) -> Block:
    """After Done: is anything worth coming back to next week? Yes / Not this time."""
    words = prompts.labels("nudges/labels")
    value = button_value(delivery_id, user_id)
    return actions(
        suggestion_block_id(user_id),
        [
            button(words["revisit_yes"], REVISIT_YES_ACTION, value),
            button(words["revisit_no"], REVISIT_NO_ACTION, value),
        ],
    )


KIND = DeliveryKind(nudges.MANAGER_NUDGE, find_due, compose)

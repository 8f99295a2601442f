"""Read the room's modals: templates supply the words, blocks.py the structure."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.prompts import Prompts
from bot.services.room import RoomReading
from bot.slack.blocks import room_loading_modal, room_modal


def loading_modal(prompts: Prompts) -> dict[str, Any]:
    """Shown at once (the trigger expires in 3 seconds) while Kindred reads."""
    return room_loading_modal(prompts.render("room/loading"))


def reading_modal(prompts: Prompts, reading: RoomReading) -> dict[str, Any]:
    """What Read the room found, with tips for replying."""
    sections = [
        prompts.render(
            "room/summary",
            messages=reading.messages,
            people=reading.people,
            tone=reading.tone,
            score=reading.score,
            trend=reading.trend,
            in_thread=reading.in_thread,
            english=reading.english,
        )
    ]
    if reading.messages:
        sections.append(
            prompts.render("room/signals", signals=[asdict(s) for s in reading.signals])
        )
        if reading.sarcasm or reading.shouting:
            sections.append(
                prompts.render(
                    "room/tone_signals",
                    sarcasm=[asdict(s) for s in reading.sarcasm],
                    shouting=[asdict(s) for s in reading.shouting],
                )
            )
        tips = [prompts.render("room/tips_intro")]
        tips += [prompts.render(f"room/tips/{name}") for name in reading.tips]
        sections.append("\n".join(tips))
    return room_modal(sections, prompts.render("room/private"))


def cant_read_modal(prompts: Prompts, reason: str, error: str) -> dict[str, Any]:
    """Why Kindred could not read the conversation, and what the person can do."""
    return room_modal(
        [prompts.render("room/cant_read", reason=reason, error=error)],
        prompts.render("room/private"),
    )

"""The manager nudge's words, order and length; its 1:1 questions rotate from the templates."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from rich.console import Console
from sqlalchemy import select

from bot.deliveries.manager_nudge import nudge_message
from bot.prompts import Prompts
from bot.runtime import Runtime
from bot.sandbox import terminal
from bot.sandbox.standin import SlackStandIn
from bot.services import nudges, releases
from bot.store.models import NudgeFeedback
from tests.deliveries.test_manager_nudge import (
    BERLIN,
    MONDAY_0830,
    TEAM,
    composed,
    cycle,
    mentioned,
    posts,
    seed_team,
    the_nudge,
)
from tests.support.blockkit import assert_valid_blocks

# Slack's message column on a desktop window of about 1280 px holds roughly this many characters.
SLACK_DESKTOP_COLUMNS = 100
LINE_BUDGET = 20
NAMES = {"U0ADA": "Ada", "U0BEN": "Ben", "U0CHLOE": "Chloe", "U0DEV": "Dev"}


def busy_nudge(
    change: float | None = -0.6, average: float = 2.9, **extra: object
) -> list[dict[str, object]]:
    """A nudge with everything at once: a reminder, a shared note, two people, a dip, a tip."""
    pulse = releases.Release(
        period="2026-W48",
        as_of=datetime(2026, 11, 23, tzinfo=UTC),
        team_size=6,
        form=releases.FULL,
        responses=6,
        average=average,
        distribution=(0, 2, 3, 1, 0),
        change=change,
    )
    shared = nudges.SharedCheckIn(
        "U0ADA",
        2,
        "Rough week with the move.\nThanks for asking.",
        datetime(2026, 11, 18, tzinfo=UTC),
    )
    context = {
        "delivery_id": 7, "min_group": 5, "tz": "Europe/London", "team_size": 6,
        "done_last_time": 1, "pulse": pulse, "shared": [shared], "suggested": ["U0BEN", "U0CHLOE"],
        "tip": "listen_and_acknowledge", "revisit": ["U0DEV"], "one_to_one_turn": 3,
    } | extra  # fmt: skip
    message = nudge_message(Prompts(), **context)  # type: ignore[arg-type]
    assert_valid_blocks(message.blocks)
    return message.blocks


def rendered(blocks: list[dict[str, object]], width: int = SLACK_DESKTOP_COLUMNS) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    for renderable in terminal.render_blocks(blocks, NAMES):
        console.print(renderable)
    return console.export_text().rstrip("\n").splitlines()


def test_the_busiest_nudge_fits_the_line_budget_with_one_privacy_line() -> None:
    lines = rendered(busy_nudge())
    assert len(lines) <= LINE_BUDGET, "\n".join(lines)
    text = "\n".join(lines)
    assert text.count("🔒") == 1 and text.count("never who") == 1
    # Ordered by what to do first: answer what was shared, check in, then the pulse, then a tip.
    order = ["Last time you wanted", "shared on", "Check in with @Ben", "Team pulse", "Tip:"]
    positions = [text.find(marker) for marker in order]
    assert -1 not in positions and positions == sorted(positions), positions


def test_a_week_that_went_up_is_celebrated_in_words_and_a_dip_asks_what_can_wait() -> None:
    up = "\n".join(rendered(busy_nudge(change=0.4, average=3.4)))
    assert "A lighter week" in up and "dropped or delayed" not in up
    down = "\n".join(rendered(busy_nudge(change=-0.6)))
    assert "dropped or delayed" in down and "A lighter week" not in down
    first_week = "\n".join(rendered(busy_nudge(change=None, average=3.4)))
    assert "A lighter week" not in first_week and "dropped or delayed" not in first_week
    for text in (up, down, first_week):
        assert not re.search(r"\b\d(?:\.\d)?\s*/\s*5\b|out of 5", text)


def one_to_one(blocks: list[dict[str, object]]) -> list[tuple[str, str]]:
    """(question, rephrase) of each suggestion in a nudge."""
    found = []
    for block in blocks:
        text = str(block.get("text", {}).get("text", "")) if block["type"] == "section" else ""  # type: ignore[union-attr]
        if match := re.search(r"Ask “(.+?)”, then rephrase: “(.+?)”", text):
            found.append((match[1], match[2]))
    return found


async def test_each_suggestion_carries_a_question_and_a_rephrase_that_rotate(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    await seed_team(runtime, standin, 6)
    weeks = []
    for week in range(3):
        await cycle(runtime, MONDAY_0830 + timedelta(weeks=week))
        (nudge,) = [p for p in posts(standin) if p.params["channel"] == BERLIN][week : week + 1]
        weeks.append(one_to_one(nudge.params["blocks"]))
    assert [len(pairs) for pairs in weeks] == [2, 2, 2]  # one per suggested person
    questions = [question for pairs in weeks for question, _ in pairs]
    rephrases = {rephrase for pairs in weeks for _, rephrase in pairs}
    assert len(set(questions)) == 6, questions  # six suggestions, six different questions
    assert len(rephrases) == 3 and all("…" in r for r in rephrases)


async def test_worth_coming_back_to_is_only_asked_after_done_and_kept_as_yes_or_no(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    await seed_team(runtime, standin, 3)
    delivery = await the_nudge(runtime)
    (suggested,) = mentioned(await composed(runtime, delivery)) - {BERLIN}
    async with runtime.db.session() as session:

        async def answer(action: str) -> nudges.Recorded:
            return await nudges.record_action(session, TEAM, BERLIN, delivery.id, action, suggested)

        assert await answer(nudges.REVISIT_YES) is nudges.Recorded.REFUSED  # no Done yet
        assert await answer(nudges.DONE) is nudges.Recorded.RECORDED
        assert await answer(nudges.REVISIT_YES) is nudges.Recorded.RECORDED
        assert await answer(nudges.REVISIT_NO) is nudges.Recorded.ALREADY
        rows = await session.scalars(
            select(NudgeFeedback).where(NudgeFeedback.action.in_(nudges.REVISIT_ACTIONS))
        )
        assert [(r.action, r.subject) for r in rows] == [(nudges.REVISIT_YES, suggested)]

"""Property: whatever happens to a team, no release lets its manager pin down anyone's mood.

Random weeks of check-ins (some shared), team changes (a manager removing someone, a report
leaving, `/checkin forget`, an org chart re-imported, someone asked back who accepts) and weekly
releases, for teams of 3 to 12, through the services the listeners call. For every release:

- it says exactly what the documented rules say about the true answers (the pool: people on the
  team at the release who did not share with this manager in its window, each with their latest
  check-in of the window), and its change is the difference of the two stored averages only
  when the team is the same as at the release before;
- an exact adversary (tests/support/adversary.py), who knows those rules, the team, its
  changes and every shared check-in, finds no report whose mood is determined.

Windows of one manager never overlap and each release depends on its own window only, so the
adversary's knowledge about one window is what that window's release (and shares) told her.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.services import checkins, releases, teams
from bot.services.checkins import CheckinInput
from bot.services.releases import HIDDEN, Figures, decide
from bot.store.db import Database
from tests.support.adversary import possible_moods

FIRST_SLOT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
WEEK = timedelta(days=7)
BOSS = "U0BOSS"
_workspaces = itertools.count()

CHANGES = ("remove", "leave", "forget", "reimport", "add")


@dataclass
class Truth:
    """What really happened, kept by the test on its own."""

    answers: dict[str, list[tuple[datetime, int, str | None]]] = field(default_factory=dict)
    previous: tuple[frozenset[str], releases.Release] | None = None


@st.composite
def week_plan(draw: st.DrawFn) -> dict:
    """Fourteen chances to check in (0: no answer), some shared, and up to two team changes.

    Moods come from a palette of one to three, so weeks where everyone answered alike (or
    at the extremes), the cases most likely to give answers away, come up often.
    """
    palette = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    moods = draw(st.lists(st.sampled_from([0, *palette, *palette]), min_size=14, max_size=14))
    return {
        "moods": moods,
        "shares": draw(st.lists(st.booleans(), min_size=14, max_size=14)),
        "changes": draw(
            st.lists(st.tuples(st.sampled_from(CHANGES), st.integers(0, 13)), max_size=2)
        ),
    }


async def play(settings_: Settings, size: int, k: int, weeks: list[dict]) -> None:
    team_id = f"T{next(_workspaces):05d}"
    people = [f"U0R{i:02d}" for i in range(size + 2)]  # two who start off the team
    runtime = build_runtime(settings_)
    truth = Truth()
    try:
        async with runtime.db.session() as session:
            chart = dict.fromkeys(people[:size], BOSS)
            await teams.replace_chart(session, team_id, chart, FIRST_SLOT - 3 * WEEK)
        for week, plan in enumerate(weeks):
            slot = FIRST_SLOT + week * WEEK
            await live_a_week(runtime, team_id, people, plan, slot, truth)
            await release_and_check(runtime, team_id, slot, k, truth, week)
    finally:
        await runtime.db.dispose()


async def live_a_week(
    runtime: Runtime, team_id: str, people: list[str], plan: dict, slot: datetime, truth: Truth
) -> None:
    db = runtime.db
    moments = iter(slot - WEEK + timedelta(hours=1 + h) for h in range(100))
    changes_at = {3: plan["changes"][:1], 9: plan["changes"][1:]}
    for i, (mood, share) in enumerate(zip(plan["moods"], plan["shares"], strict=True)):
        for change, who in changes_at.get(i, []):
            await change_team(db, team_id, people, change, people[who % len(people)], next(moments))
            if change == "forget":
                truth.answers.pop(people[who % len(people)], None)
        user = people[i % len(people)]
        if mood:
            now = next(moments)
            async with db.session() as session:
                on_team = user in await teams.current_reports(session, team_id, BOSS)
                saved = await checkins.record(
                    session,
                    team_id,
                    user,
                    CheckinInput(mood, None),
                    source="quick",
                    now=now,
                    share_with_manager=share,
                )
                # Everyone's manager is BOSS or nobody: a share goes to BOSS while on her team.
                shared_with = BOSS if share and on_team else None
                assert saved.shared_with == shared_with
                truth.answers.setdefault(user, []).append((now, mood, shared_with))


async def change_team(
    db: Database, team_id: str, people: list[str], change: str, who: str, now: datetime
) -> None:
    async with db.session() as session:
        current = await teams.current_reports(session, team_id, BOSS)
        if change == "remove":
            await teams.set_reports(session, team_id, BOSS, [u for u in current if u != who], now)
        elif change == "leave":
            await teams.leave_team(session, team_id, who, BOSS, now)
        elif change == "forget":
            await checkins.forget(session, team_id, who, now)
        elif change == "reimport":
            kept = [u for u in people if u != who and (u in current or u > who)]
            await teams.replace_chart(session, team_id, dict.fromkeys(kept, BOSS), now)
        else:
            await teams.set_reports(session, team_id, BOSS, [*current, who], now)
            for request in await teams.pending_requests(session, team_id, BOSS):
                await teams.answer_request(session, team_id, request.user_id, request.id, True, now)


async def release_and_check(
    runtime: Runtime, team_id: str, slot: datetime, k: int, truth: Truth, week: int
) -> None:
    db = runtime.db
    async with db.session() as session:
        team = frozenset(await teams.current_reports(session, team_id, BOSS))
        shown = await releases.release_for(session, team_id, BOSS, f"W{week}", slot, k)

    # What the rules say about the true answers of the window.
    start = slot - WEEK
    in_window = {
        user: [a for a in answers if start <= a[0] < slot]
        for user, answers in truth.answers.items()
        if user in team
    }
    known = {user for user, answers in in_window.items() if any(a[2] == BOSS for a in answers)}
    pool = sorted(team - known)
    answers = [in_window[u][-1][1] for u in pool if in_window.get(u)]
    expected = decide(answers, len(pool), k)
    got = Figures(
        shown.form,
        shown.responses,
        None if shown.average is None else round(shown.average * 10),
        shown.distribution,
    )
    assert got == expected

    change = None
    if truth.previous is not None:
        before_team, before = truth.previous
        if before_team == team and before.average is not None and shown.average is not None:
            change = round(shown.average - before.average, 1)
    assert shown.change == change
    truth.previous = (team, shown)

    # The exact adversary: no release pins down anyone's mood.
    if shown.form != HIDDEN:
        assert len(possible_moods(len(pool), k)[expected]) > 1, (expected, len(pool))


@examples(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    size=st.integers(3, 12),
    k=st.sampled_from([3, 5]),
    weeks=st.lists(week_plan(), min_size=2, max_size=3),
)
def test_no_sequence_of_check_ins_and_team_changes_pins_down_a_mood(
    settings: Settings, size: int, k: int, weeks: list[dict]
) -> None:
    asyncio.run(play(settings, size, k, weeks))

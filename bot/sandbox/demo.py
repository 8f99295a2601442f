"""`kindred demo`: a scripted week of Kindred in the terminal, with no Slack workspace at all.

A `Sandbox` (the Web API stand-in and the real `kindred serve` on a throw-away SQLite database)
plays the week through signed requests, and every step is printed as the person in it would see
it in Slack, with who else can see it. The demo is also a smoke test: a step that does not produce
what it should stops the week with one line saying which, and a non-zero exit status.
"""

from __future__ import annotations

import signal
import subprocess
import time as clock
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

import httpx
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from bot.deliveries.manager_nudge import DONE_ACTION, REVISIT_YES_ACTION
from bot.prompts import Prompts
from bot.sandbox import terminal
from bot.sandbox.workspace import (
    GENERAL_CHANNEL,
    GENERAL_NAME,
    MANAGER,
    PEOPLE,
    SPACE_CHANNEL,
    SPACE_NAME,
    Sandbox,
    SandboxError,
    Surface,
)
from bot.slack.blocks import (
    ACTION_ME_TOO,
    ACTION_REPLY,
    FOCUS_ACTION,
    KINDLY_REWRITE_ACTION,
    MOOD_ACTION_PREFIX,
    SPACE_TEXT_ACTION,
)
from bot.store.models import (
    DEFAULT_NUDGE_TIME,
    DEFAULT_NUDGE_WEEKDAY,
    DEFAULT_REMINDER_TIME,
    DEFAULT_REMINDER_WEEKDAY,
)

ADA, BEN, CHLOE, DEV = PEOPLE[1:5]
EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130
# The manager's nudge slot (the default: Monday 09:30 at the manager's local time) and the
# members' reminder slot (Friday 15:00 at theirs).
NUDGE_WEEKDAY, NUDGE_TIME = DEFAULT_NUDGE_WEEKDAY, DEFAULT_NUDGE_TIME
REMINDER_WEEKDAY, REMINDER_TIME = DEFAULT_REMINDER_WEEKDAY, DEFAULT_REMINDER_TIME
# Check-ins carry the real time, and a nudge's pulse covers the 7 days before its slot: the week
# played is the one that ends at the manager's next slot at least this far ahead (the check-ins
# are all made within the demo's first half minute).
DEMO_MARGIN = timedelta(minutes=2)
HARSH_DRAFT = (
    "You always ship broken code and never test anything. In yesterday's release you skipped "
    "the checklist and we spent the evening rolling back. Honestly, it's lazy, and the whole "
    "team is tired of cleaning up after you."
)
# What the coaching must show for it: a finding that quotes Dev's words, and a rewrite built
# from the one observable statement in the draft.
HARSH_DRAFT_QUOTE = "“lazy”"
HARSH_DRAFT_BEHAVIOUR = "you skipped the checklist"
TENSE_THREAD = (
    (BEN, "Deploy is broken AGAIN. Who merged this without testing?? Third time this week."),
    (ADA, "Not me. I've been on the incident since 6am and I'm honestly exhausted."),
    (DEV, "This is so frustrating. We keep rushing and nobody listens when we say we need time."),
    (BEN, "Whatever. Just fix it ASAP, I'm sick of this."),
)


DETAIL_LINES = 25  # of Kindred's log, shown above the verdict when a step fails


class DemoFailed(Exception):
    """A step did not produce what it should; the message says which, in one line."""


@dataclass(frozen=True)
class Week:
    """The dates of the week played: its Monday, Dev's reminder, and Maya's nudge after it."""

    monday: date
    reminder_at: datetime
    nudge_at: datetime
    # Only in the two minutes before a Monday slot: the week can start once the slot has passed.
    not_before: datetime | None = None

    def at(self, weekday: int, hour: int, minute: int) -> str:
        """A step's time for its title, e.g. "Tuesday 13:05"."""
        day = self.monday + timedelta(days=weekday)
        return f"{day:%A} {hour:02d}:{minute:02d}"


def plan_week(now: datetime, manager_tz: str, member_tz: str) -> Week:
    """The week that ends with the manager's next nudge slot (Monday 09:30, their local time).

    The nudge's pulse counts check-ins in the 7 days before its slot, and check-ins are stamped
    with the real clock, so the slot must be after the demo (DEMO_MARGIN away at least) and at
    most 7 days after its check-ins. The member's reminder is that week's Friday 15:00, at the
    member's local time.
    """
    zone = ZoneInfo(manager_tz)
    local = now.astimezone(zone)
    this_monday = local.date() - timedelta(days=(local.weekday() - NUDGE_WEEKDAY) % 7)
    slot_day = this_monday
    if datetime.combine(slot_day, NUDGE_TIME, zone) <= local + DEMO_MARGIN:
        slot_day += timedelta(days=7)
    nudge_at = datetime.combine(slot_day, NUDGE_TIME, zone)
    monday = slot_day - timedelta(days=7)
    week_opens = datetime.combine(monday, NUDGE_TIME, zone)
    friday = monday + timedelta(days=REMINDER_WEEKDAY - NUDGE_WEEKDAY)
    return Week(
        monday=monday,
        reminder_at=datetime.combine(friday, REMINDER_TIME, ZoneInfo(member_tz)),
        nudge_at=nudge_at,
        not_before=week_opens if week_opens > local else None,
    )


def _ephemeral_for(viewer: str, surface: Surface) -> bool:
    """`surface` is an ephemeral message only `viewer` sees."""
    return surface.kind == "ephemeral" and surface.viewer == viewer


class Demo:
    """Plays the week on a running sandbox and prints it."""

    def __init__(self, sandbox: Sandbox, console: Console, week: Week) -> None:
        self.sandbox = sandbox
        self.console = console
        self.week = week
        self.names = {p.user_id: p.name for p in sandbox.people} | {
            SPACE_CHANNEL: SPACE_NAME,
            GENERAL_CHANNEL: GENERAL_NAME,
        }
        self.current = "starting the week"

    # ------------------------------------------------------------------ printing

    def step(self, when: str, title: str) -> None:
        self.current = f"{when} — {title}"
        self.console.print()
        self.console.print(Rule(Text(f"{when} — {title}", "bold"), align="left", style="cyan"))

    def act(self, who: str, what: str) -> None:
        """What a person does, in the words of the step (never read as markup)."""
        self.console.print(Text.assemble(("▶ ", "cyan"), (who, "bold"), (" ", ""), (what, "")))

    def show(self, surfaces: Sequence[Surface] | Surface) -> None:
        shown = [surfaces] if isinstance(surfaces, Surface) else list(surfaces)
        for surface in shown:
            rendered = terminal.render_surface(surface, self.names)
            self.console.print(Padding(rendered, (1, 0, 0, 2), expand=False))

    def note(self, text: str) -> None:
        self.console.print(Padding(Text(text, "dim italic"), (1, 0, 0, 2), expand=False))

    # ------------------------------------------------------------------ checks

    @staticmethod
    def expect(
        surfaces: Sequence[Surface], what: str, matches: Callable[[Surface], bool]
    ) -> Surface:
        """The first surface that `matches`, or DemoFailed saying what was missing."""
        for surface in surfaces:
            if matches(surface):
                return surface
        seen = ", ".join(f"{s.kind}/{s.change} for {s.viewer or 'everyone'}" for s in surfaces)
        raise DemoFailed(f"{what}: Kindred showed {seen or 'nothing'}")

    # ------------------------------------------------------------------ the week

    def play(self) -> None:
        self.welcome()
        self.modal_checkin()
        self.quick_checkins()
        self.anonymous_post_and_reply()
        self.kindly()
        self.read_the_room()
        self.reminder_and_click()
        self.manager_nudge()
        self.follow_up()

    def welcome(self) -> None:
        self.step(self.week.at(0, 9, 0), f"{ADA.name} joins {MANAGER.name}'s team on Kindred")
        dm = self.sandbox.conversation(ADA.user_id, self.sandbox.dm_channel(ADA.user_id))
        self.show(self.expect(dm, f"{ADA.name}'s welcome message", lambda s: s.kind == "message"))

    def modal_checkin(self) -> None:
        ada = ADA.user_id
        self.step(self.week.at(0, 9, 12), f"{ADA.name} checks in with /checkin")
        self.act(ADA.name, "types /checkin in her DM with Kindred")
        opened = self.sandbox.command(ada, "/checkin")
        self.show(self.expect(opened, "the check-in window", lambda s: s.kind == "modal"))
        self.act(
            ADA.name,
            f"picks 2, writes a note, ticks “share with {MANAGER.name}”, names {BEN.name} as"
            " who made her week easier, and presses Submit",
        )
        saved = self.sandbox.submit(
            ada,
            {
                "mood": "2",
                "note": "Busy week, but a long walk on Sunday helped",
                "share": ["share"],
                "appreciate": BEN.user_id,
            },
        )
        thanks = self.expect(
            saved,
            "the thank-you after a modal check-in",
            lambda s: s.kind == "modal" and s.change == "updated" and not s.errors,
        )
        self.show(thanks)
        self.sandbox.close_modal(ada)
        self.note(f"{BEN.name} gets a thank-you from {ADA.name}; Kindred keeps no record of it:")
        self.show(self.latest_dm(BEN.user_id, f"{BEN.name}'s thank-you from {ADA.name}"))
        self.note(
            f"{MANAGER.name} gets the check-in {ADA.name} chose to share, with one open question"
            " to start:"
        )
        self.show(self.latest_dm(MANAGER.user_id, f"the check-in {ADA.name} shared"))

    def latest_dm(self, user_id: str, what: str) -> Surface:
        """The newest message in someone's DM with Kindred."""
        dm = self.sandbox.conversation(user_id, self.sandbox.dm_channel(user_id))
        return self.expect(list(reversed(dm)), what, lambda s: s.kind == "message")

    def quick_checkins(self) -> None:
        self.step(self.week.at(1, 11, 40), f"{BEN.name} and {CHLOE.name} check in in one line")
        for person, text in (
            (BEN, "4 tired but ok"),
            (CHLOE, "2 rough sprint, too many late nights"),
        ):
            self.act(person.name, f"types /checkin {text}")
            answer = self.sandbox.command(person.user_id, "/checkin", text)
            self.show(
                self.expect(
                    answer,
                    f"the answer to {person.name}'s quick check-in",
                    partial(_ephemeral_for, person.user_id),
                )
            )

    def anonymous_post_and_reply(self) -> None:
        chloe, ben = CHLOE.user_id, BEN.user_id
        self.step(self.week.at(2, 13, 5), f"{CHLOE.name} shares anonymously in #{SPACE_NAME}")
        words = "I keep feeling behind on everything and I'm scared to say it in standup."
        self.act(CHLOE.name, f"types /share {words}")
        opened = self.sandbox.command(chloe, "/share", words, SPACE_CHANNEL)
        self.show(self.expect(opened, "the share window", lambda s: s.kind == "modal"))
        self.act(CHLOE.name, "presses Share")
        shared = self.sandbox.submit(chloe)
        post = self.expect(
            shared,
            f"the anonymous post in #{SPACE_NAME}",
            lambda s: s.kind == "message" and s.channel == SPACE_CHANNEL and not s.thread_ts,
        )
        if CHLOE.name in post.text or chloe in post.text:
            raise DemoFailed("the anonymous post carries its author's name")
        self.show(post)

        self.step(self.week.at(2, 13, 20), f"{BEN.name} replies anonymously")
        self.act(BEN.name, "clicks “Reply anonymously” under the post")
        window = self.sandbox.click(ben, post, ACTION_REPLY)
        self.show(self.expect(window, "the reply window", lambda s: s.kind == "modal"))
        self.act(BEN.name, "writes a reply and presses Reply")
        replied = self.sandbox.submit(
            ben, {SPACE_TEXT_ACTION: "Same here. You are not the only one, and it does get better."}
        )
        reply = self.expect(
            replied,
            "the pseudonymous reply in the post's thread",
            lambda s: s.kind == "message" and s.thread_ts == post.ts,
        )
        if BEN.name in reply.text or ben in reply.text:
            raise DemoFailed("the anonymous reply carries its author's name")
        self.note(f"The thread in #{SPACE_NAME}, as everyone sees it:")
        self.show(self.sandbox.thread(ben, SPACE_CHANNEL, post.ts or ""))

        self.step(self.week.at(2, 13, 30), f"{DEV.name} feels the same, and says so quietly")
        self.act(DEV.name, "clicks “Me too” under the post")
        tapped = self.sandbox.click(DEV.user_id, post, ACTION_ME_TOO)
        counted = self.expect(
            tapped,
            "the post showing how many feel the same",
            lambda s: s.key == post.key and "feel" in str(s.blocks),
        )
        if DEV.name in str(counted.blocks) or DEV.user_id in str(counted.blocks):
            raise DemoFailed("the post names who said “me too”")
        self.show(counted)

    def kindly(self) -> None:
        dev = DEV.user_id
        self.step(self.week.at(3, 10, 15), f"{DEV.name} asks /kindly about a harsh draft")
        self.act(DEV.name, f"types /kindly {HARSH_DRAFT}")
        coached = self.sandbox.command(dev, "/kindly", HARSH_DRAFT)
        coaching = self.expect(
            coached,
            "/kindly coaching that quotes the draft and offers a rewrite to send",
            lambda s: (
                s.kind == "ephemeral"
                and KINDLY_REWRITE_ACTION in str(s.blocks)
                and HARSH_DRAFT_QUOTE in str(s.blocks)
                and HARSH_DRAFT_BEHAVIOUR in str(s.blocks)
            ),
        )
        self.show(coaching)

    def read_the_room(self) -> None:
        maya = MANAGER.user_id
        self.step(
            self.week.at(3, 16, 45),
            f"A tense thread in #{GENERAL_NAME}; {MANAGER.name} reads the room",
        )
        parent = self.sandbox.say(TENSE_THREAD[0][0].user_id, GENERAL_CHANNEL, TENSE_THREAD[0][1])
        for person, text in TENSE_THREAD[1:]:
            self.sandbox.say(person.user_id, GENERAL_CHANNEL, text, thread_ts=parent.ts)
        thread = self.sandbox.thread(maya, GENERAL_CHANNEL, parent.ts or "")
        self.show(thread)
        self.act(MANAGER.name, "uses the “Read the room” shortcut on the thread")
        read = self.sandbox.shortcut(maya, "read_the_room", thread[0])
        reading = self.expect(
            list(reversed(read)),
            "Read the room's findings",
            lambda s: s.kind == "modal" and s.change == "updated",
        )
        self.show(reading)
        self.sandbox.close_modal(maya)

    def reminder_and_click(self) -> None:
        dev = DEV.user_id
        when = self.week.reminder_at.astimezone(ZoneInfo(DEV.tz))
        self.step(
            self.week.at(4, when.hour, when.minute),
            f"{DEV.name}'s weekly check-in reminder (his local time)",
        )
        delivered = self.sandbox.run_cycle(self.week.reminder_at)
        reminder = self.expect(
            delivered,
            f"{DEV.name}'s weekly reminder",
            lambda s: (
                s.viewer == dev and s.kind == "message" and MOOD_ACTION_PREFIX in str(s.blocks)
            ),
        )
        self.show(reminder)
        others = [s for s in delivered if s.viewer != dev and s.kind == "message"]
        if others:
            self.note(
                f"({len(others)} more went out at the same time, each in its own DM, to those who"
                " had not checked in that week.)"
            )
        self.act(DEV.name, "clicks “What matters most?”")
        window = self.sandbox.click(dev, reminder, FOCUS_ACTION)
        self.show(self.expect(window, "the what-matters-most window", lambda s: s.kind == "modal"))
        self.act(DEV.name, "writes one thing that matters and one that can wait")
        kept = self.sandbox.submit(
            dev, {"focus": "Finish the migration plan; the wiki clean-up can wait"}
        )
        self.show(
            self.expect(kept, "the answer kept", lambda s: s.kind == "modal" and not s.errors)
        )
        self.sandbox.close_modal(dev)
        self.act(DEV.name, "clicks a mood button (2)")
        clicked = self.sandbox.click(dev, reminder, f"{MOOD_ACTION_PREFIX}2")
        updated = self.expect(
            clicked,
            "the reminder updated in place after the click",
            lambda s: s.key == reminder.key and s.change == "updated",
        )
        self.show(updated)
        self.act(DEV.name, "opens Kindred's Home tab")
        home = self.expect(
            self.sandbox.open_home(dev),
            f"{DEV.name}'s Home with what matters most",
            lambda s: s.kind == "home" and "migration plan" in str(s.view),
        )
        self.show(home)

    def manager_nudge(self) -> None:
        maya = MANAGER.user_id
        when = self.week.nudge_at
        self.step(
            f"Next {when:%A %H:%M}",
            f"{MANAGER.name}'s weekly nudge, with the team pulse",
        )
        delivered = self.sandbox.run_cycle(when)
        nudge = self.expect(
            delivered,
            f"{MANAGER.name}'s weekly nudge",
            lambda s: s.viewer == maya and s.kind == "message",
        )
        hidden = Prompts().render("nudges/pulse_hidden", min_group=3).strip()
        if hidden and hidden.splitlines()[0] in nudge.text + str(nudge.blocks):
            raise DemoFailed(
                f"{MANAGER.name}'s nudge has no team pulse although four people checked in"
            )
        self.show(nudge)
        self.act(MANAGER.name, "had the conversation, and clicks Done on the first suggestion")
        done = self.expect(
            self.sandbox.click(maya, nudge, DONE_ACTION),
            "the nudge asking whether anything is worth coming back to",
            lambda s: s.key == nudge.key and REVISIT_YES_ACTION in str(s.blocks),
        )
        self.show(done)
        self.act(MANAGER.name, "clicks “Yes, next week” (Kindred keeps only the yes)")
        self.show(
            self.expect(
                self.sandbox.click(maya, done, REVISIT_YES_ACTION),
                "the nudge after the yes",
                lambda s: s.key == nudge.key and s.change == "updated",
            )
        )

    def follow_up(self) -> None:
        """The Friday after: a reminder that follows up kindly after a hard week."""
        chloe = CHLOE.user_id
        zone = ZoneInfo(CHLOE.tz)
        today = datetime.now(UTC).astimezone(zone).date()
        friday = today - timedelta(days=today.weekday()) + timedelta(days=7 + REMINDER_WEEKDAY)
        at = datetime.combine(friday, REMINDER_TIME, zone)
        self.step(
            f"The Friday after, {at:%H:%M}",
            f"{CHLOE.name}'s reminder follows up after her rough week",
        )
        delivered = self.sandbox.run_cycle(at)
        reminder = self.expect(
            delivered,
            f"{CHLOE.name}'s follow-up reminder",
            lambda s: (
                s.viewer == chloe and s.kind == "message" and "Last week" in s.text + str(s.blocks)
            ),
        )
        self.show(reminder)
        self.note("(After a good week, the reminder asks as usual: “How has your week been?”)")


# What it looks like when the sandbox itself breaks rather than a step misbehaving.
SANDBOX_BROKE = (SandboxError, AssertionError, OSError, httpx.HTTPError, subprocess.SubprocessError)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (e.g. from a CI runner) unwinds like Ctrl-C, so the cleanup below still runs."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """Hold off a second Ctrl-C while the processes and the folder are being cleaned up."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _wait_for_the_week(console: Console, week: Week) -> None:
    """In the two minutes before a Monday slot, let it pass so today's check-ins are in its week."""
    if week.not_before is None:
        return
    seconds = (week.not_before - datetime.now(UTC)).total_seconds() + 1
    if seconds > 0:
        console.print(
            Text(
                f"(waiting {seconds:.0f} s for the new week to start at the manager's 09:30)", "dim"
            )
        )
        clock.sleep(seconds)


def _intro(console: Console, week: Week) -> None:
    team = ", ".join(f"{p.name} ({p.title})" for p in PEOPLE[1:])
    console.print(Text("Kindred demo: one week of a small team, no Slack workspace needed", "bold"))
    console.print(
        Text(
            f"{MANAGER.name} ({MANAGER.title}) manages {team}. Everything below is the real "
            f"Kindred answering signed requests from a pretend Slack on this machine; each "
            f"message shows who can see it. The week of {week.monday:%d %B %Y}.",
            "dim",
        )
    )


def run_demo(console: Console, workdir: Path | None = None) -> int:
    """Play the scripted week and print it; 0 when every step did what it should."""
    started = clock.monotonic()
    week = plan_week(datetime.now(UTC), MANAGER.tz, DEV.tz)
    sandbox = Sandbox(workdir)
    _intro(console, week)
    failure: str | None = None
    details = ""
    player: Demo | None = None
    try:
        with _terminate_as_interrupt():
            try:
                with console.status("Starting Kindred and a pretend Slack on 127.0.0.1…"):
                    sandbox.start()
                console.print(Text(f"(working folder: {sandbox.workdir})", "dim"))
                _wait_for_the_week(console, week)
                player = Demo(sandbox, console, week)
                player.play()
            except DemoFailed as exc:
                failure, details = str(exc), sandbox.server_logs()
            except SANDBOX_BROKE as exc:
                # Kindred would not start, stopped answering, or a `kindred` command failed: name
                # the step, and keep what Kindred said for the lines above the verdict.
                lines = str(exc).strip().splitlines() or [type(exc).__name__]
                where = player.current if player is not None else "starting Kindred"
                failure = f"{where}: {lines[0]}"
                details = "\n".join(lines[1:]) or sandbox.server_logs()
            finally:
                with _no_interrupts():
                    sandbox.stop()
    except KeyboardInterrupt:
        console.print(
            Text("\nkindred demo: interrupted; everything it started is stopped", "yellow")
        )
        return EXIT_INTERRUPTED
    elapsed = clock.monotonic() - started
    console.print()
    if failure is not None:
        if details.strip():
            console.print(Text("What Kindred logged last:", "dim bold"))
            console.print(Text("\n".join(details.strip().splitlines()[-DETAIL_LINES:]), "dim"))
        console.print(Text.assemble(("kindred demo: a step failed: ", "bold red"), (failure, "")))
        return EXIT_FAILED
    console.print(
        Group(
            Rule(style="green"),
            Text(
                f"The week played in {elapsed:.1f} s; Kindred and the pretend Slack are stopped "
                "and their folder is gone.",
                "green",
            ),
            Text(
                "Try it yourself in the browser: kindred playground. "
                "Connect a real workspace: see the README.",
                "dim",
            ),
        )
    )
    return EXIT_OK

"""A pretend Slack workspace with Kindred installed, for `kindred demo` and `kindred playground`.

`Sandbox` starts the Web API stand-in with a small team (a manager and her reports, a
processing-space channel) and the real `kindred serve` on a throw-away SQLite database, both on
127.0.0.1. People act through the same signed requests Slack would send; what Kindred does in
answer is read back from the stand-in's record and returned as `Surface`s: the messages,
ephemeral replies, modals and App Home views a person would see, each with a line saying who
can see it.
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Self

import httpx

from bot.sandbox.server import KindredServer
from bot.sandbox.signing import (
    SlackSender,
    app_home_opened,
    block_action,
    global_shortcut,
    message_shortcut,
    view_submission,
)
from bot.sandbox.standin import DEFAULT_TEAM_NAME, Call, SlackStandIn

SPACE_CHANNEL = "C0SPACE"
SPACE_NAME = "processing-space"
GENERAL_CHANNEL = "C0GENERAL"
GENERAL_NAME = "general"
KINDRED = "Kindred"
# The smallest group a manager sees in aggregate: the demo team is small, so the lowest allowed.
DEMO_MIN_GROUP = 3
# How long Kindred may keep working after acknowledging a request (Bolt acks first).
SETTLE_QUIET_SECONDS = 0.35
SETTLE_MAX_SECONDS = 10.0
CYCLE_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Person:
    """Someone in the demo workspace."""

    user_id: str
    name: str
    real_name: str
    title: str
    tz: str
    manager_id: str | None = None

    @property
    def email(self) -> str:
        return f"{self.name.lower()}@example.com"


MANAGER = Person("U0MAYA", "Maya", "Maya Okafor", "Engineering manager", "Europe/London")
PEOPLE: tuple[Person, ...] = (
    MANAGER,
    Person("U0ADA", "Ada", "Ada Lindqvist", "Backend engineer", "Europe/London", MANAGER.user_id),
    Person("U0BEN", "Ben", "Ben Carter", "Designer", "Europe/London", MANAGER.user_id),
    Person(
        "U0CHLOE", "Chloe", "Chloe Dubois", "Frontend engineer", "Europe/Paris", MANAGER.user_id
    ),
    Person("U0DEV", "Dev", "Dev Patel", "SRE", "Europe/London", MANAGER.user_id),
)


@dataclass
class Surface:
    """One thing a person sees in Slack: a message, a private reply, a modal or App Home."""

    key: str
    kind: str  # "message" | "ephemeral" | "modal" | "home"
    viewer: str | None  # who sees it; None: everyone in the channel
    audience: str  # who can see it, in words
    author: str = KINDRED
    channel: str | None = None
    ts: str | None = None
    thread_ts: str | None = None
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    view: dict[str, Any] | None = None
    change: str = "new"  # "new" | "updated" | "deleted" | "closed"
    reply_count: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # modal input errors by block_id
    message: dict[str, Any] | None = None  # the raw message, for actions and shortcuts


@dataclass
class _Hook:
    """Who a response_url belongs to, and which ephemeral it may replace."""

    user_id: str
    channel: str
    origin: str | None = None  # key of the ephemeral the action came from


class SandboxError(RuntimeError):
    """The sandbox could not do what was asked (Kindred did not answer, no modal open, ...)."""


class Sandbox:
    """The stand-in and a real `kindred serve` on loopback, with the demo people seeded."""

    def __init__(
        self,
        workdir: Path | None = None,
        *,
        prompts_dir: Path | None = None,
        people: tuple[Person, ...] = PEOPLE,
    ) -> None:
        self.people = people
        self._given_workdir = workdir
        self.workdir: Path | None = None
        self.prompts_dir = prompts_dir
        self.signing_secret = secrets.token_urlsafe(24)
        self.standin = SlackStandIn()
        self.server: KindredServer | None = None
        self.sender: SlackSender | None = None
        self.env: dict[str, str] = {}
        self._counter = itertools.count(1)
        self._seen_calls = 0
        self._hooks: dict[str, _Hook] = {}
        self._triggers: dict[str, str] = {}
        self._ephemerals: dict[str, Surface] = {}
        self._modals: dict[str, list[dict[str, Any]]] = {}
        self._errors: dict[str, dict[str, str]] = {}
        self._order: dict[str, int] = {}
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Start the stand-in and Kindred, seed the team; cleans up if any step fails."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        if self._given_workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="kindred-sandbox-"))
        else:
            self.workdir = self._given_workdir
            self.workdir.mkdir(parents=True, exist_ok=True)
        self.standin.start()
        for person in self.people:
            self.standin.add_user(
                person.user_id,
                name=person.name.lower(),
                real_name=person.real_name,
                display_name=person.name,
                email=person.email,
                tz=person.tz,
            )
        everyone = [p.user_id for p in self.people]
        self.standin.add_channel(
            SPACE_CHANNEL,
            SPACE_NAME,
            members=everyone,
            purpose="Share what is on your mind, anonymously",
        )
        self.standin.add_channel(GENERAL_CHANNEL, GENERAL_NAME, members=everyone, is_general=True)
        self.env = {
            "SLACK_BOT_TOKEN": "xoxb-kindred-sandbox",
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_API_URL": self.standin.url,
            "DATABASE_URL": f"sqlite:///{self.workdir / 'kindred.db'}",
            "KINDRED_SECRET_KEY": secrets.token_urlsafe(32),
            "KINDRED_PROCESSING_CHANNEL": SPACE_CHANNEL,
            "KINDRED_MIN_GROUP": str(DEMO_MIN_GROUP),
            "KINDRED_TICK_SECONDS": "0",  # the week is played by run_cycle, at chosen times
            "KINDRED_LOG_LEVEL": "WARNING",
            # Posts appear at once here, so the demo stays quick (Slack itself waits a while).
            "KINDRED_SPACE_DELAY_SECONDS": "0",
        }
        if self.prompts_dir is not None:
            self.env["KINDRED_PROMPTS_DIR"] = str(self.prompts_dir.resolve())
        self.server = KindredServer(self.env, self.workdir).start()
        self.sender = SlackSender(self.server.url, self.signing_secret)
        self._import_team()

    def _import_team(self) -> None:
        """`kindred teams import` with the demo org chart (reports get their welcome DM)."""
        assert self.workdir is not None
        chart = self.workdir / "org.csv"
        lines = ["user,manager"] + [
            f"{p.email},{self.person(p.manager_id).email}" for p in self.people if p.manager_id
        ]
        chart.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self._kindred_cli(["teams", "import", str(chart)])
        self._collect()  # the welcome DMs are part of the world, not of any later action

    def stop(self) -> None:
        """Stop Kindred and the stand-in and delete the working folder (if it was ours)."""
        if self.sender is not None:
            self.sender.close()
            self.sender = None
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.standin.running:
            self.standin.stop()
        if self.workdir is not None and self._given_workdir is None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def server_logs(self) -> str:
        """What `kindred serve` logged (for diagnosing a step that went wrong)."""
        return self.server.logs() if self.server is not None else ""

    # ------------------------------------------------------------------ people and places

    def person(self, user_id: str | None) -> Person:
        """The demo person with this Slack user ID."""
        for person in self.people:
            if person.user_id == user_id:
                return person
        raise SandboxError(f"nobody called {user_id!r} in this workspace")

    def name_of(self, user_id: str | None) -> str:
        """A person's first name; Kindred for the bot."""
        if user_id == self.standin.bot_user_id:
            return KINDRED
        return self.person(user_id).name

    @staticmethod
    def dm_channel(user_id: str) -> str:
        """The DM channel between `user_id` and Kindred."""
        return SlackStandIn.dm_channel_id(user_id)

    def channel_name(self, channel: str) -> str:
        """How Slack would show a channel: #name, or "Kindred" for a DM with the app."""
        if channel.startswith("D"):
            return KINDRED
        return "#" + {SPACE_CHANNEL: SPACE_NAME, GENERAL_CHANNEL: GENERAL_NAME}.get(
            channel, channel.lower()
        )

    @property
    def team_name(self) -> str:
        return DEFAULT_TEAM_NAME

    # ------------------------------------------------------------------ acting as people

    def command(
        self, user_id: str, command: str, text: str = "", channel_id: str | None = None
    ) -> list[Surface]:
        """Run a slash command as `user_id` (in their DM with Kindred unless told)."""
        channel = channel_id or self.dm_channel(user_id)
        with self._lock:
            response = self._send(
                lambda sender, trigger, hook: sender.command(
                    command,
                    text,
                    user_id=user_id,
                    channel_id=channel,
                    trigger_id=trigger,
                    response_url=hook,
                ),
                user_id,
                channel,
            )
            early = self._ack_reply(response, user_id, channel)
            return early + self._collect()

    def click(
        self, user_id: str, surface: Surface, action_id: str, value: str | None = None
    ) -> list[Surface]:
        """Click a button, or pick `value` in a select or overflow menu, on `surface`."""
        with self._lock:
            blocks = surface.view["blocks"] if surface.view is not None else surface.blocks
            block, element = _find_element(blocks, action_id, value)
            kind = element.get("type", "button")
            if kind == "button":
                value = element.get("value")
            elif value is None:
                value = _options(element)[0]["value"]
            channel = surface.channel or self.dm_channel(user_id)

            def send(sender: SlackSender, trigger: str, hook: str) -> httpx.Response:
                common: dict[str, Any] = {
                    "user_id": user_id,
                    "trigger_id": trigger,
                    "block_id": block.get("block_id"),
                    "action_type": kind,
                }
                if surface.view is not None:
                    payload = block_action(action_id, value, view=surface.view, **common)
                else:
                    payload = block_action(
                        action_id,
                        value,
                        channel_id=channel,
                        message=surface.message or {"ts": surface.ts, "blocks": surface.blocks},
                        response_url=hook,
                        **common,
                    )
                    if surface.kind == "ephemeral":
                        payload["container"]["is_ephemeral"] = True
                return sender.interaction(payload)

            origin = surface.key if surface.kind == "ephemeral" else None
            self._send(send, user_id, channel, origin=origin)
            return self._collect()

    def submit(self, user_id: str, values: dict[str, Any] | None = None) -> list[Surface]:
        """Submit the modal `user_id` has open; `values` by action ID (or block ID)."""
        with self._lock:
            stack = self._modals.get(user_id)
            if not stack:
                raise SandboxError(f"{self.name_of(user_id)} has no modal open")
            view = stack[-1]
            state = _state_values(view["blocks"], values or {})
            response = self._send(
                lambda sender, trigger, _hook: sender.interaction(
                    view_submission(
                        view.get("callback_id", ""),
                        state,
                        user_id=user_id,
                        private_metadata=view.get("private_metadata", ""),
                        view=view,
                        trigger_id=trigger,
                    )
                ),
                user_id,
                self.dm_channel(user_id),
            )
            return self._after_submission(user_id, response) + self._collect()

    def close_modal(self, user_id: str) -> list[Surface]:
        """Press Cancel on the modal `user_id` has open (Kindred asks no notify_on_close)."""
        with self._lock:
            stack = self._modals.get(user_id)
            if not stack:
                return []
            closed = stack.pop()
            self._errors.pop(closed["id"], None)
            return [replace(self._modal_surface(user_id, closed), change="closed")]

    def shortcut(
        self, user_id: str, callback_id: str, message: Surface | None = None
    ) -> list[Surface]:
        """Use a global shortcut, or a message shortcut on `message`."""
        with self._lock:
            channel = (message.channel if message else None) or self.dm_channel(user_id)

            def send(sender: SlackSender, trigger: str, hook: str) -> httpx.Response:
                if message is None:
                    payload = global_shortcut(callback_id, user_id=user_id, trigger_id=trigger)
                else:
                    raw = message.message or {"ts": message.ts, "text": message.text}
                    payload = message_shortcut(
                        callback_id,
                        user_id=user_id,
                        channel_id=channel,
                        message=raw,
                        trigger_id=trigger,
                        response_url=hook,
                    )
                return sender.interaction(payload)

            self._send(send, user_id, channel)
            return self._collect()

    def open_home(self, user_id: str) -> list[Surface]:
        """Open Kindred's App Home tab as `user_id`."""
        with self._lock:
            self._send(
                lambda sender, _trigger, _hook: sender.event(app_home_opened(user_id)),
                user_id,
                self.dm_channel(user_id),
            )
            return self._collect()

    def say(
        self, user_id: str, channel_id: str, text: str, thread_ts: str | None = None
    ) -> Surface:
        """Post an ordinary message as a person (Kindred is not asked about it)."""
        with self._lock:
            ts = self.standin.add_message(channel_id, text, user_id, thread_ts=thread_ts)
            key = f"msg:{channel_id}:{ts}"
            self._order[key] = next(self._counter)
            found = self._message_surface(channel_id, ts)
            assert found is not None
            return found

    def run_cycle(self, at: datetime) -> list[Surface]:
        """Run Kindred's scheduling cycle as if the clock read `at` (reminders, nudges)."""
        with self._lock:
            self._kindred_cli(["nudges", "run", "--at", at.isoformat()])
            return self._collect()

    # ------------------------------------------------------------------ what people see

    def conversation(self, user_id: str, channel_id: str) -> list[Surface]:
        """Top-level messages in a channel, with this person's ephemeral replies, in order."""
        with self._lock:
            found = [
                self._surface_for(channel_id, message)
                for message in self.standin.messages(channel_id)
                if message.get("thread_ts", message["ts"]) == message["ts"]
            ]
            found += [
                e
                for e in self._ephemerals.values()
                if e.viewer == user_id and e.channel == channel_id
            ]
            return sorted(found, key=self._position)

    def thread(self, user_id: str, channel_id: str, ts: str) -> list[Surface]:
        """A message and its replies (what the thread pane shows)."""
        with self._lock:
            return [self._surface_for(channel_id, m) for m in self.standin.thread(channel_id, ts)]

    def modal(self, user_id: str) -> Surface | None:
        """The modal `user_id` has open (the top of their stack), if any."""
        with self._lock:
            stack = self._modals.get(user_id)
            return self._modal_surface(user_id, stack[-1]) if stack else None

    def home(self, user_id: str) -> Surface | None:
        """The App Home Kindred last published for `user_id`, if any."""
        with self._lock:
            view = self.standin.home_view(user_id)
            return self._home_surface(user_id, view) if view else None

    # ------------------------------------------------------------------ requests

    def _send(
        self,
        send: Any,
        user_id: str,
        channel: str,
        origin: str | None = None,
    ) -> httpx.Response:
        """Send one signed request with a fresh trigger id and response_url for `user_id`."""
        if self.sender is None:
            raise SandboxError("the sandbox is not running")
        trigger = f"{next(self._counter)}.{int(time.time())}.sandbox"
        self._triggers[trigger] = user_id
        hook = self.standin.response_url()
        self._hooks[_hook_path(hook)] = _Hook(user_id, channel, origin)
        response: httpx.Response = send(self.sender, trigger, hook)
        if response.status_code != 200:
            raise SandboxError(
                f"Kindred answered {response.status_code}: {response.text[:200]}\n"
                f"{self.server_logs()[-2000:]}"
            )
        return response

    def _kindred_cli(self, args: list[str]) -> str:
        """Run a `kindred` command against the sandbox's database and stand-in."""
        assert self.workdir is not None
        inherited = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KINDRED_"))
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=inherited | {"DATABASE_URL": ""} | self.env,
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=CYCLE_TIMEOUT_SECONDS,
            check=False,
        )
        if done.returncode != 0:
            raise SandboxError(f"kindred {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def _settle(self) -> list[Call]:
        """Wait until Kindred has stopped calling Slack for a moment; the new calls."""
        deadline = time.monotonic() + SETTLE_MAX_SECONDS
        count = len(self.standin.calls())
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.standin.calls())
            if now != count:
                count, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since >= SETTLE_QUIET_SECONDS:
                break
        calls = self.standin.calls()
        new, self._seen_calls = calls[self._seen_calls :], len(calls)
        return new

    def _collect(self) -> list[Surface]:
        """Turn what Kindred did since the last look into what people see."""
        seen: list[Surface] = []
        for call in self._settle():
            if call.status != 200 or not call.response.get("ok", False):
                continue
            seen.extend(self._surfaces_from(call))
        return seen

    def _surfaces_from(self, call: Call) -> list[Surface]:
        params, response = call.params, call.response
        method = call.method
        if method == "chat.postMessage":
            channel, ts = str(response["channel"]), str(response["ts"])
            self._order.setdefault(f"msg:{channel}:{ts}", next(self._counter))
            found = self._message_surface(channel, ts)
            return [found] if found else []
        if method == "chat.update":
            found = self._message_surface(str(response["channel"]), str(response["ts"]))
            return [replace(found, change="updated")] if found else []
        if method == "chat.delete":
            channel, ts = str(response["channel"]), str(response["ts"])
            return [
                Surface(
                    key=f"msg:{channel}:{ts}",
                    kind="message",
                    viewer=None,
                    audience=self._channel_audience(channel),
                    channel=channel,
                    ts=ts,
                    change="deleted",
                )
            ]
        if method == "chat.postEphemeral":
            channel = str(params.get("channel", ""))
            if not channel.startswith(("C", "D", "G")):
                channel = self.dm_channel(channel)
            return [self._new_ephemeral(str(params["user"]), channel, params)]
        if method == "response_url":
            return self._from_response_url(params)
        if method in {"views.open", "views.push"}:
            user_id = self._triggers.get(str(params.get("trigger_id", "")))
            if user_id is None:
                return []
            view = response["view"]
            self._modals.setdefault(user_id, []).append(view)
            return [self._modal_surface(user_id, view)]
        if method == "views.update":
            view = response["view"]
            for user_id, stack in self._modals.items():
                for i, open_view in enumerate(stack):
                    if open_view["id"] == view["id"]:
                        stack[i] = view
                        return [replace(self._modal_surface(user_id, view), change="updated")]
            return []
        if method == "views.publish":
            user_id = str(params["user_id"])
            return [self._home_surface(user_id, response["view"])]
        return []

    def _ack_reply(self, response: httpx.Response, user_id: str, channel: str) -> list[Surface]:
        """A reply in the HTTP acknowledgement itself (Bolt's `ack(text)`): ephemeral."""
        if not response.content or "json" not in response.headers.get("content-type", ""):
            return []
        body = response.json()
        if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
            return []
        return [self._new_ephemeral(user_id, channel, body)]

    def _after_submission(self, user_id: str, response: httpx.Response) -> list[Surface]:
        """Apply Slack's `response_action` rules to the submitter's modal stack."""
        stack = self._modals[user_id]
        body: dict[str, Any] = {}
        if response.content and "json" in response.headers.get("content-type", ""):
            body = response.json() or {}
        action = body.get("response_action")
        top = stack[-1]
        if action == "errors":
            self._errors[top["id"]] = dict(body.get("errors") or {})
            return [replace(self._modal_surface(user_id, top), change="updated")]
        self._errors.pop(top["id"], None)
        if action == "update":
            stack[-1] = {**body["view"], "id": top["id"]}
            return [replace(self._modal_surface(user_id, stack[-1]), change="updated")]
        if action == "push":
            stack.append({**body["view"], "id": f"VSANDBOX{next(self._counter):06d}"})
            return [self._modal_surface(user_id, stack[-1])]
        if action == "clear":
            closed = [replace(self._modal_surface(user_id, v), change="closed") for v in stack]
            stack.clear()
            return closed
        stack.pop()
        return [replace(self._modal_surface(user_id, top), change="closed")]

    def _from_response_url(self, params: dict[str, Any]) -> list[Surface]:
        hook = self._hooks.get(str(params.get("_path", "")))
        if hook is None:
            return []
        origin = self._ephemerals.get(hook.origin) if hook.origin else None
        if origin is not None and _truthy(params.get("delete_original")):
            del self._ephemerals[origin.key]
            return [replace(origin, change="deleted")]
        if origin is not None and _truthy(params.get("replace_original")):
            updated = replace(
                origin,
                text=str(params.get("text", "")),
                blocks=list(params.get("blocks") or []),
                change="updated",
            )
            updated.message = {"ts": updated.ts, "text": updated.text, "blocks": updated.blocks}
            self._ephemerals[origin.key] = updated
            return [updated]
        if params.get("response_type") == "in_channel":
            # Kindred never answers in the channel; shown as what it would be if it did.
            return [self._new_ephemeral(hook.user_id, hook.channel, params, everyone=True)]
        return [self._new_ephemeral(hook.user_id, hook.channel, params)]

    # ------------------------------------------------------------------ surfaces

    def _new_ephemeral(
        self, user_id: str, channel: str, content: dict[str, Any], everyone: bool = False
    ) -> Surface:
        order = next(self._counter)
        key = f"eph:{order}"
        ts = f"{time.time():.6f}"
        text = str(content.get("text", ""))
        blocks = list(content.get("blocks") or [])
        surface = Surface(
            key=key,
            kind="ephemeral",
            viewer=None if everyone else user_id,
            audience=(
                self._channel_audience(channel)
                if everyone
                else f"Only {self.name_of(user_id)} can see this"
            ),
            channel=channel,
            ts=ts,
            text=text,
            blocks=blocks,
            message={"type": "message", "ts": ts, "text": text, "blocks": blocks},
        )
        self._order[key] = order
        self._ephemerals[key] = surface
        return surface

    def _message_surface(self, channel: str, ts: str) -> Surface | None:
        for message in self.standin.messages(channel):
            if message["ts"] == ts:
                return self._surface_for(channel, message)
        return None

    def _surface_for(self, channel: str, message: dict[str, Any]) -> Surface:
        ts = str(message["ts"])
        thread_ts = message.get("thread_ts")
        own = message.get("bot_id") == self.standin.bot_id or (
            message.get("user") == self.standin.bot_user_id
        )
        return Surface(
            key=f"msg:{channel}:{ts}",
            kind="message",
            viewer=channel[1:] if channel.startswith("D") else None,
            audience=self._channel_audience(channel, anonymous=own and channel == SPACE_CHANNEL),
            author=KINDRED if own else self.name_of(message.get("user")),
            channel=channel,
            ts=ts,
            thread_ts=str(thread_ts) if thread_ts and thread_ts != ts else None,
            text=str(message.get("text", "")),
            blocks=list(message.get("blocks") or []),
            reply_count=int(message.get("reply_count", 0)),
            message={k: v for k, v in message.items() if k != "channel"},
        )

    def _channel_audience(self, channel: str, anonymous: bool = False) -> str:
        if channel.startswith("D"):
            return f"Only {self.name_of(channel[1:])} can see this: a direct message from Kindred"
        where = f"Everyone in {self.channel_name(channel)} can see this"
        return f"{where}; it carries no name" if anonymous else where

    def _modal_surface(self, user_id: str, view: dict[str, Any]) -> Surface:
        return Surface(
            key=f"modal:{view['id']}",
            kind="modal",
            viewer=user_id,
            audience=f"Only {self.name_of(user_id)} can see this window",
            text=_plain(view.get("title")),
            blocks=list(view.get("blocks") or []),
            view=view,
            errors=dict(self._errors.get(view["id"], {})),
        )

    def _home_surface(self, user_id: str, view: dict[str, Any]) -> Surface:
        return Surface(
            key=f"home:{user_id}",
            kind="home",
            viewer=user_id,
            audience=f"Only {self.name_of(user_id)} can see their App Home",
            blocks=list(view.get("blocks") or []),
            view=view,
        )

    def _position(self, surface: Surface) -> tuple[int, float]:
        return (self._order.get(surface.key, 0), float(surface.ts or 0))


# ---------------------------------------------------------------------- Block Kit helpers


def _hook_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _plain(text: Any) -> str:
    return str(text.get("text", "")) if isinstance(text, dict) else str(text or "")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(block.get("elements") or []) if block.get("type") == "actions" else []
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            found.append(block[key])
    return found


def _find_element(
    blocks: list[dict[str, Any]], action_id: str, value: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The block and element with `action_id` (the button with `value`, when several)."""
    matches = [
        (block, element)
        for block in blocks
        for element in _elements(block)
        if element.get("action_id") == action_id
    ]
    if value is not None:
        buttons = [(b, e) for b, e in matches if e.get("type") == "button"]
        chosen = [(b, e) for b, e in buttons if e.get("value") == value]
        if chosen:
            return chosen[0]
    if not matches:
        raise SandboxError(f"nothing to click with action_id {action_id!r}")
    return matches[0]


def _state_values(blocks: list[dict[str, Any]], given: dict[str, Any]) -> dict[str, Any]:
    """Slack's `view.state.values` for a modal's inputs: `given` values, else the initial ones."""
    values: dict[str, Any] = {}
    for block in blocks:
        element = block.get("element")
        if block.get("type") != "input" or not isinstance(element, dict):
            continue
        action_id, block_id = element.get("action_id", ""), block.get("block_id", "")
        chosen = given.get(action_id, given.get(block_id))
        kind = element.get("type")
        entry: dict[str, Any] = {"type": kind}
        if kind in {"plain_text_input", "email_text_input", "url_text_input", "number_input"}:
            entry["value"] = chosen if chosen is not None else element.get("initial_value")
        elif kind in {"static_select", "radio_buttons"}:
            options = {o["value"]: o for o in _options(element)}
            if chosen is not None and str(chosen) not in options:
                raise SandboxError(f"{chosen!r} is not an option of {action_id!r}")
            entry["selected_option"] = (
                options[str(chosen)] if chosen is not None else element.get("initial_option")
            )
        elif kind in {"checkboxes", "multi_static_select"}:
            options = {o["value"]: o for o in _options(element)}
            entry["selected_options"] = (
                [options[str(v)] for v in chosen]
                if chosen is not None
                else list(element.get("initial_options") or [])
            )
        elif kind == "multi_users_select":
            entry["selected_users"] = (
                list(chosen) if chosen is not None else list(element.get("initial_users") or [])
            )
        elif kind == "users_select":
            entry["selected_user"] = chosen if chosen is not None else element.get("initial_user")
        elif kind == "datepicker":
            entry["selected_date"] = chosen if chosen is not None else element.get("initial_date")
        elif kind == "timepicker":
            entry["selected_time"] = chosen if chosen is not None else element.get("initial_time")
        else:
            raise SandboxError(f"the sandbox cannot fill a {kind!r} input yet")
        values.setdefault(block_id, {})[action_id] = entry
    return values

"""The playground's web app: one page drawn from Kindred's Block Kit, and a JSON API over a Sandbox.

Every action goes to the real `kindred serve` through the `Sandbox` (signed requests, as Slack
would send them); the page then draws what each person would see. The Sandbox is synchronous and
keeps one view of the world, so calls into it run one at a time in a worker thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.sandbox.workspace import (
    GENERAL_CHANNEL,
    GENERAL_NAME,
    SPACE_CHANNEL,
    SPACE_NAME,
    Person,
    Sandbox,
    SandboxError,
    Surface,
)
from bot.store.models import (
    DEFAULT_NUDGE_TIME,
    DEFAULT_NUDGE_WEEKDAY,
    DEFAULT_REMINDER_TIME,
    DEFAULT_REMINDER_WEEKDAY,
)

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
COMMANDS = ("/checkin", "/kindly", "/share")
MESSAGE_SHORTCUTS = (
    {"callback_id": "reply_anonymously", "name": "Reply anonymously"},
    {"callback_id": "read_the_room", "name": "Read the room"},
)
GLOBAL_SHORTCUTS = ({"callback_id": "share_anonymously", "name": "Share anonymously"},)
CHANNELS = (
    (SPACE_CHANNEL, SPACE_NAME, "Share what is on your mind, anonymously: type /share"),
    (GENERAL_CHANNEL, GENERAL_NAME, "Everyone in the workspace"),
)
# Slack refuses longer messages; a bigger body is not something the page sends.
TEXT_LIMIT = 4000
BODY_LIMIT = 256 * 1024
# The slots every member and manager starts with, five minutes in.
IN_SLOT = timedelta(minutes=5)
REMINDER_WEEKDAY = DEFAULT_REMINDER_WEEKDAY
REMINDER_AT = (datetime.combine(date.min, DEFAULT_REMINDER_TIME) + IN_SLOT).time()
NUDGE_WEEKDAY = DEFAULT_NUDGE_WEEKDAY
NUDGE_AT = (datetime.combine(date.min, DEFAULT_NUDGE_TIME) + IN_SLOT).time()

T = TypeVar("T")


class BadRequest(Exception):
    """The request cannot be done as asked; the message says why, for the person."""


def _friday_of_this_week(today: date) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(days=REMINDER_WEEKDAY)


class Playground:
    """One Sandbox and what the page asks of it, one call at a time."""

    def __init__(self, sandbox: Sandbox, today: Callable[[], date] | None = None) -> None:
        self.sandbox = sandbox
        self.lock = threading.Lock()
        self._today = today or date.today

    # ------------------------------------------------------------------ people and places

    def _person(self, user_id: Any) -> Person:
        for person in self.sandbox.people:
            if person.user_id == user_id:
                return person
        raise BadRequest(f"nobody in this workspace has the user ID {user_id!r}")

    def _is_manager(self, person: Person) -> bool:
        return any(p.manager_id == person.user_id for p in self.sandbox.people)

    def _person_json(self, person: Person) -> dict[str, Any]:
        manager = next((p for p in self.sandbox.people if p.user_id == person.manager_id), None)
        return {
            "id": person.user_id,
            "name": person.name,
            "real_name": person.real_name,
            "title": person.title,
            "tz": person.tz,
            "manager_id": person.manager_id,
            "manager_name": manager.real_name if manager else None,
            "is_manager": self._is_manager(person),
        }

    def _channel(self, person: Person, channel: Any) -> str:
        """A channel this person may look at or write in: their DM with Kindred or a channel."""
        dm = self.sandbox.dm_channel(person.user_id)
        if channel in (None, "", "dm", "home"):
            return dm
        if channel == dm or channel in {c[0] for c in CHANNELS}:
            return str(channel)
        raise BadRequest(f"{person.name} has no channel {channel!r} here")

    def _where(self, person: Person, nav: str) -> dict[str, Any]:
        if nav == "home":
            return {"kind": "home", "channel": None, "name": "Kindred", "topic": "App Home"}
        channel = self._channel(person, nav)
        for channel_id, name, topic in CHANNELS:
            if channel == channel_id:
                return {"kind": "channel", "channel": channel, "name": name, "topic": topic}
        return {
            "kind": "dm",
            "channel": channel,
            "name": "Kindred",
            "topic": "Your direct messages with Kindred: only you see them",
        }

    def _surface_json(self, surface: Surface | None) -> dict[str, Any] | None:
        if surface is None:
            return None
        out = asdict(surface)
        out.pop("message", None)  # the raw message: the page needs only what is drawn
        if surface.channel:
            out["place"] = self.sandbox.channel_name(surface.channel)
        return out

    def _surfaces_json(self, surfaces: list[Surface]) -> list[dict[str, Any]]:
        return [s for s in map(self._surface_json, surfaces) if s is not None]

    def _find(self, person: Person, key: Any, channel: Any, thread_ts: Any) -> Surface:
        """The surface `key` as this person sees it now (so a click uses the current blocks)."""
        if not isinstance(key, str) or not key:
            raise BadRequest("say which message or window: key is missing")
        user_id = person.user_id
        kind, _, rest = key.partition(":")
        found: Surface | None = None
        if kind == "modal":
            found = self.sandbox.modal(user_id)
        elif kind == "home":
            found = self.sandbox.home(user_id)
        elif kind in {"msg", "eph"}:
            where = self._channel(person, rest.split(":")[0] if kind == "msg" else channel)
            candidates = self.sandbox.conversation(user_id, where)
            if isinstance(thread_ts, str) and thread_ts:
                candidates += self.sandbox.thread(user_id, where, thread_ts)
            found = next((s for s in candidates if s.key == key), None)
        if found is None or found.key != key:
            raise BadRequest(f"{person.name} cannot see {key!r} any more: reload the page")
        return found

    # ------------------------------------------------------------------ reading

    def meta(self) -> dict[str, Any]:
        """Who is in the workspace, and what the page offers; no Sandbox call needed."""
        people = [self._person_json(p) for p in self.sandbox.people]
        members = [p for p in people if not p["is_manager"]]
        return {
            "workspace": self.sandbox.team_name,
            "people": people,
            "default_user": (members or people)[0]["id"],
            "commands": list(COMMANDS),
            "message_shortcuts": list(MESSAGE_SHORTCUTS),
            "global_shortcuts": list(GLOBAL_SHORTCUTS),
        }

    def state(
        self, user: Any, nav: Any, thread: Any = None, thread_channel: Any = None
    ) -> dict[str, Any]:
        """What `user` sees: the sidebar, one conversation (or Home), a thread, their modal."""
        person = self._person(user)
        nav = nav or "dm"
        if not isinstance(nav, str):
            raise BadRequest("nav must be home, dm or a channel ID")
        where = self._where(person, nav)
        sandbox = self.sandbox
        conversation: list[Surface] = []
        home = None
        if where["kind"] == "home":
            home = sandbox.home(person.user_id)
        else:
            conversation = sandbox.conversation(person.user_id, where["channel"])
        thread_json = None
        if thread:
            channel = self._channel(person, thread_channel or where["channel"])
            messages = sandbox.thread(person.user_id, channel, str(thread))
            if messages:
                thread_json = {
                    "channel": channel,
                    "ts": str(thread),
                    "channel_label": sandbox.channel_name(channel),
                    "messages": self._surfaces_json(messages),
                }
        return {
            **self.meta(),
            "user": self._person_json(person),
            "channels": [{"id": c, "name": n} for c, n, _ in CHANNELS],
            "where": where,
            "conversation": self._surfaces_json(conversation),
            "home": self._surface_json(home),
            "modal": self._surface_json(sandbox.modal(person.user_id)),
            "thread": thread_json,
        }

    # ------------------------------------------------------------------ acting

    def command(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        command = _text(body, "command", required=True).strip()
        if command not in COMMANDS:
            raise BadRequest(f"Kindred has no {command} command; try {', '.join(COMMANDS)}")
        text = _text(body, "text")
        channel = self._channel(person, body.get("channel"))
        return self._done(self.sandbox.command(person.user_id, command, text, channel))

    def click(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        surface = self._find(person, body.get("key"), body.get("channel"), body.get("thread_ts"))
        action_id = _text(body, "action_id", required=True)
        value = body.get("value")
        if value is not None and not isinstance(value, str):
            raise BadRequest("value must be text")
        return self._done(self.sandbox.click(person.user_id, surface, action_id, value))

    def type_text(self, body: dict[str, Any]) -> dict[str, Any]:
        """Typing in a modal input that dispatches actions (the space's live preview).

        Slack sends block_actions with the text typed so far in the view's state; the Sandbox's
        click sends the view as it was opened, so the typed text is put into its state here.
        """
        person = self._person(body.get("user"))
        modal = self._find(person, body.get("key"), None, None)
        if modal.kind != "modal" or modal.view is None:
            raise BadRequest("typing is sent from a window (modal) only")
        action_id = _text(body, "action_id", required=True)
        text = _text(body, "value")
        block = next(
            (
                b
                for b in modal.view.get("blocks") or []
                if b.get("type") == "input"
                and (b.get("element") or {}).get("action_id") == action_id
                and (b.get("element") or {}).get("type") == "plain_text_input"
            ),
            None,
        )
        if block is None:
            raise BadRequest(f"this window has no text box {action_id!r}")
        typed = {"type": "plain_text_input", "value": text}
        state = {"values": {block.get("block_id", ""): {action_id: typed}}}
        with_text = replace(modal, view={**modal.view, "state": state})
        return self._done(self.sandbox.click(person.user_id, with_text, action_id, text))

    def submit(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        values = body.get("values") or {}
        if not isinstance(values, dict):
            raise BadRequest("values must be an object: action_id to value")
        clean: dict[str, object] = {}
        for action_id, value in values.items():
            if value is None:
                continue  # nothing chosen: the input keeps its initial value
            if isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                clean[action_id] = value
            else:
                raise BadRequest(f"the value of {action_id!r} must be text or a list of text")
        if self.sandbox.modal(person.user_id) is None:
            raise BadRequest(f"{person.name} has no window open to submit")
        return self._done(self.sandbox.submit(person.user_id, clean))

    def close(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        return self._done(self.sandbox.close_modal(person.user_id))

    def shortcut(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        callback_id = _text(body, "callback_id", required=True)
        if callback_id in {s["callback_id"] for s in GLOBAL_SHORTCUTS}:
            return self._done(self.sandbox.shortcut(person.user_id, callback_id))
        if callback_id not in {s["callback_id"] for s in MESSAGE_SHORTCUTS}:
            raise BadRequest(f"Kindred has no shortcut {callback_id!r}")
        message = self._find(person, body.get("key"), body.get("channel"), body.get("thread_ts"))
        if message.kind != "message":
            raise BadRequest("message shortcuts work on messages in a channel or DM")
        return self._done(self.sandbox.shortcut(person.user_id, callback_id, message))

    def home(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        return self._done(self.sandbox.open_home(person.user_id))

    def say(self, body: dict[str, Any]) -> dict[str, Any]:
        person = self._person(body.get("user"))
        text = _text(body, "text", required=True)
        if not text.strip():
            raise BadRequest("there is nothing to send")
        channel = self._channel(person, body.get("channel"))
        if channel.startswith("D"):
            raise BadRequest("Kindred does not read messages: use /checkin, /kindly or /share")
        thread_ts = body.get("thread_ts")
        if thread_ts is not None and not isinstance(thread_ts, str):
            raise BadRequest("thread_ts must be text")
        if thread_ts and not self.sandbox.thread(person.user_id, channel, thread_ts):
            raise BadRequest("that thread is not in this channel")
        # Slack's own client sends &, < and > escaped; < … > in stored text is Slack's markup.
        said = self.sandbox.say(
            person.user_id, channel, _slack_escape(text), thread_ts=thread_ts or None
        )
        return self._done([said])

    def cycle(self, body: dict[str, Any]) -> dict[str, Any]:
        """The week's schedule: members' Friday reminders, then the managers' Monday nudge.

        This week's Friday (or today's week's, if it has passed) at each person's local time,
        then the Monday after it, so the nudge reports on the check-ins the reminders brought in.
        """
        self._person(body.get("user"))
        which = body.get("which", "week")
        if which not in {"week", "friday", "monday"}:
            raise BadRequest("which must be week, friday or monday")
        friday = _friday_of_this_week(self._today())
        people = self.sandbox.people
        managers = [p for p in people if self._is_manager(p)]
        members = [p for p in people if p.manager_id]
        moments: list[tuple[datetime, str]] = []
        if which in {"week", "friday"}:
            moments += [(_at(friday, REMINDER_AT, p.tz), "friday") for p in members]
        if which in {"week", "monday"}:
            monday = friday + timedelta(days=3)
            moments += [(_at(monday, NUDGE_AT, p.tz), "monday") for p in managers]
        surfaces: list[Surface] = []
        counts = {"friday": 0, "monday": 0}
        # One run per distinct instant, in time order: each person's slot at their local time.
        for moment, day in sorted(set(moments)):
            produced = self.sandbox.run_cycle(moment)
            counts[day] += sum(1 for s in produced if s.change == "new")
            surfaces += produced
        parts = []
        if which in {"week", "friday"}:
            parts.append(f"Friday {friday:%d %b}: {_count(counts['friday'], 'reminder')}")
        if which in {"week", "monday"}:
            monday = friday + timedelta(days=3)
            parts.append(f"Monday {monday:%d %b}: {_count(counts['monday'], 'nudge')}")
        summary = "; ".join(parts)
        if not surfaces:
            summary += " (already sent for this week, or nobody was due)"
        return {**self._done(surfaces), "summary": summary}

    def _done(self, surfaces: list[Surface]) -> dict[str, Any]:
        return {"surfaces": self._surfaces_json(surfaces)}

    # ------------------------------------------------------------------ serialising

    async def run(self, work: Callable[[], T]) -> T:
        """Run `work` in a worker thread, one at a time (the Sandbox is synchronous)."""

        def locked() -> T:
            with self.lock:
                return work()

        return await run_in_threadpool(locked)


def _text(body: dict[str, Any], name: str, required: bool = False) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise BadRequest(f"{name} is required, as text" if required else f"{name} must be text")
    if len(value) > TEXT_LIMIT:
        raise BadRequest(f"{name} is longer than {TEXT_LIMIT:,} characters")
    return value


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _at(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz))


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'} sent"


def create_app(
    sandbox: Sandbox,
    today: Callable[[], date] | None = None,
    on_ready: Callable[[], None] | None = None,
) -> Starlette:
    """The playground's Starlette app over a started `sandbox`; `on_ready` runs at startup."""
    playground = Playground(sandbox, today)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if on_ready is not None:
            on_ready()
        yield

    async def body_of(request: Request) -> dict[str, Any]:
        raw = await request.body()
        if len(raw) > BODY_LIMIT:
            raise BadRequest("the request is too large")
        try:
            body = json.loads(raw or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BadRequest("the request body must be JSON") from None
        if not isinstance(body, dict):
            raise BadRequest("the request body must be a JSON object")
        return body

    def post(action: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            body = await body_of(request)
            return JSONResponse(await playground.run(lambda: action(body)))

        return endpoint

    async def index(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-store"})

    async def meta(request: Request) -> Response:
        return JSONResponse(playground.meta())

    async def state(request: Request) -> Response:
        query = request.query_params
        answer = await playground.run(
            lambda: playground.state(
                query.get("user"),
                query.get("nav") or query.get("channel"),
                query.get("thread"),
                query.get("thread_channel"),
            )
        )
        return JSONResponse(answer)

    async def bad_request(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": str(exc)}, status_code=400)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    async def server_error(request: Request, exc: Exception) -> Response:
        logger.error("playground request failed", exc_info=exc)
        return JSONResponse({"error": f"the playground failed: {exc}"}, status_code=500)

    routes = [
        Route("/", index),
        Route("/api/meta", meta),
        Route("/api/state", state),
        Route("/api/command", post(playground.command), methods=["POST"]),
        Route("/api/click", post(playground.click), methods=["POST"]),
        Route("/api/submit", post(playground.submit), methods=["POST"]),
        Route("/api/type", post(playground.type_text), methods=["POST"]),
        Route("/api/close", post(playground.close), methods=["POST"]),
        Route("/api/shortcut", post(playground.shortcut), methods=["POST"]),
        Route("/api/home", post(playground.home), methods=["POST"]),
        Route("/api/say", post(playground.say), methods=["POST"]),
        Route("/api/cycle", post(playground.cycle), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            BadRequest: bad_request,
            # What the Sandbox cannot do (no modal open, nothing to click) is the request's fault.
            SandboxError: bad_request,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.state.playground = playground
    return app

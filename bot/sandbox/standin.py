"""A local stand-in for the Slack Web API, for tests and demos.

`SlackStandIn` runs a small HTTP server on a free loopback port (127.0.0.1 only) that answers the
Web API methods Kindred uses with Slack-shaped JSON, records every call, and can misbehave on
demand (HTTP 5xx, 429 with Retry-After, `{"ok": false}` errors, rate limits, latency).

Point slack_sdk at it with ``AsyncWebClient(token="xoxb-test", base_url=standin.url)`` or
``SLACK_API_URL=standin.url``::

    with SlackStandIn() as slack:
        slack.add_user("U0MEMBER1", name="ada", email="ada@example.com")
        ...  # run code under test against slack.url
        (call,) = slack.wait_for("chat.postMessage")
        assert call.params["channel"] == "DU0MEMBER1"

Nothing here talks to the real Slack. Handlers are deliberately lenient where strictness would
only make tests verbose (unknown channels are created on first post, unknown view ids on
``views.update``); they follow Slack where the difference matters to the app (errors such as
``user_not_found``, ``users_not_found``, ``not_authed``, ``message_not_found``).
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import hashlib
import json
import math
import random
import sys
import threading
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "DEFAULT_APP_ID",
    "DEFAULT_BOT_ID",
    "DEFAULT_BOT_USER_ID",
    "DEFAULT_TEAM_DOMAIN",
    "DEFAULT_TEAM_ID",
    "DEFAULT_TEAM_NAME",
    "Call",
    "MethodHandler",
    "SlackStandIn",
]

DEFAULT_TEAM_ID = "T0KINDRED"
DEFAULT_TEAM_NAME = "Kindred Test"
DEFAULT_TEAM_DOMAIN = "kindred-test"
DEFAULT_BOT_USER_ID = "U0KINDREDBOT"
DEFAULT_BOT_ID = "B0KINDRED"
DEFAULT_APP_ID = "A0KINDRED"
DEFAULT_CHANNEL_ID = "C0GENERAL"

LOOPBACK = "127.0.0.1"
MAX_BODY_BYTES = 5 * 1024 * 1024
# Form fields that slack_sdk (and Slack) carry as JSON-encoded strings.
CLIENT_CREDENTIAL_METHODS = frozenset({"oauth.v2.access"})
JSON_FORM_FIELDS = frozenset(
    {
        "attachments",
        "blocks",
        "metadata",
        "option_groups",
        "options",
        "user_auth_blocks",
        "view",
    }
)
_FIRST_TS_MICROS = 1_700_000_000_000_100
_TS_STEP_MICROS = 100

MethodHandler = Callable[[dict[str, Any]], dict[str, Any]]
"""A custom method handler: receives the request params, returns the JSON answer."""


@dataclass(frozen=True)
class Call:
    """One recorded request to the stand-in.

    ``headers`` has lower-case names. ``status`` and ``response`` are what the stand-in answered.
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    time: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    http_method: str = "POST"


class _ApiError(Exception):
    """Raised by a method handler to answer ``{"ok": false, "error": code}``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Fault:
    method: str | None
    status: int
    remaining: int
    retry_after: int | None
    error: str | None


@dataclass
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    last: float


@dataclass
class _Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def _ts_key(ts: str) -> tuple[int, int]:
    """Sort key for a Slack ts string such as ``"1700000000.000100"``."""
    seconds, _, frac = str(ts).partition(".")
    try:
        return int(seconds), int((frac or "0").ljust(6, "0")[:6])
    except ValueError:
        return 0, 0


def _truthy(value: Any) -> bool:
    """Interpret a Slack boolean parameter (JSON bool or form string)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes"}


def _encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        prefix, _, number = text.partition(":")
        offset = int(number)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _ApiError("invalid_cursor") from exc
    if prefix != "offset" or offset < 0:
        raise _ApiError("invalid_cursor")
    return offset


def _paginate(
    items: list[Any], params: dict[str, Any], *, default_limit: int, max_limit: int = 1000
) -> tuple[list[Any], str]:
    """Slice ``items`` by ``cursor`` and ``limit``; return the page and the next cursor."""
    try:
        limit = int(params.get("limit") or 0)
    except (TypeError, ValueError) as exc:
        raise _ApiError("invalid_limit") from exc
    if limit <= 0:
        limit = default_limit
    limit = min(limit, max_limit)
    cursor = params.get("cursor") or ""
    offset = _decode_cursor(str(cursor)) if cursor else 0
    page = items[offset : offset + limit]
    next_offset = offset + limit
    return page, _encode_cursor(next_offset) if next_offset < len(items) else ""


def _decode_form_json(params: dict[str, Any]) -> dict[str, Any]:
    """Decode JSON-encoded form fields (``blocks``, ``view``, ...) into lists / dicts."""
    for key in JSON_FORM_FIELDS & params.keys():
        value = params[key]
        if isinstance(value, str) and value.lstrip()[:1] in {"[", "{"}:
            try:
                decoded = json.loads(value)
            except ValueError:
                continue
            if isinstance(decoded, list | dict):
                params[key] = decoded
    return params


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its stand-in and reports handler errors quietly."""

    daemon_threads = True
    standin: SlackStandIn

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Record the error instead of printing a traceback."""
        exc = sys.exc_info()[1]
        if exc is not None and not isinstance(exc, ConnectionError | TimeoutError):
            self.standin._note_error(f"{type(exc).__name__}: {exc}")


class _RequestHandler(BaseHTTPRequestHandler):
    """Thin HTTP layer: parse the request, ask the stand-in, write JSON."""

    server: _Server
    server_version = "SlackStandIn/1.0"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request per connection: clean, quick shutdown

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        """Answer GET /api/<method>?params."""
        self._dispatch("GET")

    def do_POST(self) -> None:
        """Answer POST /api/<method> with a form or JSON body."""
        self._dispatch("POST")

    def _read_body(self) -> bytes | None:
        """Read the request body; None when it is larger than MAX_BODY_BYTES."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            total = 0
            while True:
                size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
                size = int(size_line or b"0", 16)
                if size == 0:
                    self.rfile.readline(1024)
                    break
                total += size
                if total > MAX_BODY_BYTES:
                    return None
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self, verb: str) -> None:
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        body = self._read_body()
        if body is None:
            answer = _Answer(413, {"ok": False, "error": "request_too_large"})
        else:
            answer = self.server.standin._handle_http(verb, parts.path, parts.query, headers, body)
        payload = json.dumps(answer.body).encode()
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. its own timeout); nothing to tell it


class SlackStandIn:
    """A recording, fault-injecting stand-in for the Slack Web API on 127.0.0.1.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. :attr:`url` is the base
    URL to hand to slack_sdk (``base_url``) or to Kindred (``SLACK_API_URL``).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        team_id: str = DEFAULT_TEAM_ID,
        team: str = DEFAULT_TEAM_NAME,
        team_domain: str = DEFAULT_TEAM_DOMAIN,
        bot_user_id: str = DEFAULT_BOT_USER_ID,
        bot_id: str = DEFAULT_BOT_ID,
        app_id: str = DEFAULT_APP_ID,
        tokens: Iterable[str] | None = None,
    ) -> None:
        """Create a stopped stand-in.

        ``tokens``: when given, only these tokens are accepted (others get ``invalid_auth``);
        by default any non-empty token is.
        """
        self.team_id = team_id
        self.team = team
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self._port = port
        self._tokens = frozenset(tokens) if tokens is not None else None

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

        self._calls: list[Call] = []
        self._errors: list[str] = []
        self._users: dict[str, dict[str, Any]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._usergroups: dict[str, list[str]] = {}
        self._views: dict[str, dict[str, Any]] = {}
        self._home_views: dict[str, str] = {}
        self._custom: dict[str, MethodHandler] = {}

        self._faults: list[_Fault] = []
        self._fail_ratio = 0.0
        self._fail_statuses: tuple[int, ...] = (500, 429)
        self._rng = random.Random(0)
        self._buckets: dict[str, _Bucket] = {}
        self._history_page_max: int | None = None
        self._delay = 0.0

        self._next_ts_micros = _FIRST_TS_MICROS
        self._view_counter = 0
        self._hash_counter = 0
        self._hook_counter = 0

        self._methods: dict[str, MethodHandler] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "users.lookupByEmail": self._users_lookup_by_email,
            "users.profile.get": self._users_profile_get,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.members": self._conversations_members,
            "usergroups.users.list": self._usergroups_users_list,
            "apps.connections.open": self._apps_connections_open,
        }

        self.add_user(bot_user_id, name="kindred", real_name="Kindred", is_bot=True)
        self.add_channel(DEFAULT_CHANNEL_ID, "general", is_general=True)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SlackStandIn:
        """Start serving on 127.0.0.1 in a daemon thread; return self."""
        with self._lock:
            if self._server is not None:
                raise RuntimeError("SlackStandIn is already running")
            server = _Server((LOOPBACK, self._port), _RequestHandler)
            server.standin = self
            self._stopping.clear()
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"slack-standin-{server.server_address[1]}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and close the socket. Safe to call twice."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = None
            self._thread = None
        if server is None:
            return
        self._stopping.set()  # cut any artificial delay short
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout)

    @property
    def running(self) -> bool:
        """True while the server thread is serving."""
        thread = self._thread
        return self._server is not None and thread is not None and thread.is_alive()

    def __enter__(self) -> SlackStandIn:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        server = self._server
        if server is None:
            raise RuntimeError("SlackStandIn is not running; call start() first")
        return int(server.server_address[1])

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        """Base URL for slack_sdk's ``base_url`` / ``SLACK_API_URL``, ending in ``/api/``."""
        return f"{self.root_url}/api/"

    def response_url(self, kind: str = "commands") -> str:
        """A fresh loopback ``response_url``; POSTs to it are recorded as method ``response_url``.

        Slack's are ``https://hooks.slack.com/<kind>/<team>/<id>/<secret>``; this has the same
        shape under ``http://127.0.0.1:<port>/hooks/``.
        """
        with self._lock:
            self._hook_counter += 1
            n = self._hook_counter
        secret = hashlib.sha256(f"{kind}:{n}".encode()).hexdigest()[:24]
        return f"{self.root_url}/hooks/{kind}/{self.team_id}/{1000 + n}/{secret}"

    # ------------------------------------------------------------------ recorded calls

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls, oldest first; only those to ``method`` when given."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def clear(self) -> None:
        """Forget recorded calls (seeded users, messages and faults stay)."""
        with self._lock:
            self._calls.clear()

    def wait_for(self, method: str | None, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least ``count`` calls to ``method`` (None: any) were recorded.

        Returns the matching calls; raises AssertionError after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self._calls if method is None or c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = Counter(c.method for c in self._calls)
                    summary = ", ".join(f"{m} x{n}" for m, n in seen.items()) or "none"
                    raise AssertionError(
                        f"expected {count} call(s) to {method or 'any method'!r} within "
                        f"{timeout:g}s, got {len(found)}; calls seen: {summary}"
                    )
                self._cond.wait(min(remaining, 0.05))

    @property
    def errors(self) -> list[str]:
        """Internal errors the stand-in hit while answering (should stay empty)."""
        with self._lock:
            return list(self._errors)

    def _note_error(self, message: str) -> None:
        with self._lock:
            self._errors.append(message)

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str | None,
        *,
        status: int = 500,
        times: int = 1,
        retry_after: int | None = None,
        error: str | None = None,
    ) -> None:
        """Make the next ``times`` calls to ``method`` (None: any method) fail.

        429 answers carry ``Retry-After`` (``retry_after`` seconds, default 1) and
        ``{"ok": false, "error": "ratelimited"}``; a 200 answers ``{"ok": false, "error": error}``;
        other statuses answer ``{"ok": false, "error": error or "internal_error"}``.
        """
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.append(_Fault(method, status, times, retry_after, error))

    def fail_ratio(
        self, ratio: float, *, seed: int = 0, statuses: Iterable[int] = (500, 429)
    ) -> None:
        """Fail a random ``ratio`` of all calls with one of ``statuses``; 0 turns it off.

        The sequence of failures is deterministic for a given ``seed`` and call order.
        """
        if not 0.0 <= ratio <= 1.0:
            raise ValueError("ratio must be between 0 and 1")
        chosen = tuple(statuses)
        if ratio and not chosen:
            raise ValueError("statuses must not be empty")
        with self._lock:
            self._fail_ratio = ratio
            self._fail_statuses = chosen
            self._rng = random.Random(seed)

    def rate_limit(self, method: str, per_second: float | None, burst: float | None = None) -> None:
        """Allow ``method`` at most ``per_second`` calls a second (token bucket); None removes.

        ``burst`` calls may come at once (default: one second's worth). Calls beyond the rate
        answer 429 with an integer ``Retry-After`` of at least 1.
        """
        with self._lock:
            if per_second is None:
                self._buckets.pop(method, None)
                return
            if per_second <= 0:
                raise ValueError("per_second must be positive (or None to remove the limit)")
            capacity = max(1.0, float(burst if burst is not None else per_second))
            self._buckets[method] = _Bucket(per_second, capacity, capacity, time.monotonic())

    def slack_tiers(
        self,
        *,
        posts_per_minute: float = 300,
        scale: float = 1.0,
        distributed: bool = False,
        burst_headroom: int = 2,
    ) -> None:
        """Limit every method Kindred calls at Slack's published tiers (bot/slack/limits.py).

        Off until called. ``posts_per_minute`` is chat.postMessage's workspace budget; ``scale``
        makes every tier that many times faster (a scaled-down benchmark); ``distributed`` acts
        as a commercially distributed app outside the Slack Marketplace: conversations.history
        and conversations.replies at 1 call a minute and at most 15 messages a page. Slack
        counts per minute and tolerates short bursts: each bucket holds ``burst_headroom`` calls
        more than Kindred's own pacer allows itself, plus one second's worth of calls.
        """
        from bot.slack.limits import NON_MARKETPLACE_PAGE_SIZE, method_tiers

        tiers = method_tiers(int(posts_per_minute), distributed=distributed, scale=scale)
        for method, tier in tiers.items():
            per_second = tier.per_minute / 60.0
            burst = tier.burst + burst_headroom + int(per_second)
            self.rate_limit(method, per_second, burst=burst)
        with self._lock:
            self._history_page_max = NON_MARKETPLACE_PAGE_SIZE if distributed else None

    def delay(self, seconds: float) -> None:
        """Wait ``seconds`` before answering each call (0 turns it off)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._lock:
            self._delay = float(seconds)

    def set_handler(self, method: str, handler: MethodHandler | None) -> None:
        """Answer ``method`` with ``handler(params)`` (overrides built-ins); None removes it."""
        with self._lock:
            if handler is None:
                self._custom.pop(method, None)
            else:
                self._custom[method] = handler

    def _injected_fault(self, method: str) -> _Answer | None:
        """The answer of a fail_next / fail_ratio fault for this call, if one applies."""
        for fault in self._faults:
            if fault.method is None or fault.method == method:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return self._fault_answer(fault.status, fault.retry_after, fault.error)
        if self._fail_ratio > 0 and self._rng.random() < self._fail_ratio:
            return self._fault_answer(self._rng.choice(self._fail_statuses), None, None)
        return None

    @staticmethod
    def _fault_answer(status: int, retry_after: int | None, error: str | None) -> _Answer:
        headers: dict[str, str] = {}
        if status == 429:
            headers["Retry-After"] = str(retry_after if retry_after is not None else 1)
            return _Answer(429, {"ok": False, "error": error or "ratelimited"}, headers)
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        if status == 200:
            return _Answer(200, {"ok": False, "error": error or "fatal_error"}, headers)
        return _Answer(status, {"ok": False, "error": error or "internal_error"}, headers)

    def _rate_limited(self, method: str) -> _Answer | None:
        bucket = self._buckets.get(method)
        if bucket is None:
            return None
        now = time.monotonic()
        bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.last) * bucket.rate)
        bucket.last = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        wait = (1.0 - bucket.tokens) / bucket.rate
        return self._fault_answer(429, max(1, math.ceil(wait)), None)

    # ------------------------------------------------------------------ seeding

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        email: str | None = None,
        tz: str = "Europe/London",
        tz_offset: int | None = None,
        status_text: str = "",
        status_emoji: str = "",
        status_expiration: int = 0,
        is_bot: bool = False,
        deleted: bool = False,
        display_name: str | None = None,
        is_admin: bool = False,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """Add (or replace) a user in the directory; returns the Slack user object.

        ``tz_offset`` (seconds east of UTC) defaults to the zone's current offset.
        """
        name = name or user_id.lower()
        real_name = real_name if real_name is not None else name.title()
        display_name = display_name if display_name is not None else name
        zone = zoneinfo.ZoneInfo(tz)
        now = dt.datetime.now(zone)
        offset = now.utcoffset() or dt.timedelta(0)
        if tz_offset is None:
            tz_offset = int(offset.total_seconds())
        first, _, last = real_name.partition(" ")
        profile: dict[str, Any] = {
            "title": "",
            "phone": "",
            "skype": "",
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": display_name,
            "display_name_normalized": display_name,
            "fields": None,
            "status_text": status_text,
            "status_emoji": status_emoji,
            "status_emoji_display_info": [],
            "status_expiration": status_expiration,
            "avatar_hash": hashlib.md5(user_id.encode()).hexdigest()[:12],
            "first_name": first,
            "last_name": last,
            "image_24": f"https://avatars.example.invalid/{user_id}_24.png",
            "image_48": f"https://avatars.example.invalid/{user_id}_48.png",
            "image_72": f"https://avatars.example.invalid/{user_id}_72.png",
            "team": self.team_id,
        }
        if email is not None:
            profile["email"] = email
        if is_bot:
            profile["bot_id"] = self.bot_id if user_id == self.bot_user_id else "B" + user_id[1:]
            profile["always_active"] = True
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": deleted,
            "color": "9f69e7",
            "real_name": real_name,
            "tz": tz,
            "tz_label": now.tzname() or tz,
            "tz_offset": tz_offset,
            "profile": profile,
            "is_admin": is_admin,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": int(time.time()),
            "is_email_confirmed": email is not None,
            "who_can_share_contact_card": "EVERYONE",
            "locale": locale,
        }
        with self._lock:
            self._users[user_id] = user
            return copy.deepcopy(user)

    def set_status(self, user_id: str, text: str, emoji: str = "", expiration: int = 0) -> None:
        """Change a known user's Slack status (e.g. ``"On holiday"``, ``":palm_tree:"``)."""
        with self._lock:
            profile = self._users[user_id]["profile"]
            profile.update(status_text=text, status_emoji=emoji, status_expiration=expiration)

    def add_channel(
        self,
        channel_id: str,
        name: str | None = None,
        *,
        is_private: bool = False,
        members: Iterable[str] = (),
        is_member: bool = True,
        is_general: bool = False,
        topic: str = "",
        purpose: str = "",
    ) -> dict[str, Any]:
        """Add (or replace) a public or private channel; returns the channel object."""
        name = name or channel_id.lower()
        members_list = list(members)
        channel = {
            "id": channel_id,
            "name": name,
            "is_channel": not is_private,
            "is_group": is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": is_private,
            "created": 1_690_000_000,
            "is_archived": False,
            "is_general": is_general,
            "unlinked": 0,
            "name_normalized": name,
            "is_shared": False,
            "is_org_shared": False,
            "is_member": is_member,
            "creator": self.bot_user_id,
            "topic": {"value": topic, "creator": "", "last_set": 0},
            "purpose": {"value": purpose, "creator": "", "last_set": 0},
            "num_members": len(members_list),
        }
        with self._lock:
            self._channels[channel_id] = {**channel, "_members": members_list}
            self._messages.setdefault(channel_id, [])
            return self._public_channel(channel_id)

    def add_message(
        self,
        channel: str,
        text: str,
        user: str,
        ts: str | None = None,
        thread_ts: str | None = None,
        **extra: Any,
    ) -> str:
        """Seed a message (a thread reply when ``thread_ts`` is given); returns its ts."""
        with self._lock:
            self._ensure_channel(channel)
            ts = ts or self._next_ts()
            message: dict[str, Any] = {
                "type": "message",
                "user": user,
                "text": text,
                "ts": ts,
                "team": self.team_id,
                **extra,
            }
            if thread_ts and thread_ts != ts:
                message["thread_ts"] = thread_ts
                parent = self._find_message(channel, thread_ts)
                if parent is not None:
                    message["parent_user_id"] = parent.get("user", "")
            self._store_message(channel, message)
            return ts

    def add_usergroup(self, usergroup_id: str, users: Iterable[str]) -> None:
        """Add (or replace) a user group (``S...``) with these members."""
        with self._lock:
            self._usergroups[usergroup_id] = list(users)

    # ------------------------------------------------------------------ inspection

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Stored messages (replies included), oldest first; one channel's when given."""
        with self._lock:
            channels = [channel] if channel is not None else list(self._messages)
            found: list[dict[str, Any]] = []
            for ch in channels:
                for message in self._messages.get(ch, []):
                    found.append({**self._decorate(ch, message), "channel": ch})
            found.sort(key=lambda m: _ts_key(m["ts"]))
            return found

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """The parent message and its replies, oldest first."""
        with self._lock:
            return [self._decorate(channel, m) for m in self._thread_messages(channel, ts)]

    def view(self, view_id: str) -> dict[str, Any]:
        """A view as last opened / pushed / updated / published (KeyError when unknown)."""
        with self._lock:
            return copy.deepcopy(self._views[view_id])

    def views(self) -> dict[str, dict[str, Any]]:
        """All views by id."""
        with self._lock:
            return copy.deepcopy(self._views)

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home view last published for ``user_id``, or None."""
        with self._lock:
            view_id = self._home_views.get(user_id)
            return copy.deepcopy(self._views[view_id]) if view_id else None

    @staticmethod
    def dm_channel_id(user_id: str) -> str:
        """The stable DM channel id conversations.open returns for ``user_id``."""
        return "D" + user_id

    # ------------------------------------------------------------------ request handling

    def _handle_http(
        self, verb: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> _Answer:
        """Parse one HTTP request, record it, and compute the answer."""
        arrived = time.monotonic()
        if path.startswith("/api/") and len(path) > len("/api/"):
            method = path[len("/api/") :]
            # oauth.v2.access authenticates with the app's client ID and secret, not a token.
            needs_auth = method not in CLIENT_CREDENTIAL_METHODS
        elif path.startswith("/hooks/"):
            method, needs_auth = "response_url", False
        else:
            return _Answer(404, {"ok": False, "error": "not_found"})

        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        answer: _Answer | None = None
        if body:
            if content_type == "application/json":
                try:
                    decoded = json.loads(body)
                except ValueError:
                    decoded = None
                if isinstance(decoded, dict):
                    params.update(decoded)
                else:
                    answer = _Answer(200, {"ok": False, "error": "invalid_json"})
            elif content_type in {"application/x-www-form-urlencoded", ""}:
                form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                params.update(_decode_form_json(form))
            else:
                answer = _Answer(200, {"ok": False, "error": "invalid_form_data"})
        else:
            _decode_form_json(params)
        if method == "response_url":
            params["_path"] = path

        with self._lock:
            latency = self._delay
        if latency:
            self._stopping.wait(latency)

        with self._cond:
            if answer is None:
                answer = self._answer(method, params, headers, needs_auth)
            self._calls.append(
                Call(
                    method=method,
                    params=params,
                    headers=headers,
                    time=arrived,
                    status=answer.status,
                    response=copy.deepcopy(answer.body),
                    http_method=verb,
                )
            )
            self._cond.notify_all()
        return answer

    def _answer(
        self, method: str, params: dict[str, Any], headers: dict[str, str], needs_auth: bool
    ) -> _Answer:
        """Faults first, then auth, rate limits and the method itself. Caller holds the lock."""
        fault = self._injected_fault(method)
        if fault is not None:
            return fault
        if needs_auth:
            auth_error = self._auth_error(params, headers)
            if auth_error:
                return _Answer(200, {"ok": False, "error": auth_error})
        limited = self._rate_limited(method)
        if limited is not None:
            return limited
        handler = self._custom.get(method) or self._methods.get(method)
        if handler is None:
            if method == "response_url":
                return _Answer(200, {"ok": True})
            return _Answer(200, {"ok": False, "error": "unknown_method"})
        try:
            result = handler(params)
        except _ApiError as exc:
            return _Answer(200, {"ok": False, "error": exc.code})
        except Exception as exc:  # noqa: BLE001 - report, never crash the server thread
            self._errors.append(f"{method}: {type(exc).__name__}: {exc}")
            return _Answer(500, {"ok": False, "error": "standin_internal_error"})
        return _Answer(200, result)

    def _auth_error(self, params: dict[str, Any], headers: dict[str, str]) -> str | None:
        """``not_authed`` without a token, ``invalid_auth`` for one not in ``tokens``."""
        auth = headers.get("authorization", "")
        token = ""
        if auth.lower().startswith("bearer "):
            token = auth[len("bearer ") :].strip()
        if not token:
            token = str(params.get("token") or "").strip()
        if not token:
            return "not_authed"
        if self._tokens is not None and token not in self._tokens:
            return "invalid_auth"
        return None

    # ------------------------------------------------------------------ state helpers

    def _next_ts(self) -> str:
        # Like Slack: the wall-clock time of posting, unique and increasing within a channel.
        micros = max(self._next_ts_micros, int(time.time() * 1_000_000))
        self._next_ts_micros = micros + _TS_STEP_MICROS
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_view_id(self) -> str:
        self._view_counter += 1
        return f"V{self._view_counter:010d}"

    def _ensure_channel(self, channel_id: str) -> None:
        if channel_id in self._channels:
            return
        if channel_id.startswith("D"):
            self._channels[channel_id] = self._im_channel(channel_id, channel_id[1:])
        else:
            self._channels[channel_id] = {
                "id": channel_id,
                "name": channel_id.lower(),
                "is_channel": True,
                "is_group": False,
                "is_im": False,
                "is_mpim": False,
                "is_private": False,
                "created": 1_690_000_000,
                "is_archived": False,
                "is_general": False,
                "name_normalized": channel_id.lower(),
                "is_member": True,
                "topic": {"value": "", "creator": "", "last_set": 0},
                "purpose": {"value": "", "creator": "", "last_set": 0},
                "num_members": 0,
                "_members": [],
            }
        self._messages.setdefault(channel_id, [])

    def _im_channel(self, channel_id: str, user_id: str) -> dict[str, Any]:
        return {
            "id": channel_id,
            "created": 1_690_000_000,
            "is_archived": False,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": self.team_id,
            "updated": 1_690_000_000,
            "user": user_id,
            "is_user_deleted": bool(self._users.get(user_id, {}).get("deleted", False)),
            "priority": 0,
            "_members": [user_id, self.bot_user_id],
        }

    def _public_channel(self, channel_id: str) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in self._channels[channel_id].items() if k[0] != "_"}

    def _resolve_channel(self, channel: str) -> str:
        """A user id as channel means the DM with that user, as in Slack."""
        if channel[:1] in {"U", "W"}:
            channel = self.dm_channel_id(channel)
        self._ensure_channel(channel)
        return channel

    def _store_message(self, channel: str, message: dict[str, Any]) -> None:
        messages = self._messages.setdefault(channel, [])
        messages.append(message)
        messages.sort(key=lambda m: _ts_key(m["ts"]))

    def _find_message(self, channel: str, ts: str) -> dict[str, Any] | None:
        for message in self._messages.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    def _thread_messages(self, channel: str, ts: str) -> list[dict[str, Any]]:
        return [
            m for m in self._messages.get(channel, []) if m["ts"] == ts or m.get("thread_ts") == ts
        ]

    def _decorate(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``message`` with Slack's thread summary fields when it has replies."""
        out = copy.deepcopy(message)
        if message.get("thread_ts", message["ts"]) != message["ts"]:
            return out
        replies = [
            m
            for m in self._messages.get(channel, [])
            if m.get("thread_ts") == message["ts"] and m["ts"] != message["ts"]
        ]
        if replies:
            users = list(dict.fromkeys(m.get("user", "") for m in replies))
            out.update(
                thread_ts=message["ts"],
                reply_count=len(replies),
                reply_users=users,
                reply_users_count=len(users),
                latest_reply=replies[-1]["ts"],
                is_locked=False,
                subscribed=False,
            )
        return out

    def _bot_profile(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "app_id": self.app_id,
            "name": "Kindred",
            "icons": {},
            "deleted": False,
            "updated": 1_690_000_000,
            "team_id": self.team_id,
        }

    def _is_own_message(self, message: dict[str, Any]) -> bool:
        return message.get("bot_id") == self.bot_id or message.get("user") == self.bot_user_id

    @staticmethod
    def _require(params: dict[str, Any], name: str, error: str = "invalid_arguments") -> Any:
        value = params.get(name)
        if value is None or value == "":
            raise _ApiError(error)
        return value

    # ------------------------------------------------------------------ methods: auth, chat

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team,
            "user": self._users.get(self.bot_user_id, {}).get("name", "kindred"),
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _message_content(self, params: dict[str, Any]) -> dict[str, Any]:
        """text / blocks / attachments / metadata from a chat.* call (``no_text`` if empty)."""
        content: dict[str, Any] = {}
        for key in ("blocks", "attachments"):
            value = params.get(key)
            if value in (None, "", []):
                continue
            if not isinstance(value, list):
                raise _ApiError(f"invalid_{key}")
            content[key] = value
        text = params.get("text")
        if (text is None or text == "") and not content:
            raise _ApiError("no_text")
        content["text"] = "" if text is None else str(text)
        if isinstance(params.get("metadata"), dict):
            content["metadata"] = params["metadata"]
        return content

    def _chat_post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(self._require(params, "channel", "channel_not_found")))
        content = self._message_content(params)
        message: dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": self._next_ts(),
            "bot_profile": self._bot_profile(),
            **content,
        }
        for key in ("username", "icon_emoji", "icon_url"):
            if params.get(key):
                message[key] = params[key]
        thread_ts = params.get("thread_ts")
        if thread_ts:
            thread_ts = str(thread_ts)
            parent = self._find_message(channel, thread_ts)
            if parent is not None:
                thread_ts = parent.get("thread_ts", thread_ts)  # a reply's ts means its thread
                root = self._find_message(channel, thread_ts) or parent
                message["parent_user_id"] = root.get("user", "")
            message["thread_ts"] = thread_ts
            if _truthy(params.get("reply_broadcast", False)):
                message["subtype"] = "thread_broadcast"
        self._store_message(channel, message)
        return {
            "ok": True,
            "channel": channel,
            "ts": message["ts"],
            "message": copy.deepcopy(message),
        }

    def _chat_post_ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        self._resolve_channel(str(self._require(params, "channel", "channel_not_found")))
        self._require(params, "user", "user_not_in_channel")
        self._message_content(params)
        return {"ok": True, "message_ts": self._next_ts()}

    def _own_message(self, params: dict[str, Any], forbidden: str) -> tuple[str, dict[str, Any]]:
        channel = str(self._require(params, "channel", "channel_not_found"))
        ts = str(self._require(params, "ts", "message_not_found"))
        if channel[:1] in {"U", "W"}:
            channel = self.dm_channel_id(channel)
        if channel not in self._channels:
            raise _ApiError("channel_not_found")
        message = self._find_message(channel, ts)
        if message is None:
            raise _ApiError("message_not_found")
        if not self._is_own_message(message):
            raise _ApiError(forbidden)
        return channel, message

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, message = self._own_message(params, "cant_update_message")
        content = self._message_content(params)
        if "blocks" in params and "blocks" not in content:
            message.pop("blocks", None)  # blocks=[] clears them; omitting blocks keeps them
        message.update(content)
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": message["ts"],
            "text": message.get("text", ""),
            "message": copy.deepcopy(message),
        }

    def _chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, message = self._own_message(params, "cant_delete_message")
        self._messages[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": message["ts"]}

    def _chat_get_permalink(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(self._require(params, "channel", "channel_not_found"))
        ts = str(self._require(params, "message_ts", "message_not_found"))
        link = f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    # ------------------------------------------------------------------ methods: views

    def _submitted_view(self, params: dict[str, Any], *types: str) -> dict[str, Any]:
        view = params.get("view")
        if not isinstance(view, dict) or view.get("type") not in types:
            raise _ApiError("invalid_arguments")
        return view

    def _build_view(
        self,
        submitted: dict[str, Any],
        view_id: str,
        previous: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Slack's answer view: defaults, then the submitted view, then server-owned fields."""
        view: dict[str, Any] = {
            "id": view_id,
            "team_id": self.team_id,
            "type": submitted.get("type", "modal"),
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "state": {"values": {}},
            "hash": "",
            "title": None,
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": None,
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": self.app_id,
            "external_id": "",
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        view.update(copy.deepcopy(submitted))
        if previous is not None:
            view["previous_view_id"] = previous.get("previous_view_id")
            view["root_view_id"] = previous.get("root_view_id", view_id)
        view["id"] = view_id
        view["team_id"] = self.team_id
        view["app_id"] = self.app_id
        view["bot_id"] = self.bot_id
        view["app_installed_team_id"] = self.team_id
        self._hash_counter += 1
        view["hash"] = f"{int(time.time())}.{self._hash_counter:08x}"
        self._views[view_id] = view
        return copy.deepcopy(view)

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "trigger_id")
        view = self._submitted_view(params, "modal")
        return {"ok": True, "view": self._build_view(view, self._next_view_id())}

    def _views_push(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "trigger_id")
        view = self._submitted_view(params, "modal")
        return {"ok": True, "view": self._build_view(view, self._next_view_id())}

    def _views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        view = self._submitted_view(params, "modal", "home")
        view_id = params.get("view_id")
        external_id = params.get("external_id")
        if not view_id and not external_id:
            raise _ApiError("invalid_arguments")
        if not view_id:
            matches = [v for v in self._views.values() if v.get("external_id") == external_id]
            if not matches:
                raise _ApiError("not_found")
            view_id = matches[-1]["id"]
        previous = self._views.get(str(view_id))
        expected = params.get("hash")
        if previous is not None and expected and expected != previous.get("hash"):
            raise _ApiError("hash_conflict")
        return {"ok": True, "view": self._build_view(view, str(view_id), previous)}

    def _views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = str(self._require(params, "user_id"))
        view = self._submitted_view(params, "home")
        view_id = self._home_views.get(user_id)
        previous = self._views.get(view_id) if view_id else None
        expected = params.get("hash")
        if previous is not None and expected and expected != previous.get("hash"):
            raise _ApiError("hash_conflict")
        view_id = view_id or self._next_view_id()
        self._home_views[user_id] = view_id
        return {"ok": True, "view": self._build_view(view, view_id, previous)}

    # ------------------------------------------------------------------ methods: users

    def _user(self, user_id: Any) -> dict[str, Any]:
        user = self._users.get(str(user_id or ""))
        if user is None:
            raise _ApiError("user_not_found")
        return user

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = copy.deepcopy(self._user(params.get("user")))
        if not _truthy(params.get("include_locale", False)):
            user.pop("locale", None)
        return {"ok": True, "user": user}

    def _users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        found, next_cursor = _paginate(list(self._users.values()), params, default_limit=1000)
        page = [copy.deepcopy(u) for u in found]  # only the page: a large directory stays fast
        if not _truthy(params.get("include_locale", False)):
            for member in page:
                member.pop("locale", None)
        return {
            "ok": True,
            "members": page,
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _users_lookup_by_email(self, params: dict[str, Any]) -> dict[str, Any]:
        email = str(params.get("email") or "").strip().lower()
        for user in self._users.values():
            if email and str(user["profile"].get("email", "")).lower() == email:
                found = copy.deepcopy(user)
                found.pop("locale", None)
                return {"ok": True, "user": found}
        raise _ApiError("users_not_found")

    def _users_profile_get(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self._user(params.get("user") or self.bot_user_id)
        return {"ok": True, "profile": copy.deepcopy(user["profile"])}

    # ------------------------------------------------------------------ methods: conversations

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if channel:
            if channel not in self._channels:
                raise _ApiError("channel_not_found")
            return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": channel}}
        raw = params.get("users")
        users = raw if isinstance(raw, list) else str(raw or "").split(",")
        users = [u.strip() for u in users if u and u.strip()]
        if not users:
            raise _ApiError("users_list_not_supplied")
        if len(users) > 8:
            raise _ApiError("too_many_users")
        for user_id in users:
            if self._users.get(user_id, {}).get("deleted"):
                raise _ApiError("user_disabled")
        if len(users) == 1:
            channel_id = self.dm_channel_id(users[0])
            already = channel_id in self._channels
            if not already:
                self._channels[channel_id] = self._im_channel(channel_id, users[0])
                self._messages.setdefault(channel_id, [])
        else:
            digest = hashlib.sha1(",".join(sorted(users)).encode()).hexdigest()[:10].upper()
            channel_id = "G" + digest
            already = channel_id in self._channels
            if not already:
                name = "mpdm-" + "--".join(sorted(users)).lower() + "-1"
                self.add_channel(channel_id, name, is_private=True, members=users)
                self._channels[channel_id].update(is_mpim=True, is_group=False)
        answer: dict[str, Any] = {"ok": True, "channel": {"id": channel_id}}
        if already:
            answer.update(no_op=True, already_open=True)
        if _truthy(params.get("return_im", False)):
            answer["channel"] = self._public_channel(channel_id)
        return answer

    def _known_channel(self, params: dict[str, Any]) -> str:
        channel = str(params.get("channel") or "")
        if channel not in self._channels:
            raise _ApiError("channel_not_found")
        return channel

    def _conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(params)
        return {"ok": True, "channel": self._public_channel(channel)}

    @staticmethod
    def _in_window(ts: str, params: dict[str, Any]) -> bool:
        inclusive = _truthy(params.get("inclusive", False))
        key = _ts_key(ts)
        oldest, latest = params.get("oldest"), params.get("latest")
        if oldest:
            low = _ts_key(str(oldest))
            if key < low or (key == low and not inclusive):
                return False
        if latest:
            high = _ts_key(str(latest))
            if key > high or (key == high and not inclusive):
                return False
        return True

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(params)
        top = [
            self._decorate(channel, m)
            for m in reversed(self._messages.get(channel, []))
            if (m.get("thread_ts", m["ts"]) == m["ts"] or m.get("subtype") == "thread_broadcast")
            and self._in_window(m["ts"], params)
        ]
        most = self._history_page_max
        page, next_cursor = _paginate(top, params, default_limit=most or 100, max_limit=most or 999)
        return {
            "ok": True,
            "messages": page,
            "has_more": bool(next_cursor),
            "pin_count": 0,
            "channel_actions_ts": None,
            "channel_actions_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(params)
        ts = str(params.get("ts") or "")
        target = self._find_message(channel, ts)
        if target is None:
            raise _ApiError("thread_not_found")
        if target.get("thread_ts", ts) != ts:
            found = [target]  # a reply's ts answers just that reply, as Slack does
        else:
            found = self._thread_messages(channel, ts)
        decorated = [
            self._decorate(channel, m)
            for i, m in enumerate(found)
            if i == 0 or self._in_window(m["ts"], params)
        ]
        most = self._history_page_max
        page, next_cursor = _paginate(
            decorated, params, default_limit=most or 1000, max_limit=most or 1000
        )
        return {
            "ok": True,
            "messages": page,
            "has_more": bool(next_cursor),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(params)
        members = list(self._channels[channel].get("_members", []))
        page, next_cursor = _paginate(members, params, default_limit=100)
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}

    def _usergroups_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        group = str(params.get("usergroup") or "")
        if group not in self._usergroups:
            raise _ApiError("no_such_subteam")
        return {"ok": True, "users": list(self._usergroups[group])}

    def _apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        raise _ApiError("not_supported_by_standin")


def main(argv: list[str] | None = None) -> int:
    """Run a stand-in from the command line (for demos): prints its URL, serves until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Local Slack Web API stand-in (127.0.0.1 only)")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    args = parser.parse_args(argv)
    with SlackStandIn(port=args.port) as standin:
        print(f"SLACK_API_URL={standin.url}", flush=True)
        deadline = None if args.seconds is None else time.monotonic() + args.seconds
        try:
            while deadline is None or time.monotonic() < deadline:
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Send requests to a running Kindred server exactly as Slack signs and shapes them.

Slack signs each request with ``v0=`` + hex HMAC-SHA256 of ``v0:<timestamp>:<raw body>`` keyed by
the app's signing secret, and sends it in ``X-Slack-Signature`` next to
``X-Slack-Request-Timestamp``. Slash commands arrive form-encoded, interactivity as a form with one
``payload=<json>`` field, and Events API callbacks as JSON.

The payload builders below follow Slack's published interaction payloads (block_actions,
view_submission, message_action, shortcut); ids default to the stand-in's workspace.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any, Self
from urllib.parse import urlencode

import httpx

from bot.sandbox.standin import (
    DEFAULT_APP_ID,
    DEFAULT_BOT_ID,
    DEFAULT_BOT_USER_ID,
    DEFAULT_TEAM_DOMAIN,
    DEFAULT_TEAM_ID,
)

__all__ = [
    "FORM",
    "JSON",
    "SlackSender",
    "app_home_opened",
    "block_action",
    "checkboxes_value",
    "global_shortcut",
    "message_shortcut",
    "plain_text_value",
    "radio_value",
    "sign",
    "static_select_value",
    "view_submission",
]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
DEFAULT_USER_ID = "U0MEMBER1"
DEFAULT_CHANNEL_ID = "C0GENERAL"
DEFAULT_TRIGGER_ID = "1337.42"
VERIFICATION_TOKEN = "verificationtokenfromslack"  # deprecated by Slack, still sent
SLACK_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
_HOOKS = "https://hooks.slack.com"

_counter = itertools.count(1)


def sign(signing_secret: str, body: bytes, timestamp: int) -> str:
    """Slack's request signature: ``v0=`` + hex HMAC-SHA256 of ``v0:<timestamp>:<body>``."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def _action_ts() -> str:
    """A Slack-style ``action_ts`` (seconds with microseconds), unique within the process."""
    return f"{time.time():.6f}"


def _event_id() -> str:
    return f"Ev{next(_counter):010d}"


def _team(team_id: str) -> dict[str, Any]:
    return {"id": team_id, "domain": DEFAULT_TEAM_DOMAIN}


def _user(user_id: str, team_id: str) -> dict[str, Any]:
    name = user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _channel(channel_id: str) -> dict[str, Any]:
    return {"id": channel_id, "name": _channel_name(channel_id)}


def _channel_name(channel_id: str) -> str:
    """Slack's channel_name: ``directmessage`` for DMs, else the channel's name."""
    if channel_id.startswith("D"):
        return "directmessage"
    if channel_id == DEFAULT_CHANNEL_ID:
        return "general"
    return channel_id.lower()


def _response_url(kind: str, team_id: str) -> str:
    return f"{_HOOKS}/{kind}/{team_id}/{1000 + next(_counter)}/Zx8sKindredTestHook"


def _full_view(view: dict[str, Any], team_id: str) -> dict[str, Any]:
    """A view object as Slack sends it inside payloads: server fields filled in."""
    view_id = view.get("id") or f"V{next(_counter):010d}"
    full: dict[str, Any] = {
        "id": view_id,
        "team_id": team_id,
        "type": "modal",
        "blocks": [],
        "private_metadata": "",
        "callback_id": "",
        "state": {"values": {}},
        "hash": f"{int(time.time())}.{next(_counter):08x}",
        "title": {"type": "plain_text", "text": "Kindred", "emoji": True},
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": DEFAULT_APP_ID,
        "external_id": "",
        "app_installed_team_id": team_id,
        "bot_id": DEFAULT_BOT_ID,
    }
    full.update(view)
    full["id"] = view_id
    if full["type"] == "home" and "title" not in view:
        full["title"] = None  # App Home views have no title
    return full


# ---------------------------------------------------------------------- state value helpers


def plain_text_value(value: str | None) -> dict[str, Any]:
    """A ``plain_text_input`` entry for ``view_submission(state_values=...)``."""
    return {"type": "plain_text_input", "value": value}


def static_select_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    """A ``static_select`` entry; ``None`` means nothing selected."""
    selected = None
    if value is not None:
        selected = {
            "text": {"type": "plain_text", "text": text or value, "emoji": True},
            "value": value,
        }
    return {"type": "static_select", "selected_option": selected}


def radio_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    """A ``radio_buttons`` entry; ``None`` means nothing selected."""
    entry = static_select_value(value, text)
    entry["type"] = "radio_buttons"
    return entry


def checkboxes_value(values: list[str]) -> dict[str, Any]:
    """A ``checkboxes`` entry with these values ticked."""
    options = [
        {"text": {"type": "plain_text", "text": v, "emoji": True}, "value": v} for v in values
    ]
    return {"type": "checkboxes", "selected_options": options}


# ---------------------------------------------------------------------- payload builders


def block_action(
    action_id: str,
    value: str | None,
    *,
    user_id: str = DEFAULT_USER_ID,
    team_id: str = DEFAULT_TEAM_ID,
    channel_id: str | None = None,
    message_ts: str | None = None,
    view: dict[str, Any] | None = None,
    trigger_id: str = DEFAULT_TRIGGER_ID,
    block_id: str | None = None,
    action_type: str = "button",
    message: dict[str, Any] | None = None,
    response_url: str | None = None,
    state_values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``block_actions`` payload for one element.

    With ``view`` (a modal or App Home view; at least ``{"id": ..., "type": ...}``) the action
    comes from that view; otherwise from a message in ``channel_id`` (default: the user's DM,
    ``"D" + user_id``) at ``message_ts``. ``action_type`` ``button`` carries ``value``;
    ``static_select`` / ``overflow`` / ``radio_buttons`` carry it as ``selected_option``.
    """
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id or f"{action_id}_block",
        "type": action_type,
        "action_ts": _action_ts(),
    }
    if action_type in {"static_select", "overflow", "radio_buttons", "external_select"}:
        selected = static_select_value(value)["selected_option"]
        action["selected_option"] = selected
    else:
        action["text"] = {"type": "plain_text", "text": value or action_id, "emoji": True}
        if value is not None:
            action["value"] = value
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": DEFAULT_APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {},
        "trigger_id": trigger_id,
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if view is not None:
        full = _full_view(view, team_id)
        if state_values is not None:
            full["state"] = {"values": state_values}
        payload["container"] = {"type": "view", "view_id": full["id"]}
        payload["view"] = full
        if channel_id is not None:
            payload["channel"] = _channel(channel_id)
    else:
        channel_id = channel_id or "D" + user_id
        message_ts = message_ts or (message or {}).get("ts") or f"{time.time():.6f}"
        payload["container"] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = _channel(channel_id)
        payload["message"] = message or {
            "type": "message",
            "text": "",
            "ts": message_ts,
            "user": DEFAULT_BOT_USER_ID,
            "bot_id": DEFAULT_BOT_ID,
            "app_id": DEFAULT_APP_ID,
            "team": team_id,
            "blocks": [],
        }
        payload["state"] = {"values": state_values or {}}
        payload["response_url"] = response_url or _response_url("actions", team_id)
    payload["actions"] = [action]
    return payload


def view_submission(
    callback_id: str,
    state_values: dict[str, Any],
    *,
    user_id: str = DEFAULT_USER_ID,
    team_id: str = DEFAULT_TEAM_ID,
    private_metadata: str = "",
    view: dict[str, Any] | None = None,
    trigger_id: str = DEFAULT_TRIGGER_ID,
) -> dict[str, Any]:
    """A ``view_submission`` payload.

    ``state_values`` is Slack's ``view.state.values``:
    ``{block_id: {action_id: {"type": "plain_text_input", "value": "..."}}}`` (see the
    ``*_value`` helpers). ``view`` optionally supplies the rest of the submitted view (blocks,
    id, title, ...).
    """
    full = _full_view(
        {**(view or {}), "type": "modal", "callback_id": callback_id}, team_id=team_id
    )
    full["private_metadata"] = private_metadata
    full["state"] = {"values": state_values}
    if full.get("submit") is None:
        full["submit"] = {"type": "plain_text", "text": "Submit", "emoji": True}
    return {
        "type": "view_submission",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "api_app_id": DEFAULT_APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "view": full,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def message_shortcut(
    callback_id: str,
    *,
    user_id: str = DEFAULT_USER_ID,
    team_id: str = DEFAULT_TEAM_ID,
    channel_id: str = DEFAULT_CHANNEL_ID,
    message: dict[str, Any],
    trigger_id: str = DEFAULT_TRIGGER_ID,
    response_url: str | None = None,
) -> dict[str, Any]:
    """A ``message_action`` payload (a message shortcut used on ``message`` in ``channel_id``)."""
    full_message = {"type": "message", **message}
    full_message.setdefault("ts", f"{time.time():.6f}")
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": _action_ts(),
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "channel": _channel(channel_id),
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
        "response_url": response_url or _response_url("app", team_id),
        "message_ts": full_message["ts"],
        "message": full_message,
    }


def global_shortcut(
    callback_id: str,
    *,
    user_id: str = DEFAULT_USER_ID,
    team_id: str = DEFAULT_TEAM_ID,
    trigger_id: str = DEFAULT_TRIGGER_ID,
) -> dict[str, Any]:
    """A ``shortcut`` payload (a global shortcut: no channel, message or response_url)."""
    return {
        "type": "shortcut",
        "token": VERIFICATION_TOKEN,
        "action_ts": _action_ts(),
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id,
    }


def app_home_opened(
    user_id: str = DEFAULT_USER_ID, *, tab: str = "home", view: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An ``app_home_opened`` event (for :meth:`SlackSender.event`)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id,
        "tab": tab,
        "event_ts": _action_ts(),
    }
    if view is not None:
        event["view"] = view
    return event


# ---------------------------------------------------------------------- sender


class SlackSender:
    """Posts signed requests to ``{base_url}/slack/events`` like Slack does (sync httpx)."""

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        *,
        api_app_id: str = DEFAULT_APP_ID,
        team_domain: str = DEFAULT_TEAM_DOMAIN,
        bot_user_id: str = DEFAULT_BOT_USER_ID,
        transport: httpx.BaseTransport | None = None,
        hooks_url: str | None = None,
    ) -> None:
        """``transport`` lets tests route requests in-process (e.g. ``httpx.MockTransport``).

        ``hooks_url`` (the stand-in's ``…/hooks``) takes the place of Slack's hooks host in every
        default ``response_url``, so Kindred's answers land on loopback, never on slack.com.
        """
        self.base_url = base_url.rstrip("/")
        self.hooks_url = hooks_url.rstrip("/") if hooks_url else None
        self.signing_secret = signing_secret
        self.api_app_id = api_app_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.client = httpx.Client(timeout=10.0, trust_env=False, transport=transport)

    @property
    def events_url(self) -> str:
        """Where Slack sends commands, interactivity and events."""
        return f"{self.base_url}/slack/events"

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _local(self, response_url: str) -> str:
        if self.hooks_url and response_url.startswith(_HOOKS + "/"):
            return self.hooks_url + response_url[len(_HOOKS) :]
        return response_url

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        sign_with: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST ``body`` signed with the signing secret (or ``sign_with``) at ``timestamp``.

        ``signature`` sends that signature verbatim; ``headers`` adds or overrides headers
        (e.g. ``X-Slack-Retry-Num``).
        """
        ts = int(time.time()) if timestamp is None else timestamp
        sig = (
            signature if signature is not None else sign(sign_with or self.signing_secret, body, ts)
        )
        sent = {
            "Content-Type": content_type,
            "User-Agent": SLACK_USER_AGENT,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sig,
        }
        sent.update(headers or {})
        return self.client.post(self.events_url, content=body, headers=sent)

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = DEFAULT_USER_ID,
        team_id: str = DEFAULT_TEAM_ID,
        channel_id: str = DEFAULT_CHANNEL_ID,
        trigger_id: str = DEFAULT_TRIGGER_ID,
        response_url: str | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
        sign_with: str | None = None,
        **fields: str,
    ) -> httpx.Response:
        """A slash command, form-encoded with Slack's fields; ``fields`` add or override some."""
        form = {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": _channel_name(channel_id),
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command if command.startswith("/") else "/" + command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self._local(response_url or _response_url("commands", team_id)),
            "trigger_id": trigger_id,
        }
        form.update(fields)
        body = urlencode(form).encode()
        return self.post(body, FORM, timestamp=timestamp, signature=signature, sign_with=sign_with)

    def interaction(
        self,
        payload: dict[str, Any],
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        sign_with: str | None = None,
    ) -> httpx.Response:
        """An interactivity request: form body ``payload=<json>``."""
        if "response_url" in payload:
            payload = {**payload, "response_url": self._local(payload["response_url"])}
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, FORM, timestamp=timestamp, signature=signature, sign_with=sign_with)

    def event(
        self,
        event: dict[str, Any],
        *,
        team_id: str = DEFAULT_TEAM_ID,
        event_id: str | None = None,
        event_time: int | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
        sign_with: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """An Events API ``event_callback`` carrying ``event`` (JSON body)."""
        envelope = {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "context_team_id": team_id,
            "context_enterprise_id": None,
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or _event_id(),
            "event_time": int(time.time()) if event_time is None else event_time,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-eyJldCI6{next(_counter):08d}",
        }
        body = json.dumps(envelope).encode()
        return self.post(
            body,
            JSON,
            timestamp=timestamp,
            signature=signature,
            sign_with=sign_with,
            headers=headers,
        )

    def url_verification(
        self,
        challenge: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        sign_with: str | None = None,
    ) -> httpx.Response:
        """The Events API handshake: the app must echo ``challenge``."""
        body = json.dumps(
            {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
        ).encode()
        return self.post(body, JSON, timestamp=timestamp, signature=signature, sign_with=sign_with)

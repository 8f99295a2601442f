"""The application factory: a Bolt AsyncApp wired to Kindred's listeners and runtime."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.payload_utils import to_command, to_event
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import exc as db_errors

from bot.config import Settings
from bot.listeners import register_listeners
from bot.runtime import Runtime, build_runtime
from bot.slack.space import is_space_request, tell_privately
from bot.store.db import Database

logger = logging.getLogger(__name__)

# Exactly the bot scopes of deploy/manifest.yml (a test keeps the two equal).
BOT_SCOPES = [
    "commands",
    "chat:write",
    "im:write",
    "users:read",
    "users:read.email",
    "usergroups:read",
    "channels:history",
    "groups:history",
    "im:history",
]
OAUTH_STATE_EXPIRATION_SECONDS = 600
MODAL_ERROR_LIMIT = 2000
# The database is unreachable or went away mid-request (a restart, a failover): nothing was
# saved, and the same request will work once it is back.
DATABASE_OUTAGES = (db_errors.OperationalError, db_errors.InterfaceError, db_errors.TimeoutError)


def create_app(
    settings: Settings,
    client: AsyncWebClient | None = None,
    *,
    runtime: Runtime | None = None,
) -> AsyncApp:
    """Build the Bolt app. Nothing happens at import time; everything comes from `settings`."""
    settings.require("SLACK_SIGNING_SECRET")
    assert settings.SLACK_SIGNING_SECRET is not None
    runtime = runtime or build_runtime(settings, client)
    options: dict[str, Any] = {
        "signing_secret": settings.SLACK_SIGNING_SECRET.get_secret_value(),
        "client": runtime.clients.base,
        "raise_error_for_unhandled_request": True,
        "logger": logging.getLogger("bot.bolt"),
    }
    # With one workspace the client carries the bot token, and AsyncApp asks Slack who it is
    # (auth.test) on the first request, not at start-up; with OAuth each install has its own.
    store = runtime.clients.installation_store
    if store is not None:
        options["oauth_settings"] = _oauth_settings(settings, runtime.db, store)
    app = AsyncApp(**options)
    app.use(_inject_runtime(runtime))
    app.error(handle_error)
    register_listeners(app)
    return app


def _oauth_settings(
    settings: Settings, db: Database, store: AsyncInstallationStore
) -> AsyncOAuthSettings:
    assert settings.SLACK_CLIENT_ID and settings.SLACK_CLIENT_SECRET
    return AsyncOAuthSettings(
        client_id=settings.SLACK_CLIENT_ID,
        client_secret=settings.SLACK_CLIENT_SECRET.get_secret_value(),
        scopes=BOT_SCOPES,
        installation_store=store,
        state_store=AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=OAUTH_STATE_EXPIRATION_SECONDS, engine=db.engine
        ),
        authorization_url=settings.slack_origin + "/oauth/v2/authorize",
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )


def _inject_runtime(runtime: Runtime) -> Any:
    async def inject(context: AsyncBoltContext, next: Any) -> None:
        context["runtime"] = runtime
        await next()

    return inject


def describe_request(body: dict[str, Any]) -> str:
    """What a request was, for logs: its kind and command or callback, never who sent it."""
    command = to_command(body)
    if command:
        return f"command {command.get('command')}"
    event = to_event(body)
    if event:
        return f"event {event.get('type')}"
    kind = body.get("type", "request")
    if kind == "block_actions":
        ids = ",".join(str(a.get("action_id")) for a in body.get("actions", []))
        return f"block_actions {ids}"
    callback = body.get("callback_id") or body.get("view", {}).get("callback_id")
    return f"{kind} {callback}" if callback else str(kind)


def _first_input_block(body: dict[str, Any]) -> str | None:
    """The block_id of a submitted modal's first input, where an error can be shown."""
    if body.get("type") != "view_submission":
        return None
    for block in body.get("view", {}).get("blocks", []):
        if block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


async def handle_error(
    error: Exception,
    body: dict[str, Any],
    context: AsyncBoltContext,
    response: BoltResponse | None,
) -> BoltResponse | None:
    """The one place listener errors end: logged once, and the person is told kindly."""
    what = describe_request(body)
    if isinstance(error, BoltUnhandledRequestError):
        # A button from an older Kindred, say: nothing to do, and nothing for Slack to retry.
        logger.warning("no handler for %s", what)
        return BoltResponse(status=200, body="")
    logger.error("failed to handle %s: %s", what, error, exc_info=error)
    runtime: Runtime | None = context.get("runtime")
    if runtime is None:
        message = "Sorry, something went wrong. Please try again."
    elif isinstance(error, DATABASE_OUTAGES):
        message = runtime.prompts.render("common/not_saved")
    else:
        message = runtime.prompts.render("common/error", what="that")
    if response is not None:
        # Not acknowledged yet: answer in the HTTP response itself (shown to the person only).
        if to_command(body):
            return BoltResponse(status=200, body=message)
        field = _first_input_block(body)
        if field is not None:
            # A modal stays open, with what the person typed, and says so beside a field.
            errors = {field: message[:MODAL_ERROR_LIMIT]}
            return BoltResponse(status=200, body={"response_action": "errors", "errors": errors})
        return BoltResponse(status=200, body="")
    try:
        if context.response_url and context.respond is not None:
            await context.respond(text=message, response_type="ephemeral", replace_original=False)
        elif context.user_id and context.client is not None:
            if is_space_request(body):
                # Never a DM about the anonymous space: it would sit in their history, dated.
                await tell_privately(context.client, context.user_id, message)
            else:
                await context.client.chat_postMessage(channel=context.user_id, text=message)
    except (SlackApiError, aiohttp.ClientError, ValueError) as exc:
        # Nowhere left to report to but the log (the request itself may be the broken part).
        logger.warning("could not tell the person about the failure: %s", type(exc).__name__)
    return None

"""The runtime every listener and scheduled job needs, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.prompts import Prompts
from bot.services.llm import ChatModel
from bot.slack.client import TeamClients, create_web_client
from bot.store.db import Database


@dataclass
class Runtime:
    """Settings, database, templates and Slack clients; listeners get it with `runtime_of`."""

    settings: Settings
    db: Database
    prompts: Prompts
    clients: TeamClients
    model: ChatModel | None = None  # the optional language model for /kindly (off by default)


def build_runtime(
    settings: Settings,
    client: AsyncWebClient | None = None,
    db: Database | None = None,
    prompts: Prompts | None = None,
) -> Runtime:
    """Everything that talks to the outside world, made from `settings` (nothing at import)."""
    db = db or Database(settings.DATABASE_URL)
    if settings.oauth_enabled:
        assert settings.SLACK_CLIENT_ID is not None
        store = AsyncSQLAlchemyInstallationStore(
            client_id=settings.SLACK_CLIENT_ID, engine=db.engine
        )
        clients = TeamClients(settings, client or create_web_client(settings, None), store)
    else:
        settings.require("SLACK_BOT_TOKEN")
        assert settings.SLACK_BOT_TOKEN is not None
        token = settings.SLACK_BOT_TOKEN.get_secret_value()
        clients = TeamClients(settings, client or create_web_client(settings, token))
    return Runtime(
        settings=settings,
        db=db,
        prompts=prompts or Prompts(settings.KINDRED_PROMPTS_DIR),
        clients=clients,
        model=ChatModel.from_settings(settings),
    )


def runtime_of(context: AsyncBoltContext | dict[str, Any]) -> Runtime:
    """The Runtime that `create_app` put into the Bolt context."""
    runtime: Runtime = context["runtime"]
    return runtime

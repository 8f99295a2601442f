"""The runtime every listener needs, carried in the Bolt context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from bot.config import Settings
from bot.prompts import Prompts
from bot.store.db import Database


@dataclass
class Runtime:
    """Settings, database and templates, handed to listeners through the context as `runtime`."""

    settings: Settings
    db: Database
    prompts: Prompts


def runtime_of(context: AsyncBoltContext | dict[str, Any]) -> Runtime:
    """The Runtime that `create_app` put into the Bolt context."""
    return context["runtime"]

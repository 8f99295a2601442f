"""Typed settings, read once from the environment and `.env`, then passed everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

# What to tell an operator for each variable, in one line: what it is and where to get it.
HINTS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from your Slack app's "
    "'OAuth & Permissions' page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's 'Basic Information' page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-…) with connections:write, from "
    "'Basic Information' > 'App-Level Tokens'",
    "SLACK_CLIENT_ID": "the Client ID from your Slack app's 'Basic Information' page",
    "SLACK_CLIENT_SECRET": "the Client Secret from your Slack app's 'Basic Information' page",
    "SLACK_API_URL": "the Slack Web API base URL, e.g. https://slack.com/api/",
    "DATABASE_URL": "a database URL such as sqlite:///kindred.db or "
    "postgresql://user:password@host:5432/kindred",
    "PORT": "a TCP port number between 1 and 65535, e.g. 3000",
    "KINDRED_PROCESSING_CHANNEL": "the channel ID (C…) of the processing-space channel",
    "KINDRED_SECRET_KEY": "a random secret of at least 32 characters, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`",
    "KINDRED_PROMPTS_DIR": "a folder of template overrides that exists",
    "KINDRED_MIN_GROUP": "a whole number from 3 to 10 (the smallest group whose answers are shown)",
    "KINDRED_MODERATORS": "a user group ID (S…) or channel ID (C…) for the moderators",
    "KINDRED_LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "KINDRED_FLAGS_TO_HIDE": "a whole number from 1 to 50 (how many people must flag an anonymous "
    "post before it is hidden for the moderators)",
    "KINDRED_POSTS_PER_DAY": "a whole number from 1 to 100 (anonymous posts one person may share "
    "in a day)",
    "KINDRED_REPLIES_PER_DAY": "a whole number from 1 to 500 (anonymous replies one person may "
    "write in a day)",
    "KINDRED_TICK_SECONDS": "seconds between scheduling cycles, 1 to 3600 (0 turns the "
    "scheduler off, e.g. when a cron job runs `kindred nudges run` instead)",
    "KINDRED_CLAIM_LEASE_SECONDS": "seconds, 30 to 3600, after which messages a sender claimed "
    "but never finished (it died) may be sent by another",
    "KINDRED_SHOW_STREAKS": "true or false (show how many weeks in a row someone checked in)",
    "KINDRED_SLACK_TIMEOUT_SECONDS": "seconds, 1 to 300, to wait for Slack to answer one Web API "
    "call before retrying it later",
    "KINDRED_SLACK_POSTS_PER_MINUTE": "a whole number from 1 to 6000: how many messages a minute "
    "Kindred posts in one workspace (chat.postMessage's workspace-wide budget)",
    "KINDRED_SLACK_MARKETPLACE": "true when your distributed (OAuth) Slack app is approved for "
    "the Slack Marketplace, else false",
    "KINDRED_SLACK_RATE_SCALE": "a number from 0.01 to 1000 that multiplies Slack's published rate "
    "tiers (leave at 1 with the real Slack; only a test stand-in is faster)",
    "KINDRED_RETENTION_DAYS": "a whole number of days from 1 to 3650 after which check-ins, "
    "messages and anonymous posts are deleted (0 keeps them until deleted by hand)",
    "KINDRED_SPACE_DELAY_SECONDS": "seconds, 0 to 900: anonymous posts and replies appear at a "
    "random moment within this time (0 posts at once)",
    "KINDRED_SLACK_RETRY_BASE_SECONDS": "seconds, above 0 and at most 60, before the first retry "
    "of a Slack call that failed with a server or connection error (it doubles each time)",
    "KINDRED_LLM_URL": "the base URL of an OpenAI-compatible chat endpoint, e.g. "
    "http://localhost:11434/v1 for Ollama (leave it empty to use the rules alone)",
    "KINDRED_LLM_MODEL": "the model name that endpoint serves, e.g. llama3.1:8b (required when "
    "KINDRED_LLM_URL is set)",
    "KINDRED_LLM_API_KEY": "the API key the model endpoint expects, if any",
}

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable} is {problem}: set it to {HINTS.get(variable, 'a value')}.")


class Settings(BaseSettings):
    """Everything Kindred reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True
    )

    SLACK_BOT_TOKEN: SecretStr | None = None
    SLACK_SIGNING_SECRET: SecretStr | None = None
    SLACK_APP_TOKEN: SecretStr | None = None
    SLACK_CLIENT_ID: str | None = None
    SLACK_CLIENT_SECRET: SecretStr | None = None
    SLACK_API_URL: AnyHttpUrl = AnyHttpUrl("https://slack.com/api/")
    DATABASE_URL: str = "sqlite:///kindred.db"
    PORT: Annotated[int, Field(ge=1, le=65535)] = 3000
    KINDRED_PROCESSING_CHANNEL: str | None = None
    KINDRED_SECRET_KEY: SecretStr | None = None
    KINDRED_PROMPTS_DIR: Path | None = None
    KINDRED_MIN_GROUP: Annotated[int, Field(ge=3, le=10)] = 5
    KINDRED_MODERATORS: str | None = None
    KINDRED_LOG_LEVEL: str = "INFO"
    KINDRED_FLAGS_TO_HIDE: Annotated[int, Field(ge=1, le=50)] = 3
    KINDRED_POSTS_PER_DAY: Annotated[int, Field(ge=1, le=100)] = 5
    KINDRED_REPLIES_PER_DAY: Annotated[int, Field(ge=1, le=500)] = 20
    KINDRED_TICK_SECONDS: Annotated[int, Field(ge=0, le=3600)] = 60
    KINDRED_CLAIM_LEASE_SECONDS: Annotated[int, Field(ge=30, le=3600)] = 300
    KINDRED_SLACK_TIMEOUT_SECONDS: Annotated[int, Field(ge=1, le=300)] = 10
    KINDRED_SLACK_POSTS_PER_MINUTE: Annotated[int, Field(ge=1, le=6000)] = 300
    KINDRED_SLACK_MARKETPLACE: bool = False
    KINDRED_SLACK_RATE_SCALE: Annotated[float, Field(ge=0.01, le=1000)] = 1.0
    # Weeks in a row, as a number, in the thank-you and on Home (off: a gentle line instead).
    KINDRED_SHOW_STREAKS: bool = False
    KINDRED_RETENTION_DAYS: Annotated[int, Field(ge=0, le=3650)] = 365
    KINDRED_SPACE_DELAY_SECONDS: Annotated[int, Field(ge=0, le=900)] = 90
    KINDRED_SLACK_RETRY_BASE_SECONDS: Annotated[float, Field(gt=0, le=60)] = 0.5
    KINDRED_LLM_URL: AnyHttpUrl | None = None
    KINDRED_LLM_MODEL: str | None = Field(default=None, validate_default=True)
    KINDRED_LLM_API_KEY: SecretStr | None = None

    @field_validator(
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "KINDRED_PROCESSING_CHANNEL",
        "KINDRED_SECRET_KEY",
        "KINDRED_PROMPTS_DIR",
        "KINDRED_MODERATORS",
        "KINDRED_LLM_URL",
        "KINDRED_LLM_MODEL",
        "KINDRED_LLM_API_KEY",
        mode="before",
    )
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        # `.env.example` leaves optional settings empty; empty means "not set".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("not a bot token (it should start with xoxb-)")
        return value

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("not an app-level token (it should start with xapp-)")
        return value

    @field_validator("KINDRED_SECRET_KEY")
    @classmethod
    def _secret_key_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("too short")
        return value

    @field_validator("KINDRED_PROCESSING_CHANNEL")
    @classmethod
    def _channel_shape(cls, value: str | None) -> str | None:
        if value is not None and not _is_slack_id(value.strip(), "CG"):
            raise ValueError("not a channel ID (it should start with C or G)")
        return value.strip() if value is not None else None

    @field_validator("KINDRED_MODERATORS")
    @classmethod
    def _moderators_shape(cls, value: str | None) -> str | None:
        if value is not None and not _is_slack_id(value.strip(), "SCG"):
            raise ValueError("not a user group (S…) or channel (C…) ID")
        return value.strip() if value is not None else None

    @field_validator("KINDRED_LLM_MODEL")
    @classmethod
    def _model_with_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Every OpenAI-compatible server but llama.cpp's needs the model's name to answer.
        if value is None and info.data.get("KINDRED_LLM_URL") is not None:
            raise PydanticCustomError("missing", "required when KINDRED_LLM_URL is set")
        return value.strip() if value is not None else None

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        value = value.strip()
        if value.startswith(SQLITE_PREFIX) and len(value) > len(SQLITE_PREFIX):
            return value
        if value.startswith(POSTGRES_PREFIXES):
            return value
        raise ValueError("not a sqlite:/// or postgresql:// URL")

    @field_validator("KINDRED_PROMPTS_DIR")
    @classmethod
    def _prompts_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError("not an existing folder")
        return value

    @field_validator("KINDRED_LOG_LEVEL")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("not a log level")
        return level

    @property
    def slack_api_url(self) -> str:
        """The Web API base URL with exactly one trailing slash, as slack_sdk expects."""
        return str(self.SLACK_API_URL).rstrip("/") + "/"

    @property
    def slack_origin(self) -> str:
        """Scheme and host of the Slack API URL (GovSlack's install page lives there too)."""
        url = self.SLACK_API_URL
        port = f":{url.port}" if url.port not in (None, 80, 443) else ""
        return f"{url.scheme}://{url.host}{port}"

    @property
    def slack_configured(self) -> bool:
        """True when any Slack credential is set (serving then reports what else is missing)."""
        return any(
            value is not None
            for value in (
                self.SLACK_BOT_TOKEN,
                self.SLACK_SIGNING_SECRET,
                self.SLACK_APP_TOKEN,
                self.SLACK_CLIENT_ID,
                self.SLACK_CLIENT_SECRET,
            )
        )

    @property
    def oauth_enabled(self) -> bool:
        """True when Kindred should serve the multi-workspace install flow."""
        return bool(self.SLACK_CLIENT_ID and self.SLACK_CLIENT_SECRET)

    @property
    def distributed_app(self) -> bool:
        """True for an app installed through OAuth that is not in the Slack Marketplace: since
        May 2025 Slack limits its history reads (see bot/slack/limits.py)."""
        return self.oauth_enabled and not self.KINDRED_SLACK_MARKETPLACE

    def require(self, *variables: str) -> None:
        """Raise ConfigError naming the first of `variables` that is not set."""
        for variable in variables:
            if getattr(self, variable) is None:
                raise ConfigError(variable, "missing")


def _is_slack_id(value: str, prefixes: str) -> bool:
    """True for an ID such as C0123ABCD: one of `prefixes`, then capital letters and digits."""
    return len(value) >= 3 and value[0] in prefixes and value[1:].isalnum() and value.isupper()


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Read settings, turning pydantic's report into one ConfigError line."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        first = exc.errors()[0]
        variable = str(first["loc"][0]) if first["loc"] else "settings"
        kind = "missing" if first["type"] == "missing" else "malformed"
        raise ConfigError(variable, kind) from None

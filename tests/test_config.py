"""Settings: defaults, and one clear line (exit status 2) for anything missing or malformed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

SETTING_NAMES = list(Settings.model_fields)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Kindred variables in the environment and no .env in the working folder."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults(clean_env: Path) -> None:
    settings = load_settings()
    assert settings.DATABASE_URL == "sqlite:///kindred.db"
    assert settings.PORT == 3000
    assert settings.KINDRED_MIN_GROUP == 5
    assert settings.KINDRED_SLACK_RETRY_BASE_SECONDS == 0.5
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.SLACK_BOT_TOKEN is None
    assert not settings.oauth_enabled


def test_reads_dotenv_and_environment_wins(clean_env: Path, monkeypatch) -> None:
    (clean_env / ".env").write_text("KINDRED_MIN_GROUP=7\nPORT=4000\nSLACK_API_URL=http://x/api\n")
    monkeypatch.setenv("PORT", "5000")
    settings = load_settings()
    assert settings.KINDRED_MIN_GROUP == 7
    assert settings.PORT == 5000
    assert settings.slack_api_url == "http://x/api/"


def test_empty_values_from_env_example_mean_unset(clean_env: Path) -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    (clean_env / ".env").write_text(example.read_text())
    settings = load_settings()
    assert settings.SLACK_APP_TOKEN is None
    assert settings.KINDRED_PROMPTS_DIR is None
    assert settings.KINDRED_SECRET_KEY is None


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("KINDRED_MIN_GROUP", "2", "KINDRED_MIN_GROUP is malformed: set it to a whole number"),
        ("KINDRED_MIN_GROUP", "11", "KINDRED_MIN_GROUP is malformed"),
        ("KINDRED_MIN_GROUP", "five", "KINDRED_MIN_GROUP is malformed"),
        ("PORT", "70000", "PORT is malformed"),
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL is malformed: set it to a database URL"),
        ("DATABASE_URL", "sqlite:///", "DATABASE_URL is malformed"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN is malformed"),
        ("SLACK_APP_TOKEN", "xoxb-nope", "SLACK_APP_TOKEN is malformed"),
        ("SLACK_API_URL", "not a url", "SLACK_API_URL is malformed"),
        ("KINDRED_SECRET_KEY", "short", "KINDRED_SECRET_KEY is malformed"),
        ("KINDRED_PROMPTS_DIR", "/no/such/folder", "KINDRED_PROMPTS_DIR is malformed"),
        ("KINDRED_LOG_LEVEL", "LOUD", "KINDRED_LOG_LEVEL is malformed"),
        ("KINDRED_SLACK_RETRY_BASE_SECONDS", "0", "KINDRED_SLACK_RETRY_BASE_SECONDS is malformed"),
    ],
)
def test_malformed_values_name_the_variable(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(expected)
    assert caught.value.variable == variable
    assert "\n" not in message


def test_require_names_the_first_missing(clean_env: Path, monkeypatch) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cret")
    settings = load_settings()
    settings.require("SLACK_SIGNING_SECRET")
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN is missing: set it to the Bot User"):
        settings.require("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN")


def run_kindred(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=base | env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "s3cret"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": " "}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_serve_without_slack_credentials_exits_2_with_one_line(
    tmp_path: Path, env: dict[str, str], missing: str
) -> None:
    result = run_kindred(["serve"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kindred: {missing} is missing: set it to")
    assert "api.slack.com" in lines[0] or "Slack app" in lines[0]
    assert not (tmp_path / "kindred.db").exists(), "nothing should be created before exiting"


def test_socket_without_app_token_exits_2(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}
    result = run_kindred(["socket"], env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("kindred: SLACK_APP_TOKEN is missing: set it to")


def test_malformed_setting_exits_2_without_traceback(tmp_path: Path) -> None:
    result = run_kindred(["db", "upgrade"], {"KINDRED_MIN_GROUP": "42"}, tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "kindred: KINDRED_MIN_GROUP is malformed: set it to a whole number from 3 to 10 "
        "(the smallest group whose answers are shown)."
    ]

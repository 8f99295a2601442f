"""Settings of the anonymous space: defaults, and one clear line for malformed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

SPACE_SETTINGS = (
    "KINDRED_PROCESSING_CHANNEL",
    "KINDRED_MODERATORS",
    "KINDRED_FLAGS_TO_HIDE",
    "KINDRED_POSTS_PER_DAY",
    "KINDRED_REPLIES_PER_DAY",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in Settings.model_fields:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults(clean_env: Path) -> None:
    settings = load_settings()
    assert (settings.KINDRED_FLAGS_TO_HIDE, settings.KINDRED_POSTS_PER_DAY) == (3, 5)
    assert settings.KINDRED_REPLIES_PER_DAY == 20
    assert settings.KINDRED_PROCESSING_CHANNEL is None and settings.KINDRED_MODERATORS is None


@pytest.mark.parametrize(
    ("variable", "value"),
    [("KINDRED_PROCESSING_CHANNEL", " C0SPACE "), ("KINDRED_MODERATORS", "S0MODS")],
)
def test_ids_are_accepted_and_trimmed(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(load_settings(), variable) == value.strip()


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("KINDRED_PROCESSING_CHANNEL", "#processing", "the channel ID (C…)"),
        ("KINDRED_PROCESSING_CHANNEL", "S0MODS", "the channel ID (C…)"),
        ("KINDRED_MODERATORS", "@moderators", "a user group ID (S…)"),
        ("KINDRED_MODERATORS", "U0PERSON1", "a user group ID (S…)"),
        ("KINDRED_FLAGS_TO_HIDE", "0", "a whole number from 1 to 50"),
        ("KINDRED_POSTS_PER_DAY", "many", "a whole number from 1 to 100"),
        ("KINDRED_REPLIES_PER_DAY", "501", "a whole number from 1 to 500"),
    ],
)
def test_malformed_values_name_the_variable(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"{variable} is malformed: set it to {expected}")
    assert "\n" not in str(caught.value)


def test_every_space_setting_has_a_hint_and_is_documented() -> None:
    from bot.config import HINTS

    repo = Path(__file__).resolve().parents[1]
    readme = (repo / "README.md").read_text()
    example = (repo / ".env.example").read_text()
    for name in SPACE_SETTINGS:
        assert name in HINTS and f"`{name}`" in readme and f"{name}=" in example

"""deploy/manifest.yml must be a manifest Slack accepts and must declare exactly Kindred's surfaces.

Validated against Slack's published JSON Schema (../shared/slack/manifest.schema.1.0.0.json), so a
manifest Slack would refuse never ships. The negative tests prove the validator can fail.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.validators import validator_for

from bot.app import BOT_SCOPES as APP_BOT_SCOPES
from bot.listeners.commands import SLASH_COMMANDS
from bot.listeners.shortcuts import SHORTCUTS as REGISTERED_SHORTCUTS
from tests.support.required import REQUIRE_SHARED, unavailable

REPO = Path(__file__).resolve().parents[1]
MANIFEST_PATH = REPO / "deploy" / "manifest.yml"
SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "shared" / "slack" / "manifest.schema.1.0.0.json"
)

EVENTS_PATH = "/slack/events"
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"

# What the app registers (the e2e tests send each one and check it is handled) and the scopes it
# asks for when installed by OAuth; the manifest must declare exactly these.
COMMANDS = set(SLASH_COMMANDS)
SHORTCUTS = dict(REGISTERED_SHORTCUTS)
BOT_SCOPES = set(APP_BOT_SCOPES)
FORBIDDEN_SCOPES = {"chat:write.public", "mpim:history"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    if not SCHEMA_PATH.is_file():
        # A clone on its own has no ../shared; CI sets KINDRED_REQUIRE_SHARED so this fails there.
        unavailable(REQUIRE_SHARED, f"Slack's manifest schema is not at {SCHEMA_PATH} (../shared)")
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    # The schema declares draft-07 in "$schema"; validator_for picks the matching class.
    cls = validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    assert MANIFEST_PATH.is_file(), f"missing {MANIFEST_PATH}"
    data = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the manifest must be a YAML mapping"
    return data


def schema_errors(validator: jsonschema.protocols.Validator, doc: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path)))
    ]


def test_schema_is_draft_07(schema: dict[str, Any]) -> None:
    assert schema.get("$schema") == "http://json-schema.org/draft-07/schema#"
    assert validator_for(schema) is jsonschema.Draft7Validator


def test_manifest_matches_slack_schema(validator, manifest) -> None:
    errors = schema_errors(validator, manifest)
    assert not errors, "deploy/manifest.yml breaks Slack's schema:\n" + "\n".join(errors)


def test_metadata_and_display_information(manifest) -> None:
    assert manifest["_metadata"] == {"major_version": 1, "minor_version": 1}
    info = manifest["display_information"]
    assert info["name"] == "Kindred"
    assert len(info["long_description"]) >= 175
    # The schema writes this rule as "regex", which JSON Schema ignores, so check it here.
    assert re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", info["background_color"])


def test_app_home_and_bot_user(manifest) -> None:
    features = manifest["features"]
    assert features["app_home"] == {
        "home_tab_enabled": True,
        "messages_tab_enabled": True,
        "messages_tab_read_only_enabled": False,
    }
    assert features["bot_user"] == {"display_name": "kindred", "always_online": True}


def test_slash_commands_are_exactly_kindreds(manifest) -> None:
    commands = manifest["features"]["slash_commands"]
    assert {c["command"] for c in commands} == COMMANDS
    assert len(commands) == len(COMMANDS), "a command is declared twice"
    for command in commands:
        assert command["should_escape"] is False, command["command"]
        assert command.get("usage_hint"), command["command"]


def test_shortcuts_are_exactly_kindreds(manifest) -> None:
    shortcuts = manifest["features"]["shortcuts"]
    assert {s["callback_id"]: s["type"] for s in shortcuts} == SHORTCUTS
    assert len(shortcuts) == len(SHORTCUTS), "a shortcut is declared twice"


def test_app_home_opened_is_subscribed(manifest) -> None:
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]


def test_request_urls_point_at_kindreds_routes(manifest) -> None:
    settings = manifest["settings"]
    request_urls = [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        *(c["url"] for c in manifest["features"]["slash_commands"]),
    ]
    for url in request_urls:
        assert url.startswith("https://") and url.endswith(EVENTS_PATH), url
    redirects = manifest["oauth_config"]["redirect_urls"]
    assert redirects
    for url in redirects:
        assert url.startswith("https://") and url.endswith(OAUTH_REDIRECT_PATH), url
    # One host everywhere, so an operator's search-and-replace cannot miss a URL.
    hosts = {url.split("/")[2] for url in [*request_urls, *redirects]}
    assert len(hosts) == 1, hosts


def test_settings(manifest) -> None:
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["socket_mode_enabled"] is False
    assert settings["token_rotation_enabled"] is False


def test_bot_scopes_are_the_minimal_set(manifest) -> None:
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert len(scopes) == len(set(scopes)), "a scope is listed twice"
    assert set(scopes) == BOT_SCOPES
    assert not set(scopes) & FORBIDDEN_SCOPES
    assert set(manifest["oauth_config"]["scopes"]) == {"bot"}, "Kindred asks for no user scopes"


def test_every_scope_says_why(manifest) -> None:
    text = MANIFEST_PATH.read_text(encoding="utf-8")
    for scope in manifest["oauth_config"]["scopes"]["bot"]:
        line = re.compile(rf"^\s*-\s*{re.escape(scope)}\s+#\s*\S", re.MULTILINE)
        assert line.search(text), f"scope {scope} needs a comment naming the feature that uses it"


def _shortcut_description_too_long(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    limit = schema["definitions"]["app-manifests.v1.features.shortcuts"]["items"]["properties"][
        "description"
    ]["maxLength"]
    doc["features"]["shortcuts"][0]["description"] = "x" * (limit + 1)
    return "features/shortcuts/0/description"


def _missing_display_name(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    del doc["display_information"]["name"]
    return "display_information"


def _short_long_description(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    doc["display_information"]["long_description"] = "Too short."
    return "display_information/long_description"


def _command_without_slash(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    doc["features"]["slash_commands"][0]["command"] = "checkin"
    return "features/slash_commands/0/command"


def _bad_shortcut_type(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    doc["features"]["shortcuts"][0]["type"] = "channel"
    return "features/shortcuts/0/type"


def _unknown_setting(doc: dict[str, Any], schema: dict[str, Any]) -> str:
    doc["settings"]["socket_mode"] = True
    return "settings"


@pytest.mark.parametrize(
    "breakage",
    [
        _shortcut_description_too_long,
        _missing_display_name,
        _short_long_description,
        _command_without_slash,
        _bad_shortcut_type,
        _unknown_setting,
    ],
)
def test_validator_rejects_a_broken_manifest(validator, schema, manifest, breakage) -> None:
    broken = copy.deepcopy(manifest)
    where = breakage(broken, schema)
    errors = schema_errors(validator, broken)
    assert errors, f"{breakage.__name__}: the schema accepted a broken manifest"
    assert any(e.startswith(f"{where}:") for e in errors), errors

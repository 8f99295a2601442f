"""The playground's JSON API without a browser: httpx against the Starlette app.

One sandbox serves the module (starting Kindred takes a few seconds). It reads templates from
an override folder the tests write to, to show that edits appear on the next message.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bot.cli import main
from bot.sandbox.playground import create_app
from bot.sandbox.server import free_port
from bot.sandbox.workspace import GENERAL_CHANNEL, SPACE_CHANNEL, Sandbox

ADA, BEN, MAYA = "U0ADA", "U0BEN", "U0MAYA"


@pytest.fixture(scope="module")
def prompts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prompt-overrides")


@pytest.fixture(scope="module")
def app(prompts_dir: Path) -> Iterator[Starlette]:
    with Sandbox(prompts_dir=prompts_dir) as sandbox:
        yield create_app(sandbox)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_page_and_its_files_are_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200 and "Kindred playground" in page.text
    for name in ("app.js", "mrkdwn.js", "style.css"):
        assert (await client.get(f"/static/{name}")).status_code == 200
    # Nothing is fetched from elsewhere: no CDN, no web fonts.
    assert "http" not in page.text.replace("http-equiv", "")
    assert "@import" not in (await client.get("/static/style.css")).text


async def test_state_shows_the_sidebar_the_dm_and_who_can_see_each_message(
    client: httpx.AsyncClient,
) -> None:
    state = ok(await client.get("/api/state", params={"user": ADA, "nav": "dm"}))
    assert state["user"]["id"] == ADA and not state["user"]["is_manager"]
    assert [p["id"] for p in state["people"] if p["is_manager"]] == [MAYA]
    assert {c["id"] for c in state["channels"]} == {SPACE_CHANNEL, GENERAL_CHANNEL}
    assert state["where"] == {
        "kind": "dm",
        "channel": "DU0ADA",
        "name": "Kindred",
        "topic": "Your direct messages with Kindred: only you see them",
    }
    (welcome,) = state["conversation"]
    assert welcome["audience"].startswith("Only Ada can see this")
    assert "message" not in welcome  # the raw Slack message stays on the server
    assert state["modal"] is None and state["thread"] is None


async def test_a_quick_check_in_round_trips_through_kindred(client: httpx.AsyncClient) -> None:
    answer = ok(
        await client.post(
            "/api/command", json={"user": BEN, "command": "/checkin", "text": "4 tired but ok"}
        )
    )
    assert answer["surfaces"], answer
    assert all(s["viewer"] == BEN for s in answer["surfaces"])
    state = ok(await client.get("/api/state", params={"user": BEN, "nav": "dm"}))
    keys = {s["key"] for s in state["conversation"]}
    assert {s["key"] for s in answer["surfaces"] if s["kind"] != "modal"} <= keys


async def test_template_edits_show_on_the_next_message(
    client: httpx.AsyncClient, prompts_dir: Path
) -> None:
    template = prompts_dir / "checkin" / "help.j2"
    template.parent.mkdir(exist_ok=True)

    async def help_text() -> str:
        answer = ok(
            await client.post(
                "/api/command", json={"user": ADA, "command": "/checkin", "text": "help"}
            )
        )
        return " ".join(s["text"] + str(s["blocks"]) for s in answer["surfaces"])

    template.write_text("First wording, from the override folder.\n", encoding="utf-8")
    assert "First wording" in await help_text()
    template.write_text("Second wording, edited while it runs.\n", encoding="utf-8")
    assert "Second wording" in await help_text()


async def test_the_week_sends_friday_reminders_then_the_monday_nudge(
    client: httpx.AsyncClient,
) -> None:
    today = date.today()
    friday = today - timedelta(days=today.weekday() - 4)  # this week's, even if it has passed
    monday = friday + timedelta(days=3)
    sent = ok(await client.post("/api/cycle", json={"user": MAYA, "which": "friday"}))
    assert sent["summary"].startswith(f"Friday {friday:%d %b}: ")
    assert "nudge" not in sent["summary"]
    assert {s["viewer"] for s in sent["surfaces"]} >= {ADA}  # Ben checked in already
    week = ok(await client.post("/api/cycle", json={"user": MAYA}))
    assert week["summary"] == (
        f"Friday {friday:%d %b}: 0 reminders sent; Monday {monday:%d %b}: 1 nudge sent"
    )
    (nudge,) = week["surfaces"]
    assert nudge["viewer"] == MAYA and nudge["place"] == "Kindred"
    again = ok(await client.post("/api/cycle", json={"user": MAYA, "which": "monday"}))
    assert again["surfaces"] == [] and "already sent" in again["summary"]


async def test_typing_in_the_share_window_updates_its_preview(client: httpx.AsyncClient) -> None:
    opened = ok(
        await client.post(
            "/api/command", json={"user": MAYA, "command": "/share", "channel": SPACE_CHANNEL}
        )
    )
    (modal,) = [s for s in opened["surfaces"] if s["kind"] == "modal"]
    words = "Typing & <seeing> it"
    body = {"user": MAYA, "key": modal["key"], "action_id": "space_text", "value": words}
    typed = ok(await client.post("/api/type", json=body))
    (updated,) = typed["surfaces"]
    assert updated["key"] == modal["key"] and updated["change"] == "updated"
    assert "Typing & <seeing> it" in str(updated["blocks"])  # plain text: shown as typed
    wrong = await client.post("/api/type", json=body | {"action_id": "mood"})
    assert wrong.status_code == 400 and "no text box" in wrong.json()["error"]
    ok(await client.post("/api/close", json={"user": MAYA}))


def _post(path: str, body: Any) -> tuple[str, str, Any]:
    return ("POST", path, body)


BAD_REQUESTS = [
    ("GET", "/api/state", {}),
    ("GET", "/api/state", {"user": "U0NOBODY"}),
    ("GET", "/api/state", {"user": ADA, "nav": "DU0BEN"}),  # someone else's DM
    ("GET", "/api/state", {"user": ADA, "nav": "C0SECRET"}),
    ("GET", "/api/state", {"user": ADA, "thread": "1.2", "thread_channel": "DU0BEN"}),
    _post("/api/command", "not json"),
    _post("/api/command", ["a", "list"]),
    _post("/api/command", {"user": ADA}),
    _post("/api/command", {"user": ADA, "command": "/deploy"}),
    _post("/api/command", {"user": ADA, "command": "/checkin", "text": 4}),
    _post("/api/command", {"user": ADA, "command": "/kindly", "text": "x" * 5000}),
    _post("/api/command", {"user": ADA, "command": "/checkin", "channel": "DU0BEN"}),
    _post("/api/click", {"user": ADA, "action_id": "x"}),
    _post("/api/click", {"user": ADA, "key": "msg:DU0BEN:1.0", "action_id": "x"}),
    _post("/api/click", {"user": ADA, "key": "modal:V0NONE", "action_id": "x"}),
    _post("/api/click", {"user": ADA, "key": "home:U0ADA", "action_id": "x"}),
    _post("/api/click", {"user": ADA, "key": "eph:999", "channel": "DU0ADA", "action_id": "x"}),
    _post("/api/click", {"user": ADA, "key": 7, "action_id": "x"}),
    _post("/api/type", {"user": ADA, "key": "modal:V0NONE", "action_id": "space_text"}),
    _post("/api/submit", {"user": ADA, "values": {}}),
    _post("/api/submit", {"user": ADA, "values": ["mood"]}),
    _post("/api/shortcut", {"user": ADA, "callback_id": "launch_rockets"}),
    _post("/api/shortcut", {"user": ADA, "callback_id": "read_the_room"}),
    _post("/api/say", {"user": ADA, "channel": "DU0ADA", "text": "hello"}),
    _post("/api/say", {"user": ADA, "channel": GENERAL_CHANNEL, "text": "   "}),
    _post("/api/say", {"user": ADA, "channel": GENERAL_CHANNEL, "text": "hi", "thread_ts": "9.9"}),
    _post("/api/cycle", {"user": ADA, "which": "someday"}),
    _post("/api/home", {"user": None}),
    _post("/api/close", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), BAD_REQUESTS)
async def test_bad_requests_get_400_with_a_message(
    client: httpx.AsyncClient, method: str, path: str, body: Any
) -> None:
    if method == "GET":
        response = await client.get(path, params=body)
    elif isinstance(body, str):
        response = await client.post(
            path, content=body, headers={"Content-Type": "application/json"}
        )
    else:
        response = await client.post(path, json=body)
    assert response.status_code == 400, response.text
    message = response.json()["error"]
    assert isinstance(message, str) and len(message) > 10


async def test_a_click_on_something_not_there_is_a_400_naming_it(client: httpx.AsyncClient) -> None:
    state = ok(await client.get("/api/state", params={"user": ADA, "nav": "dm"}))
    welcome = state["conversation"][0]
    response = await client.post(
        "/api/click", json={"user": ADA, "key": welcome["key"], "action_id": "no_such_button"}
    )
    assert response.status_code == 400
    assert "no_such_button" in response.json()["error"]


async def test_a_user_submit_with_no_modal_open_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/submit", json={"user": BEN, "values": {"mood": "4"}})
    assert response.status_code == 400
    assert "no window open" in response.json()["error"]


async def test_wrong_methods_and_paths_answer_in_json(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/click")).status_code == 405
    missing = await client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json()["error"]


def test_the_command_refuses_a_port_in_use_before_starting_anything(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["playground", "--port", str(port)]) == 1
    error = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in error and "--port" in error


def test_the_command_refuses_a_prompts_folder_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["playground", "--port", str(free_port()), "--prompts", str(missing)]) == 1
    assert f"--prompts {missing} is not a folder" in capsys.readouterr().err


async def test_the_new_moments_are_there_to_try(client: httpx.AsyncClient) -> None:
    """Me too on a post, a thank-you from the check-in window, and what matters most on Home."""
    shared = ok(
        await client.post(
            "/api/command",
            json={
                "user": MAYA,
                "command": "/share",
                "text": "Stretched thin",
                "channel": SPACE_CHANNEL,
            },
        )
    )
    assert any(s["kind"] == "modal" for s in shared["surfaces"])
    posted = ok(await client.post("/api/submit", json={"user": MAYA, "values": {}}))
    (post,) = [
        s for s in posted["surfaces"] if s["kind"] == "message" and s["channel"] == SPACE_CHANNEL
    ]
    ok(await client.post("/api/close", json={"user": MAYA}))
    tapped = ok(
        await client.post(
            "/api/click", json={"user": BEN, "key": post["key"], "action_id": "space_me_too"}
        )
    )
    assert any("1 person feels this too" in str(s["blocks"]) for s in tapped["surfaces"])

    ok(await client.post("/api/command", json={"user": ADA, "command": "/checkin"}))
    thanked = ok(
        await client.post(
            "/api/submit", json={"user": ADA, "values": {"mood": "4", "appreciate": BEN}}
        )
    )
    assert any(
        s["viewer"] == BEN and "made their week easier" in s["text"] for s in thanked["surfaces"]
    )
    ok(await client.post("/api/close", json={"user": ADA}))

    (home,) = [
        s
        for s in ok(await client.post("/api/home", json={"user": BEN}))["surfaces"]
        if s["kind"] == "home"
    ]
    ok(
        await client.post(
            "/api/click", json={"user": BEN, "key": home["key"], "action_id": "focus_open"}
        )
    )
    ok(
        await client.post(
            "/api/submit", json={"user": BEN, "values": {"focus": "The launch; the rest can wait"}}
        )
    )
    ok(await client.post("/api/close", json={"user": BEN}))
    state = ok(await client.post("/api/home", json={"user": BEN}))
    assert any("The launch; the rest can wait" in str(s["view"]) for s in state["surfaces"])

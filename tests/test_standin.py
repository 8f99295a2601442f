"""Tests of the test infrastructure: the Slack Web API stand-in and the Slack-style signer."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.sandbox.signing import (
    SlackSender,
    app_home_opened,
    block_action,
    global_shortcut,
    message_shortcut,
    plain_text_value,
    sign,
    static_select_value,
    view_submission,
)
from bot.sandbox.standin import SlackStandIn

TOKEN = "xoxb-test"
SECRET = "standin-test-signing-secret"


@pytest.fixture
def api() -> Iterator[SlackStandIn]:
    """A fresh stand-in per test (independent of any conftest fixture)."""
    with SlackStandIn() as standin:
        yield standin
        assert standin.errors == []


def client(api: SlackStandIn, **kwargs: Any) -> AsyncWebClient:
    return AsyncWebClient(token=TOKEN, base_url=api.url, **kwargs)


def slack_error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


# ---------------------------------------------------------------------- basics


def test_url_is_a_loopback_api_base(api: SlackStandIn) -> None:
    assert api.url == f"http://127.0.0.1:{api.port}/api/"
    assert api.running


def test_auth_test_answers_the_workspace_identity(api: SlackStandIn) -> None:
    result = asyncio.run(client(api).auth_test())
    assert result["ok"] is True
    assert result["team_id"] == "T0KINDRED"
    assert result["user_id"] == "U0KINDREDBOT"
    assert result["bot_id"] == "B0KINDRED"
    assert result["team"] == "Kindred Test"
    assert result["url"] == "https://kindred-test.slack.com/"
    assert result["user"] == "kindred"
    (call,) = api.calls("auth.test")
    assert call.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.status == 200


def test_requests_without_a_token_are_not_authed(api: SlackStandIn) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(AsyncWebClient(base_url=api.url).auth_test())
    assert slack_error(excinfo) == "not_authed"

    bare = httpx.post(api.url + "chat.postMessage", data={"channel": "C0GENERAL", "text": "hi"})
    assert bare.json() == {"ok": False, "error": "not_authed"}
    as_param = httpx.post(
        api.url + "chat.postMessage", data={"token": TOKEN, "channel": "C0GENERAL", "text": "hi"}
    )
    assert as_param.json()["ok"] is True
    assert [c.response["ok"] for c in api.calls()] == [False, False, True]


def test_only_listed_tokens_are_accepted_when_given() -> None:
    with SlackStandIn(tokens={"xoxb-right"}) as api:
        with pytest.raises(SlackApiError) as excinfo:
            asyncio.run(AsyncWebClient(token="xoxb-wrong", base_url=api.url).auth_test())
        assert slack_error(excinfo) == "invalid_auth"
        assert asyncio.run(AsyncWebClient(token="xoxb-right", base_url=api.url).auth_test())["ok"]


# ---------------------------------------------------------------------- users


def test_users_info_and_lookup_by_email(api: SlackStandIn) -> None:
    api.add_user(
        "U0MEMBER1",
        name="ada",
        real_name="Ada Lovelace",
        email="ada@example.com",
        tz="America/New_York",
        tz_offset=-18000,
        status_text="On holiday",
        status_emoji=":palm_tree:",
    )

    async def scenario() -> tuple[Any, Any]:
        web = client(api)
        return await web.users_info(user="U0MEMBER1"), await web.users_lookupByEmail(
            email="ADA@example.com"
        )

    info, by_email = asyncio.run(scenario())
    user = info["user"]
    assert user["id"] == "U0MEMBER1"
    assert user["name"] == "ada"
    assert user["real_name"] == "Ada Lovelace"
    assert user["tz"] == "America/New_York"
    assert user["tz_offset"] == -18000
    assert user["is_bot"] is False
    assert user["deleted"] is False
    assert user["profile"]["email"] == "ada@example.com"
    assert user["profile"]["status_text"] == "On holiday"
    assert user["profile"]["status_emoji"] == ":palm_tree:"
    assert by_email["user"]["id"] == "U0MEMBER1"
    assert api.calls("users.info")[0].http_method == "GET"  # slack_sdk sends users.info as GET

    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(client(api).users_info(user="U0NOBODY"))
    assert slack_error(excinfo) == "user_not_found"
    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(client(api).users_lookupByEmail(email="nobody@example.com"))
    assert slack_error(excinfo) == "users_not_found"


def test_tz_offset_defaults_to_the_zones_current_offset(api: SlackStandIn) -> None:
    user = api.add_user("U0TOKYO", tz="Asia/Tokyo")
    assert user["tz_offset"] == 9 * 3600
    api.set_status("U0TOKYO", "Out of office", ":no_entry:")
    result = asyncio.run(client(api).users_info(user="U0TOKYO"))
    assert result["user"]["profile"]["status_text"] == "Out of office"


def test_users_list_paginates_with_cursor_and_limit(api: SlackStandIn) -> None:
    expected = ["U0KINDREDBOT"]  # the app's own bot user is in the directory, as in Slack
    for n in range(5):
        api.add_user(f"U0PERSON{n}", email=f"p{n}@example.com")
        expected.append(f"U0PERSON{n}")

    async def all_members() -> list[str]:
        web = client(api)
        seen: list[str] = []
        cursor = ""
        for _ in range(10):  # bounded
            page = await web.users_list(limit=2, cursor=cursor or None)
            assert len(page["members"]) <= 2
            seen += [m["id"] for m in page["members"]]
            cursor = page["response_metadata"]["next_cursor"]
            if not cursor:
                return seen
        raise AssertionError("pagination did not end")

    assert asyncio.run(all_members()) == expected
    assert len(api.calls("users.list")) == 3
    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(client(api).users_list(cursor="not-a-cursor"))
    assert slack_error(excinfo) == "invalid_cursor"


# ---------------------------------------------------------------------- messages


def test_post_message_threads_and_replies(api: SlackStandIn) -> None:
    async def scenario() -> tuple[str, list[str], Any, Any]:
        web = client(api)
        opened = await web.conversations_open(users="U0MEMBER1")
        again = await web.conversations_open(users="U0MEMBER1")
        assert opened["channel"]["id"] == again["channel"]["id"] == "DU0MEMBER1"
        channel = opened["channel"]["id"]
        parent = await web.chat_postMessage(channel=channel, text="How are you this week?")
        assert parent["channel"] == channel
        assert parent["message"]["text"] == "How are you this week?"
        assert parent["message"]["bot_id"] == "B0KINDRED"
        tss = [parent["ts"]]
        for text in ("first reply", "second reply"):
            reply = await web.chat_postMessage(channel=channel, text=text, thread_ts=parent["ts"])
            assert reply["message"]["thread_ts"] == parent["ts"]
            tss.append(reply["ts"])
        replies = await web.conversations_replies(channel=channel, ts=parent["ts"])
        history = await web.conversations_history(channel=channel)
        return channel, tss, replies, history

    channel, tss, replies, history = asyncio.run(scenario())
    assert len(set(tss)) == 3
    assert tss == sorted(tss, key=float)
    assert abs(float(tss[0]) - time.time()) < 60  # posted "now", as Slack stamps messages
    assert [m["text"] for m in replies["messages"]] == [
        "How are you this week?",
        "first reply",
        "second reply",
    ]
    assert replies["messages"][0]["reply_count"] == 2
    assert replies["messages"][0]["latest_reply"] == tss[-1]
    assert [m["ts"] for m in history["messages"]] == [tss[0]]  # replies stay in the thread
    assert history["messages"][0]["reply_count"] == 2
    assert [m["ts"] for m in api.thread(channel, tss[0])] == tss


def test_posting_to_a_user_id_lands_in_their_dm(api: SlackStandIn) -> None:
    result = asyncio.run(client(api).chat_postMessage(channel="U0MEMBER2", text="hello"))
    assert result["channel"] == SlackStandIn.dm_channel_id("U0MEMBER2") == "DU0MEMBER2"
    assert [m["text"] for m in api.messages("DU0MEMBER2")] == ["hello"]


def test_seeded_messages_are_served_by_history_and_replies(api: SlackStandIn) -> None:
    api.add_channel("C0TEAM", "team")
    parent = api.add_message("C0TEAM", "Release is slipping again", "U0LEAD")
    api.add_message("C0TEAM", "I am exhausted", "U0DEV", thread_ts=parent)
    later = api.add_message("C0TEAM", "Lunch?", "U0DEV", ts="1800000000.000001")

    async def scenario() -> tuple[Any, Any, Any]:
        web = client(api)
        first_page = await web.conversations_history(channel="C0TEAM", limit=1)
        second_page = await web.conversations_history(
            channel="C0TEAM", limit=1, cursor=first_page["response_metadata"]["next_cursor"]
        )
        replies = await web.conversations_replies(channel="C0TEAM", ts=parent)
        return first_page, second_page, replies

    first_page, second_page, replies = asyncio.run(scenario())
    assert [m["ts"] for m in first_page["messages"]] == [later]  # newest first
    assert first_page["has_more"] is True
    assert [m["ts"] for m in second_page["messages"]] == [parent]
    assert second_page["has_more"] is False
    assert [(m["user"], m["text"]) for m in replies["messages"]] == [
        ("U0LEAD", "Release is slipping again"),
        ("U0DEV", "I am exhausted"),
    ]
    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(client(api).conversations_replies(channel="C0TEAM", ts="1.000000"))
    assert slack_error(excinfo) == "thread_not_found"
    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(client(api).conversations_history(channel="C0NOWHERE"))
    assert slack_error(excinfo) == "channel_not_found"


def test_update_delete_and_ephemeral(api: SlackStandIn) -> None:
    theirs = api.add_message("C0GENERAL", "someone else's words", "U0OTHER")

    async def scenario() -> None:
        web = client(api)
        posted = await web.chat_postMessage(channel="C0GENERAL", text="draft")
        updated = await web.chat_update(channel="C0GENERAL", ts=posted["ts"], text="final")
        assert updated["ts"] == posted["ts"]
        assert updated["message"]["text"] == "final"
        assert [m["text"] for m in api.messages("C0GENERAL")][-1] == "final"
        with pytest.raises(SlackApiError) as excinfo:
            await web.chat_update(channel="C0GENERAL", ts=theirs, text="edited")
        assert excinfo.value.response["error"] == "cant_update_message"
        with pytest.raises(SlackApiError) as excinfo:
            await web.chat_update(channel="C0GENERAL", ts="1.000001", text="x")
        assert excinfo.value.response["error"] == "message_not_found"
        deleted = await web.chat_delete(channel="C0GENERAL", ts=posted["ts"])
        assert deleted["ts"] == posted["ts"]
        ephemeral = await web.chat_postEphemeral(channel="C0GENERAL", user="U0MEMBER1", text="psst")
        assert ephemeral["message_ts"]
        with pytest.raises(SlackApiError) as excinfo, pytest.warns(UserWarning, match="text"):
            await web.chat_postMessage(channel="C0GENERAL")
        assert excinfo.value.response["error"] == "no_text"

    asyncio.run(scenario())
    assert [m["text"] for m in api.messages("C0GENERAL")] == ["someone else's words"]


# ---------------------------------------------------------------------- views


def test_views_open_update_push_and_publish(api: SlackStandIn) -> None:
    modal = {
        "type": "modal",
        "callback_id": "checkin_modal",
        "private_metadata": "meta",
        "title": {"type": "plain_text", "text": "Check in"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "How are you?"}}],
    }
    home = {"type": "home", "blocks": []}

    async def scenario() -> None:
        web = client(api)
        opened = (await web.views_open(trigger_id="1337.42", view=modal))["view"]
        assert opened["id"].startswith("V")
        assert opened["callback_id"] == "checkin_modal"
        assert opened["private_metadata"] == "meta"
        assert opened["blocks"] == modal["blocks"]
        assert opened["app_installed_team_id"] == "T0KINDRED"
        updated = (
            await web.views_update(
                view_id=opened["id"], hash=opened["hash"], view={**modal, "callback_id": "done"}
            )
        )["view"]
        assert updated["id"] == opened["id"]
        assert updated["callback_id"] == "done"
        assert updated["hash"] != opened["hash"]
        with pytest.raises(SlackApiError) as excinfo:
            await web.views_update(view_id=opened["id"], hash=opened["hash"], view=modal)
        assert excinfo.value.response["error"] == "hash_conflict"
        pushed = (await web.views_push(trigger_id="1337.43", view=modal))["view"]
        assert pushed["id"] != opened["id"]
        first = (await web.views_publish(user_id="U0MEMBER1", view=home))["view"]
        second = (await web.views_publish(user_id="U0MEMBER1", view=home))["view"]
        assert first["id"] == second["id"]
        assert second["type"] == "home"
        with pytest.raises(SlackApiError) as excinfo:
            await web.views_open(trigger_id="1337.44", view=home)
        assert excinfo.value.response["error"] == "invalid_arguments"

    asyncio.run(scenario())
    assert api.home_view("U0MEMBER1") is not None
    assert api.home_view("U0NOBODY") is None


# ---------------------------------------------------------------------- request parsing


def test_form_json_and_query_bodies_are_decoded(api: SlackStandIn) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    form = httpx.post(
        api.url + "chat.postMessage",
        headers=auth,
        data={
            "channel": "C0GENERAL",
            "text": "[not json] but text",
            "blocks": json.dumps(blocks),
            "metadata": json.dumps({"event_type": "checkin", "event_payload": {}}),
        },
    )
    assert form.json()["ok"] is True
    as_json = httpx.post(
        api.url + "chat.postMessage",
        headers={**auth, "Content-Type": "application/json; charset=utf-8"},
        content=json.dumps({"channel": "C0GENERAL", "blocks": blocks}),
    )
    assert as_json.json()["message"]["blocks"] == blocks
    api.add_user("U0MEMBER1")
    query = httpx.get(api.url + "users.info", params={"user": "U0MEMBER1"}, headers=auth)
    assert query.json()["user"]["id"] == "U0MEMBER1"

    first, second = api.calls("chat.postMessage")
    assert first.params["blocks"] == blocks
    assert first.params["metadata"]["event_type"] == "checkin"
    assert first.params["text"] == "[not json] but text"
    assert second.params["blocks"] == blocks
    assert api.calls("users.info")[0].params == {"user": "U0MEMBER1"}
    bad = httpx.post(
        api.url + "chat.postMessage",
        headers={**auth, "Content-Type": "application/json"},
        content=b"{nope",
    )
    assert bad.json() == {"ok": False, "error": "invalid_json"}


def test_other_endpoints(api: SlackStandIn) -> None:
    api.add_usergroup("S0MANAGERS", ["U0LEAD", "U0BOSS"])

    async def scenario() -> None:
        web = client(api)
        info = await web.conversations_info(channel="C0GENERAL")
        assert info["channel"]["name"] == "general"
        assert info["channel"]["is_channel"] is True
        opened = await web.conversations_open(users="U0MEMBER1")
        dm = await web.conversations_info(channel=opened["channel"]["id"])
        assert dm["channel"]["is_im"] is True
        assert dm["channel"]["user"] == "U0MEMBER1"
        group = await web.usergroups_users_list(usergroup="S0MANAGERS")
        assert group["users"] == ["U0LEAD", "U0BOSS"]
        for call, error in (
            (web.conversations_info(channel="C0NOWHERE"), "channel_not_found"),
            (web.usergroups_users_list(usergroup="S0NONE"), "no_such_subteam"),
            (web.apps_connections_open(app_token="xapp-1"), "not_supported_by_standin"),
            (web.api_call("reactions.add", json={"name": "heart"}), "unknown_method"),
        ):
            with pytest.raises(SlackApiError) as excinfo:
                await call
            assert excinfo.value.response["error"] == error

    asyncio.run(scenario())
    assert len(api.calls("reactions.add")) == 1


def test_response_url_posts_are_recorded(api: SlackStandIn) -> None:
    url = api.response_url()
    assert url.startswith(f"http://127.0.0.1:{api.port}/hooks/commands/T0KINDRED/")
    answer = httpx.post(url, json={"text": "Thanks for checking in", "response_type": "ephemeral"})
    assert answer.status_code == 200
    (call,) = api.calls("response_url")
    assert call.params["text"] == "Thanks for checking in"


# ---------------------------------------------------------------------- faults


def test_429_with_retry_after_is_retried_by_slack_sdk(api: SlackStandIn) -> None:
    api.fail_next("chat.postMessage", status=429, retry_after=1)
    web = client(api, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)])
    result = asyncio.run(web.chat_postMessage(channel="C0GENERAL", text="nudge"))
    assert result["ok"] is True
    failed, succeeded = api.calls("chat.postMessage")
    assert (failed.status, succeeded.status) == (429, 200)
    assert failed.response == {"ok": False, "error": "ratelimited"}
    assert succeeded.time - failed.time >= 0.9  # slack_sdk waited for Retry-After
    assert len(api.messages("C0GENERAL")) == 1


def test_429_without_a_retry_handler_surfaces_retry_after(api: SlackStandIn) -> None:
    api.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as excinfo:
        asyncio.run(client(api).chat_postMessage(channel="C0GENERAL", text="nudge"))
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "7"
    assert slack_error(excinfo) == "ratelimited"


def test_fail_next_variants(api: SlackStandIn) -> None:
    api.fail_next(None, status=503, times=2)
    api.fail_next("users.info", status=200, error="team_access_not_granted")
    api.add_user("U0MEMBER1")

    async def scenario() -> list[Any]:
        web = client(api)
        outcomes: list[Any] = []
        for call in (
            web.auth_test(),
            web.users_info(user="U0MEMBER1"),
            web.users_info(user="U0MEMBER1"),
            web.users_info(user="U0MEMBER1"),
        ):
            try:
                outcomes.append((await call)["ok"])
            except SlackApiError as exc:
                outcomes.append((exc.response.status_code, exc.response["error"]))
        return outcomes

    assert asyncio.run(scenario()) == [
        (503, "internal_error"),
        (503, "internal_error"),
        (200, "team_access_not_granted"),
        True,
    ]
    assert [c.status for c in api.calls()] == [503, 503, 200, 200]


def test_server_errors_are_retried_by_slack_sdk(api: SlackStandIn) -> None:
    api.fail_next("views.publish", status=500)
    web = client(api, retry_handlers=[AsyncServerErrorRetryHandler(max_retry_count=1)])
    result = asyncio.run(
        web.views_publish(user_id="U0MEMBER1", view={"type": "home", "blocks": []})
    )
    assert result["ok"] is True
    assert [c.status for c in api.calls("views.publish")] == [500, 200]


def _statuses_under_fail_ratio(seed: int, calls: int = 30) -> list[int]:
    with SlackStandIn() as api, httpx.Client(headers={"Authorization": "Bearer x"}) as http:
        api.fail_ratio(0.5, seed=seed)
        return [http.post(api.url + "auth.test").status_code for _ in range(calls)]


def test_fail_ratio_is_deterministic_and_can_be_turned_off(api: SlackStandIn) -> None:
    first = _statuses_under_fail_ratio(seed=42)
    assert first == _statuses_under_fail_ratio(seed=42)
    assert {200, 500, 429} <= set(first)
    assert first != _statuses_under_fail_ratio(seed=7)

    api.fail_ratio(1.0, seed=1, statuses=(502,))
    with httpx.Client(headers={"Authorization": "Bearer x"}) as http:
        assert http.post(api.url + "auth.test").status_code == 502
        api.fail_ratio(0)
        assert {http.post(api.url + "auth.test").status_code for _ in range(10)} == {200}


def test_rate_limit_answers_429_with_retry_after(api: SlackStandIn) -> None:
    api.rate_limit("chat.postMessage", 0.2)  # one call, then one every five seconds
    with httpx.Client(headers={"Authorization": "Bearer x"}) as http:
        answers = [
            http.post(api.url + "chat.postMessage", data={"channel": "C0GENERAL", "text": "hi"})
            for _ in range(4)
        ]
        assert [a.status_code for a in answers] == [200, 429, 429, 429]
        for limited in answers[1:]:
            assert limited.json() == {"ok": False, "error": "ratelimited"}
            assert int(limited.headers["Retry-After"]) >= 1
        assert http.post(api.url + "auth.test").status_code == 200  # other methods unaffected
        api.rate_limit("chat.postMessage", None)
        again = http.post(api.url + "chat.postMessage", data={"channel": "C0GENERAL", "text": "x"})
        assert again.status_code == 200


def test_delay_slows_every_answer(api: SlackStandIn) -> None:
    api.delay(0.3)
    started = time.monotonic()
    asyncio.run(client(api).auth_test())
    assert time.monotonic() - started >= 0.3
    api.delay(0)


# ---------------------------------------------------------------------- waiting, shutdown


def test_wait_for_sees_calls_from_other_threads_and_times_out_helpfully(
    api: SlackStandIn,
) -> None:
    def later() -> None:
        time.sleep(0.1)
        asyncio.run(client(api).chat_postMessage(channel="C0GENERAL", text="later"))

    worker = threading.Thread(target=later)
    worker.start()
    (call,) = api.wait_for("chat.postMessage", timeout=5)
    worker.join(5)
    assert call.params["text"] == "later"

    started = time.monotonic()
    with pytest.raises(AssertionError, match=r"'views\.open'.*chat\.postMessage x1"):
        api.wait_for("views.open", timeout=0.2)
    assert time.monotonic() - started < 2

    api.clear()
    assert api.calls() == []


def test_stop_shuts_down_cleanly() -> None:
    api = SlackStandIn().start()
    url = api.url
    thread_name = f"slack-standin-{api.port}"
    api.delay(30)  # an in-flight slow answer must not hold up stop()
    slow = threading.Thread(
        target=lambda: httpx.post(url + "auth.test", headers={"Authorization": "Bearer x"}),
        daemon=True,
    )
    slow.start()
    time.sleep(0.2)  # let the request arrive; it is answered only after the delay
    started = time.monotonic()
    api.stop()
    assert time.monotonic() - started < 5
    assert not api.running
    assert thread_name not in {t.name for t in threading.enumerate()}
    with pytest.raises(httpx.ConnectError):
        httpx.post(url + "auth.test", headers={"Authorization": "Bearer x"}, timeout=2)
    api.stop()  # idempotent
    slow.join(5)
    with pytest.raises(RuntimeError):
        _ = api.url


# ---------------------------------------------------------------------- signing


def test_sign_matches_an_independent_hmac() -> None:
    body = b"token=abc&command=%2Fcheckin&text=4+tired+but+ok"
    timestamp = 1_700_000_123
    expected = hmac.new(
        SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256
    ).hexdigest()
    assert sign(SECRET, body, timestamp) == "v0=" + expected
    now = int(time.time())  # slack_sdk's own verifier also checks freshness
    assert SignatureVerifier(SECRET).is_valid(body, now, sign(SECRET, body, now))


def test_sign_matches_slacks_published_example() -> None:
    # From Slack's "Verifying requests from Slack" walk-through.
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
        b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
        b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        b"commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    assert sign("8f742231b10e8888abcd99yyyzzz85a5", body, 1531420618) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


def test_sender_payloads_are_understood_by_bolt(api: SlackStandIn) -> None:
    """Every SlackSender request passes Bolt's signature check and reaches the right listener."""
    bolt = App(
        client=WebClient(token=TOKEN, base_url=api.url),
        signing_secret=SECRET,
        process_before_response=True,
    )
    seen: dict[str, Any] = {}

    @bolt.command("/checkin")
    def on_checkin(ack: Any, command: dict[str, Any]) -> None:
        ack("noted")
        seen["command"] = command

    @bolt.action("mood")
    def on_mood(ack: Any, body: dict[str, Any]) -> None:
        ack()
        seen["action"] = body

    @bolt.action("mood_select")
    def on_select(ack: Any, body: dict[str, Any]) -> None:
        ack()
        seen["select"] = body

    @bolt.view("checkin_modal")
    def on_submit(ack: Any, view: dict[str, Any]) -> None:
        ack()
        seen["view"] = view

    @bolt.shortcut("read_the_room")
    def on_message_shortcut(ack: Any, shortcut: dict[str, Any]) -> None:
        ack()
        seen["message_shortcut"] = shortcut

    @bolt.shortcut("share_anonymously")
    def on_global_shortcut(ack: Any, shortcut: dict[str, Any]) -> None:
        ack()
        seen["global_shortcut"] = shortcut

    @bolt.event("app_home_opened")
    def on_home(event: dict[str, Any]) -> None:
        seen["event"] = event

    def to_bolt(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/slack/events"
        response = bolt.dispatch(
            BoltRequest(body=request.content.decode(), headers=dict(request.headers))
        )
        return httpx.Response(response.status, content=response.body.encode())

    sender = SlackSender("http://kindred.invalid/", SECRET, transport=httpx.MockTransport(to_bolt))
    with sender:
        response_url = api.response_url()
        ack = sender.command("/checkin", "4 tired but ok", response_url=response_url)
        assert (ack.status_code, ack.text) == (200, "noted")
        assert seen["command"]["text"] == "4 tired but ok"
        assert seen["command"]["user_id"] == "U0MEMBER1"
        assert seen["command"]["response_url"] == response_url

        assert sender.interaction(block_action("mood", "4", message_ts="1.000100")).status_code
        assert seen["action"]["actions"][0]["value"] == "4"
        assert seen["action"]["container"]["channel_id"] == "DU0MEMBER1"
        home_view = {"id": "V0HOME", "type": "home"}
        select = block_action("mood_select", "5", action_type="static_select", view=home_view)
        assert sender.interaction(select).status_code == 200
        assert seen["select"]["actions"][0]["selected_option"]["value"] == "5"
        assert seen["select"]["view"]["id"] == "V0HOME"

        values = {
            "mood": {"mood": static_select_value("3")},
            "note": {"note": plain_text_value("long week")},
        }
        submission = view_submission("checkin_modal", values, private_metadata="C0GENERAL")
        assert sender.interaction(submission).status_code == 200
        assert seen["view"]["state"]["values"]["note"]["note"]["value"] == "long week"
        assert seen["view"]["private_metadata"] == "C0GENERAL"

        message = {"user": "U0OTHER", "ts": "1700000000.000100", "text": "why is this late"}
        shortcut = message_shortcut("read_the_room", channel_id="C0GENERAL", message=message)
        assert sender.interaction(shortcut).status_code == 200
        assert seen["message_shortcut"]["message"]["text"] == "why is this late"
        assert seen["message_shortcut"]["channel"]["id"] == "C0GENERAL"

        assert sender.interaction(global_shortcut("share_anonymously")).status_code == 200
        assert seen["global_shortcut"]["trigger_id"] == "1337.42"

        assert sender.event(app_home_opened("U0MEMBER1")).status_code == 200
        assert seen["event"]["user"] == "U0MEMBER1"

        challenge = sender.url_verification("challenge-123")
        assert challenge.status_code == 200
        assert "challenge-123" in challenge.text

        body = b"command=%2Fcheckin&text=5"
        form = "application/x-www-form-urlencoded"
        assert sender.post(body, form, sign_with="wrong-secret").status_code == 401
        assert sender.post(body, form, signature="v0=deadbeef").status_code == 401
        assert sender.post(body, form, timestamp=int(time.time()) - 600).status_code == 401


def test_slack_tiers_limit_each_method_at_its_published_rate(api: SlackStandIn) -> None:
    api.slack_tiers()  # users.list: Tier 2, 20 a minute, with a short burst
    web = WebClient(token=TOKEN, base_url=api.url)
    statuses = []
    for _ in range(8):
        try:
            web.users_list(limit=200)
            statuses.append(200)
        except SlackApiError as error:
            statuses.append(error.response.status_code)
            assert int(error.response.headers["Retry-After"]) >= 1
    assert statuses.count(200) == 5  # the burst (3, plus Slack's tolerance of 2)
    assert statuses[5:] == [429, 429, 429]
    web.users_info(user="U0KINDREDBOT")  # another method has its own budget


def test_a_non_marketplace_app_reads_15_history_messages_a_page_once_a_minute(
    api: SlackStandIn,
) -> None:
    api.add_channel("C0TALK", "talk")
    for i in range(40):
        api.add_message("C0TALK", f"message {i}", user="U0MEMBER1")
    api.slack_tiers(distributed=True, burst_headroom=0)
    web = WebClient(token=TOKEN, base_url=api.url)
    page = web.conversations_history(channel="C0TALK", limit=200)
    assert len(page["messages"]) == 15 and page["has_more"]
    replies = web.conversations_replies(channel="C0TALK", ts=page["messages"][0]["ts"])
    assert replies["ok"]  # its own budget
    with pytest.raises(SlackApiError) as excinfo:
        web.conversations_history(channel="C0TALK", cursor=page["response_metadata"]["next_cursor"])
    assert excinfo.value.response.status_code == 429
    assert int(excinfo.value.response.headers["Retry-After"]) > 30  # a minute between reads

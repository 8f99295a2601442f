"""`kindred socket`: Socket Mode against a local WebSocket peer that plays Slack's part."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import WSMsgType, web

from bot.sandbox.server import free_port
from bot.sandbox.standin import SlackStandIn
from tests.conftest import BOT_TOKEN, SIGNING_SECRET

APP_TOKEN = "xapp-1-test-app-token"
WAIT_SECONDS = 30


class SocketModePeer:
    """Accepts Kindred's WebSocket, says hello, and relays envelopes both ways."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"ws://127.0.0.1:{self.port}/link/"
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.connected = asyncio.Event()
        self.socket: web.WebSocketResponse | None = None

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {}})
        self.connected.set()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                await self.replies.put(json.loads(message.data))
        return socket

    async def send(self, envelope: dict[str, Any]) -> None:
        assert self.socket is not None
        await self.socket.send_json(envelope)


@pytest.fixture
async def peer() -> AsyncIterator[SocketModePeer]:
    server = SocketModePeer()
    app = web.Application()
    app.router.add_get("/link/", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", server.port).start()
    try:
        yield server
    finally:
        await runner.cleanup()


async def test_slash_command_over_socket_mode_is_acknowledged(
    peer: SocketModePeer, standin: SlackStandIn, db_url: str, tmp_path: Path
) -> None:
    standin.set_handler("apps.connections.open", lambda params: {"ok": True, "url": peer.url})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KINDRED_"))}
    env |= {
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": db_url,
        "KINDRED_TICK_SECONDS": "0",
    }
    log_path = tmp_path / "socket.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "socket", env=env, cwd=tmp_path, stdout=log, stderr=log
        )
    try:
        await asyncio.wait_for(peer.connected.wait(), WAIT_SECONDS)
        opened = standin.calls("apps.connections.open")
        assert opened, "Kindred never asked Slack for a Socket Mode URL"
        assert {c.headers["authorization"] for c in opened} == {f"Bearer {APP_TOKEN}"}
        await peer.send(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "command": "/kindly",
                    "text": "You always miss deadlines.",
                    "team_id": "T0KINDRED",
                    "user_id": "U0MEMBER1",
                    "channel_id": "C0GENERAL",
                    "trigger_id": "1.2",
                    "response_url": standin.response_url(),
                },
            }
        )
        reply = await asyncio.wait_for(peer.replies.get(), WAIT_SECONDS)
        assert reply["envelope_id"] == "env-1"
        assert reply["payload"]["response_type"] == "ephemeral"
        assert "always" in json.dumps(reply["payload"]["blocks"])  # the absolute, quoted back
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), WAIT_SECONDS)
    logs = log_path.read_text()
    assert code == 0, logs
    assert "shutting down" in logs


async def test_a_refused_socket_mode_connection_is_explained(
    standin: SlackStandIn, db_url: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KINDRED_"))}
    env |= {
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "DATABASE_URL": db_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "socket", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), WAIT_SECONDS)
    assert process.returncode == 1
    last = stderr.decode().strip().splitlines()[-1]
    assert last.startswith("kindred: Slack refused the Socket Mode connection")
    assert "SLACK_APP_TOKEN" in last

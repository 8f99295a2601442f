"""No request can exhaust the server: bodies are counted as they arrive, requests have a deadline.

Everything here talks to the real `kindred serve` on 127.0.0.1 over raw sockets, so the test
controls exactly what is sent and when; every loop is bounded.
"""

from __future__ import annotations

import contextlib
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.sandbox.server import KindredServer
from bot.web import MAX_BODY_BYTES, REQUEST_READ_TIMEOUT_SECONDS

MIB = 1024 * 1024
HUGE_BODY_BYTES = 300 * MIB
MAX_GROWTH_BYTES = 50 * 1000 * 1000
HALF_OPEN = 100

# The transport does not depend on the database: SQLite is enough.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[KindredServer]:
    """A real `kindred serve` process, whose memory is measured."""
    running = KindredServer(server_env, tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


def rss_bytes(pid: int) -> int:
    """The resident memory of process `pid` (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def chunked(total: int, size: int = MIB) -> Iterator[bytes]:
    """A chunked transfer-encoded body of `total` bytes, made as it is sent."""
    piece = b"x" * size
    for _ in range(total // size):
        yield b"%x\r\n" % size + piece + b"\r\n"
    yield b"0\r\n\r\n"


def connect(server: KindredServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 256 * 1024)
    return sock


def test_a_huge_chunked_body_is_refused_early_without_growing_the_server(
    server: KindredServer,
) -> None:
    pid = server.process.pid  # type: ignore[union-attr]
    httpx.get(f"{server.url}/healthz", timeout=5)
    baseline = peak = rss_bytes(pid)
    sent = 0
    answer = b""
    with connect(server) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        for piece in chunked(HUGE_BODY_BYTES):
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break  # the server answered (and stopped reading)
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
            if sent % (8 * MIB) < MIB:
                peak = max(peak, rss_bytes(pid))
        sock.settimeout(10)
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    peak = max(peak, rss_bytes(pid))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < HUGE_BODY_BYTES  # it stopped reading long before the end
    assert peak - baseline < MAX_GROWTH_BYTES, (baseline, peak)
    growth = (peak - baseline) / MIB
    print(f"sent {sent / MIB:.0f} MiB before the 413; server RSS grew {growth:.1f} MiB")
    # A body just over the limit, sent whole, is refused too; the server still answers.
    with connect(server) as sock:
        body = b"".join(chunked(MAX_BODY_BYTES + MIB, size=64 * 1024))
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(body)
        assert sock.recv(100).startswith(b"HTTP/1.1 413")
    assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200


def test_half_sent_requests_are_closed_in_time_and_the_server_still_answers(
    server: KindredServer,
) -> None:
    sockets = []
    try:
        for n in range(HALF_OPEN):
            sock = connect(server)
            if n % 3 == 0:
                sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # headers never end
            elif n % 3 == 1:
                sock.sendall(
                    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n"
                    + b"y" * 100  # a fifth of the body
                )
            # else: connected, and nothing at all sent
            sockets.append(sock)
        opened = time.monotonic()
        assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
        closed_at: dict[int, float] = {}
        deadline = opened + REQUEST_READ_TIMEOUT_SECONDS + 5
        while len(closed_at) < HALF_OPEN and time.monotonic() < deadline:
            waiting = [s for i, s in enumerate(sockets) if i not in closed_at]
            readable, _, _ = select.select(waiting, [], [], 0.5)
            for sock in readable:
                try:
                    data = sock.recv(1024)
                except ConnectionResetError:
                    data = b""
                if not data:
                    closed_at[sockets.index(sock)] = time.monotonic() - opened
        assert len(closed_at) == HALF_OPEN, f"{HALF_OPEN - len(closed_at)} still open"
        slowest = max(closed_at.values())
        assert slowest < REQUEST_READ_TIMEOUT_SECONDS + 2
        print(f"{HALF_OPEN} half-sent requests closed, the last after {slowest:.1f} s")
        assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
    finally:
        for sock in sockets:
            sock.close()

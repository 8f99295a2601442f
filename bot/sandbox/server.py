"""Runs the real `kindred serve` as a subprocess on loopback (tests, the demo, the playground)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


READY_TIMEOUT_SECONDS = 60.0


class KindredServer:
    """`python -m bot serve` on 127.0.0.1 with the given environment; logs go to a file."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = workdir
        self.log_path = workdir / f"kindred-{self.port}.log"
        inherited = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KINDRED_"))
        }
        self.env = inherited | {"DATABASE_URL": "", "PORT": str(self.port)} | env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> KindredServer:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        """Poll /healthz until it answers 200 (bounded)."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"kindred serve exited early:\n{self.logs()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"kindred serve was not ready in time:\n{self.logs()}")

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, then wait; SIGKILL only if it does not stop in time. Returns the exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

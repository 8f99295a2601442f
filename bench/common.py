"""What every benchmark shares: the processes under test, their memory, and percentiles."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import psutil

from bot.sandbox.server import free_port

SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench-token"
SECRET_KEY = "bench-secret-key-that-is-long-enough-0123456789"
TEAM = "T0KINDRED"
READY_TIMEOUT_SECONDS = 120.0
REPO = Path(__file__).resolve().parents[1]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Served:
    """An HTTP server process under test on 127.0.0.1: Kindred's or the bare baseline."""

    def __init__(self, module: str, env: dict[str, str], workdir: Path, name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.module = module
        self.log_path = workdir / f"{name}-{self.port}.log"
        inherited = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KINDRED_"))
        }
        # The processes run in `workdir`; the bare app is imported from this checkout.
        self.env = inherited | {"PORT": str(self.port), "PYTHONPATH": str(REPO)} | env
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None
        self.ready_seconds = float("nan")

    def start(self) -> Served:
        """Start the process and wait for a 200 on /healthz; records the time that took."""
        args = [sys.executable, "-m", self.module, "--host", "127.0.0.1", "--port", str(self.port)]
        if self.module == "bot":
            args.insert(3, "serve")
        with self.log_path.open("ab") as log:
            started = time.perf_counter()
            self.process = subprocess.Popen(
                args, env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        with httpx.Client(timeout=2, trust_env=False) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.module} exited early; see {self.log_path}")
                try:
                    if client.get(f"{self.url}/healthz").status_code == 200:
                        self.ready_seconds = time.perf_counter() - started
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.02)
        raise RuntimeError(f"{self.module} was not ready in time; see {self.log_path}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no chance to finish or clean up, as in a crash."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not stop in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> Served:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class PeakRss:
    """Samples a process's resident memory every `interval` seconds in a thread; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(5)

    @property
    def peak_mb(self) -> float:
        return self.peak / 1024 / 1024


def kindred_env(standin_url: str, db_url: str, **extra: str) -> dict[str, str]:
    """The environment `kindred serve` runs with in the benchmarks."""
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin_url,
        "DATABASE_URL": db_url,
        "KINDRED_SECRET_KEY": SECRET_KEY,
        **extra,
    }

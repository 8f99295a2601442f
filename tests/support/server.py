"""`kindred serve`'s own app, served by uvicorn on a loopback port inside the test process.

Starting `python -m bot serve` costs a second of imports and the migrations every time; most
end-to-end tests only need what the server answers, so they get the very app `kindred serve`
runs (`bot.cli.serve_config`: Bolt behind Starlette, the real scheduler, real HTTP on
127.0.0.1, requests signed like Slack's) on a thread of their own. The database comes migrated
(`db_url`). What only a separate process shows (signals, the process's own logging set-up, the
command line) is tested with `bot.sandbox.server.KindredServer`.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import uvicorn

from bot.cli import SQL_LOGGERS, serve_config
from bot.config import Settings
from bot.logs import LOG_FORMAT, PrivacyFilter
from bot.sandbox.server import READY_TIMEOUT_SECONDS, free_port


class InProcessServer:
    """Like `KindredServer` (url, logs(), stop()), but on a thread of this process."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"kindred-{self.port}.log"
        # An empty value means unset, as in the environment `kindred serve` reads.
        values = {name: value for name, value in env.items() if value != ""}
        self.settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._handler: logging.Handler | None = None
        self._levels: dict[str, int] = {}

    def start(self) -> InProcessServer:
        self._log_like_kindred_serve()
        self._server = uvicorn.Server(serve_config(self.settings, "127.0.0.1", self.port))
        self._thread = threading.Thread(
            target=self._server.run, name=f"kindred-serve-{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"kindred serve (in-process) did not start:\n{self.logs()}")
            time.sleep(0.01)
        return self

    def alive(self) -> bool:
        """Still serving (no request has taken the server down)."""
        return self._thread is not None and self._thread.is_alive()

    def logs(self) -> str:
        if self._handler is not None:
            self._handler.flush()
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20.0) -> int:
        """Shut down as on SIGTERM (in-flight requests finish, then the lifespan ends); 0."""
        try:
            if self._server is not None and self._thread is not None:
                self._server.should_exit = True
                self._thread.join(timeout)
                assert not self._thread.is_alive(), "kindred serve (in-process) did not stop"
        finally:
            self._restore_logging()
        return 0

    def _log_like_kindred_serve(self) -> None:
        """What `kindred serve` sets up (bot.cli._configure_logging), into this server's file:
        every record through the privacy filter, the SQL drivers never below INFO."""
        level = logging.getLevelName(self.settings.KINDRED_LOG_LEVEL)
        handler = logging.FileHandler(self.log_path, encoding="utf-8")
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(PrivacyFilter())
        handler.setLevel(level)
        root = logging.getLogger()
        self._levels[""] = root.level
        root.setLevel(level)
        for name in SQL_LOGGERS:
            sql_logger = logging.getLogger(name)
            self._levels[name] = sql_logger.level
            sql_logger.setLevel(max(logging.INFO, sql_logger.getEffectiveLevel()))
        root.addHandler(handler)
        self._handler = handler

    def _restore_logging(self) -> None:
        if self._handler is None:
            return
        logging.getLogger().removeHandler(self._handler)
        self._handler.close()
        self._handler = None
        for name, level in self._levels.items():
            logging.getLogger(name or None).setLevel(level)

"""`kindred playground`: Kindred in a Slack-like page in the browser, on this machine only.

A `Sandbox` (the Web API stand-in and a real `kindred serve` on a temporary SQLite database)
behind a small Starlette app on 127.0.0.1; see `app.py` for the JSON API and `static/` for the page.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from bot.sandbox.playground.app import Playground, create_app

__all__ = ["HOST", "Playground", "create_app", "serve"]

HOST = "127.0.0.1"  # never another interface: the playground has no authentication


def serve(
    port: int,
    prompts_dir: Path | None = None,
    *,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Start a sandbox and serve the playground on 127.0.0.1:`port` until Ctrl-C or SIGTERM.

    The sandbox (its `kindred serve` and temporary folder) is stopped and removed on the way out.
    """
    import uvicorn

    from bot.sandbox.workspace import Sandbox

    if announce is None:
        announce = _say
    # The sandbox talks to Kindred over httpx on every click; one INFO line per request is noise.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger().level))

    # SIGTERM (like Ctrl-C) becomes an exception from here on, so the sandbox is always stopped
    # and its folder removed. While serving, uvicorn takes both signals, stops, and raises the
    # signal again with this handler in place.
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        announce("Starting a sandbox workspace (a Slack stand-in and kindred serve)…")
        with Sandbox(prompts_dir=prompts_dir) as sandbox:
            where = f" (templates from {prompts_dir})" if prompts_dir else ""
            url = f"http://{HOST}:{port}/"
            config = uvicorn.Config(
                # Said once uvicorn is up and handling signals itself.
                create_app(
                    sandbox,
                    on_ready=lambda: announce(
                        f"Kindred playground{where}: open {url}  (Ctrl-C stops it)"
                    ),
                ),
                host=HOST,
                port=port,
                log_level="warning",
                # Kindred's own logging setup (and its privacy filter) stays in charge.
                log_config=None,
                lifespan="on",
                timeout_graceful_shutdown=5,
            )
            uvicorn.Server(config).run()
    except (_Terminated, KeyboardInterrupt):
        pass  # the way a playground is meant to stop
    finally:
        signal.signal(signal.SIGTERM, previous)
    announce("Playground stopped; the sandbox and its temporary files are gone.")


def _say(line: str) -> None:
    print(line, flush=True)  # flushed: a script or test reading the output waits for the URL


class _Terminated(Exception):
    """SIGTERM arrived: stop serving and clean up, as for Ctrl-C."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated

"""A stand-in for an OpenAI-compatible chat endpoint, on a free loopback port, for /kindly's model.

`mode` picks how it answers: "good" (the `answer` below as a chat completion), "slow" (the same,
after SLOW_SECONDS), "error" (HTTP 500) or "nonsense" (a completion whose content is not JSON).
Every request is recorded (path, headers, body) so tests can see what left Kindred.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW_SECONDS = 3.0


@dataclass
class ModelStandin:
    """What the stand-in answers, and what it was asked."""

    url: str = ""
    mode: str = "good"
    answer: dict[str, Any] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)


@contextmanager
def model_standin() -> Iterator[ModelStandin]:
    """Run the stand-in for the duration of the block."""
    state = ModelStandin()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if state.mode == "error":
                self.send_response(500)
                self.end_headers()
                return
            if state.mode == "slow":
                time.sleep(SLOW_SECONDS)
            content = "not json at all" if state.mode == "nonsense" else json.dumps(state.answer)
            reply = {"choices": [{"message": {"role": "assistant", "content": content}}]}
            data = json.dumps(reply).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up first (the slow mode): nothing to answer
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

"""HTTP routes: Slack's requests, health, metrics and (when configured) the OAuth install flow."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import h11
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Message
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.runtime import Runtime

logger = logging.getLogger(__name__)

# Slack's own payloads are far smaller; anything bigger is refused before it is parsed.
MAX_BODY_BYTES = 1_000_000
# A request's headers and body must arrive within this many seconds of its first byte (or of
# the connection opening); a connection still sending after that is closed.
REQUEST_READ_TIMEOUT_SECONDS = 5.0
# How long an idle keep-alive connection stays open between requests.
KEEP_ALIVE_SECONDS = 5
# The 413 answer closes the connection, so the rest of an oversized body is never read.
_CLOSE = {"connection": "close"}

Endpoint = Callable[[Request], Awaitable[Response]]


class Metrics:
    """Prometheus metrics for one web app (its own registry: no process-wide globals)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kindred_http_requests",
            "HTTP requests answered, by route and status.",
            ["route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "kindred_http_request_seconds",
            "Time to answer an HTTP request, by route.",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0),
            registry=self.registry,
        )
        self.database_up = Gauge(
            "kindred_database_up",
            "1 when the last health check reached the database, else 0.",
            registry=self.registry,
        )

    def timed(self, route: str, endpoint: Endpoint) -> Endpoint:
        """Wrap `endpoint` so its answers are counted and timed under `route`."""

        async def wrapper(request: Request) -> Response:
            started = time.perf_counter()
            response = await endpoint(request)
            self.latency.labels(route).observe(time.perf_counter() - started)
            self.requests.labels(route, str(response.status_code)).inc()
            return response

        return wrapper


async def read_body(request: Request, limit: int) -> bytes | None:
    """The body, counting the bytes actually received (any transfer encoding, whatever the
    headers claim); None as soon as it passes `limit`, without reading the rest."""
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            return None
    return bytes(received)


def replayed(request: Request, body: bytes) -> Request:
    """`request` again, its body already read, for Bolt (which reads the body itself)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


class BoundedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline for reading each request.

    uvicorn bounds idle keep-alive connections, but not a request that never finishes
    arriving: headers sent a byte at a time, or a body that stops halfway. Each request (and a
    new connection) gets REQUEST_READ_TIMEOUT_SECONDS from its first byte to its last; a
    connection still sending after that is closed.
    """

    read_timeout = REQUEST_READ_TIMEOUT_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._read_deadline is None:
            self._arm()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            self._disarm()  # the whole request is in

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._read_deadline = self.loop.call_later(self.read_timeout, self._read_timed_out)

    def _disarm(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _read_timed_out(self) -> None:
        self._read_deadline = None
        if self.conn.their_state is not h11.DONE and not self.transport.is_closing():
            logger.info("closed a connection whose request did not arrive in time")
            self.transport.close()


def create_web_app(
    bolt_app: AsyncApp, runtime: Runtime, scheduler: AsyncIOScheduler | None = None
) -> Starlette:
    """The Starlette app `kindred serve` runs under uvicorn, with the scheduler if given."""
    handler = AsyncSlackRequestHandler(bolt_app)
    # Checked here too (Bolt checks again) so unsigned bytes are refused before Bolt parses them.
    assert runtime.settings.SLACK_SIGNING_SECRET is not None
    verifier = SignatureVerifier(runtime.settings.SLACK_SIGNING_SECRET.get_secret_value())
    metrics = Metrics()

    async def slack_events(request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            return PlainTextResponse("request body too large", status_code=413, headers=_CLOSE)
        body = await read_body(request, MAX_BODY_BYTES)
        if body is None:
            return PlainTextResponse("request body too large", status_code=413, headers=_CLOSE)
        request = replayed(request, body)
        try:
            text = body.decode("utf-8")  # Slack always sends UTF-8; signatures are over text
        except UnicodeDecodeError:
            return PlainTextResponse("request body is not UTF-8", status_code=400)
        if not verifier.is_valid_request(text, dict(request.headers)):
            return PlainTextResponse("invalid signature", status_code=401)
        try:
            return await handler.handle(request)
        except (ValueError, TypeError, AttributeError, LookupError) as exc:
            # Bolt reads the payload's shape before any listener runs; a signed request whose
            # payload is not JSON, or has the wrong types, lands here. Listener errors do not:
            # Bolt sends those to the app's error handler.
            logger.warning("malformed Slack request (%s)", type(exc).__name__)
            return PlainTextResponse("malformed request", status_code=400)

    async def oauth(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        up = await runtime.db.ping()
        metrics.database_up.set(1 if up else 0)
        body = {"status": "ok" if up else "unavailable", "database": "ok" if up else "unreachable"}
        return JSONResponse(body, status_code=200 if up else 503)

    async def metrics_endpoint(request: Request) -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    routes = [
        Route("/slack/events", metrics.timed("/slack/events", slack_events), methods=["POST"]),
        Route("/healthz", metrics.timed("/healthz", healthz), methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]
    if runtime.settings.oauth_enabled:
        routes += [
            Route("/slack/install", metrics.timed("/slack/install", oauth), methods=["GET"]),
            Route(
                "/slack/oauth_redirect",
                metrics.timed("/slack/oauth_redirect", oauth),
                methods=["GET"],
            ),
        ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if scheduler is not None:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await runtime.db.dispose()

    return Starlette(routes=routes, lifespan=lifespan)

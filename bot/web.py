"""HTTP routes: Slack's requests, health, metrics and (when configured) the OAuth install flow."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

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

from bot.runtime import Runtime

logger = logging.getLogger(__name__)

# Slack's own payloads are far smaller; anything bigger is refused before it is parsed.
MAX_BODY_BYTES = 1_000_000

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
            return PlainTextResponse("request body too large", status_code=413)
        body = await request.body()
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

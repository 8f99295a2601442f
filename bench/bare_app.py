"""The baseline: a bare Bolt AsyncApp that only acks, served the way `kindred serve` is.

Same Bolt request handling (signature check, payload parsing, ack), same Starlette adapter, same
uvicorn settings; no database and no follow-up work. `python -m bench.bare_app --port P`.
"""

from __future__ import annotations

import argparse
import logging
import os
import re

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def create_bare_app() -> Starlette:
    """Bolt answers `/checkin` and every button with an empty ack."""
    # Like Kindred: one bot token, checked with auth.test (on the stand-in) at the first request.
    client = AsyncWebClient(
        token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]
    )
    app = AsyncApp(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=client,
        logger=logging.getLogger("bare.bolt"),
    )

    async def only_ack(ack: AsyncAck) -> None:
        await ack()

    app.command(re.compile(".*"))(only_ack)
    app.action(re.compile(".*"))(only_ack)
    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/slack/events", events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    config = uvicorn.Config(
        create_bare_app(),
        host=args.host,
        port=args.port,
        log_level="info",
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=20,
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()

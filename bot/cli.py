"""The `kindred` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.config import ConfigError, Settings, load_settings
from bot.logs import configure_logging
from bot.prompts import Prompts
from bot.store import db as store

logger = logging.getLogger("bot")

EXIT_CONFIG = 2
EXIT_FAILURE = 1


class CommandFailed(Exception):
    """A command could not do its job; the message is one line for the operator."""


def _configure_logging(settings: Settings) -> None:
    # Every record passes a filter that keeps user IDs, names, e-mails and payloads out.
    configure_logging(settings.KINDRED_LOG_LEVEL)


def _safe_database_name(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _migrate(settings: Settings) -> None:
    try:
        store.upgrade(settings.DATABASE_URL)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise CommandFailed(
            f"cannot reach the database at {_safe_database_name(settings.DATABASE_URL)} "
            f"({reason}); check DATABASE_URL and that the server is running"
        ) from None


def _require_slack(settings: Settings) -> None:
    settings.require("SLACK_SIGNING_SECRET")
    if not settings.oauth_enabled:
        settings.require("SLACK_BOT_TOKEN")


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Run the HTTP server (Slack requests, health, metrics) until SIGTERM or Ctrl-C."""
    import uvicorn

    from bot.app import create_app
    from bot.prompts import Prompts
    from bot.runtime import Runtime
    from bot.store.db import Database
    from bot.web import create_web_app

    _require_slack(settings)
    _migrate(settings)
    runtime = Runtime(
        settings=settings,
        db=Database(settings.DATABASE_URL),
        prompts=Prompts(settings.KINDRED_PROMPTS_DIR),
    )
    bolt_app = create_app(settings, db=runtime.db, prompts=runtime.prompts)
    web_app = create_web_app(bolt_app, runtime)
    config = uvicorn.Config(
        web_app,
        host=args.host,
        port=args.port or settings.PORT,
        log_level=settings.KINDRED_LOG_LEVEL.lower(),
        # uvicorn logs through Kindred's root handler and its privacy filter, not its own.
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=20,
    )
    # uvicorn stops accepting, finishes in-flight requests, then runs the lifespan shutdown.
    uvicorn.Server(config).run()
    return 0


def cmd_socket(settings: Settings, args: argparse.Namespace) -> int:
    """Run over Socket Mode (no public URL needed) until SIGTERM or Ctrl-C."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.app import create_app
    from bot.store.db import Database

    settings.require("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    assert settings.SLACK_APP_TOKEN is not None
    app_token = settings.SLACK_APP_TOKEN.get_secret_value()
    _migrate(settings)

    async def run() -> None:
        db = Database(settings.DATABASE_URL)
        handler = AsyncSocketModeHandler(create_app(settings, db=db), app_token)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await handler.connect_async()
        logger.info("connected to Slack over Socket Mode")
        await stop.wait()
        logger.info("shutting down")
        await handler.close_async()
        await db.dispose()

    asyncio.run(run())
    return 0


def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Apply database migrations."""
    _migrate(settings)
    print(f"database is up to date: {_safe_database_name(settings.DATABASE_URL)}")
    return 0


def cmd_prompts_check(settings: Settings, args: argparse.Namespace) -> int:
    """Render every template with sample data; report each broken one by file and line."""
    prompts = Prompts(settings.KINDRED_PROMPTS_DIR)
    problems = prompts.check()
    for problem in problems:
        print(problem, file=sys.stderr)
    checked = len(prompts.names())
    if problems:
        print(f"{len(problems)} of {checked} templates have problems", file=sys.stderr)
        return EXIT_FAILURE
    print(f"all {checked} templates render")
    return 0


def cmd_prompts_preview(settings: Settings, args: argparse.Namespace) -> int:
    """Render one template with its sample data."""
    prompts = Prompts(settings.KINDRED_PROMPTS_DIR)
    name = args.name.removesuffix(".j2")
    if name not in prompts.names():
        raise CommandFailed(f"no template named {name!r}; `kindred prompts check` lists them all")
    problems = [p for p in prompts.check() if p.name == name]
    if problems:
        raise CommandFailed(str(problems[0]))
    print(prompts.preview(name))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kindred", description="Kindred: empathetic habits for Slack teams."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        sub: argparse._SubParsersAction,  # type: ignore[type-arg]
        name: str,
        func: Callable[[Settings, argparse.Namespace], int],
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=func.__doc__, description=func.__doc__)
        command.set_defaults(func=func)
        return command

    serve = add(commands, "serve", cmd_serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=None, help="port (default: PORT or 3000)")
    add(commands, "socket", cmd_socket)

    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True, metavar="COMMAND"
    )
    add(db, "upgrade", cmd_db_upgrade)

    prompts = commands.add_parser("prompts", help="check and preview templates").add_subparsers(
        dest="prompts_command", required=True, metavar="COMMAND"
    )
    add(prompts, "check", cmd_prompts_check)
    add(prompts, "preview", cmd_prompts_preview).add_argument("name", help="e.g. home/welcome")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kindred` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        _configure_logging(settings)
        return args.func(settings, args)
    except ConfigError as exc:
        print(f"kindred: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except CommandFailed as exc:
        print(f"kindred: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The `kindred` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.config import ConfigError, Settings, load_settings
from bot.logs import configure_logging
from bot.prompts import Prompts
from bot.runtime import Runtime, build_runtime
from bot.services.schedule import utcnow
from bot.store import db as store

if TYPE_CHECKING:
    import uvicorn

logger = logging.getLogger("bot")

EXIT_CONFIG = 2
SQL_LOGGERS = ("aiosqlite", "sqlalchemy", "psycopg")
EXIT_FAILURE = 1
DEMO_WIDTH = 110
PLAYGROUND_PORT = 8765
NO_SLACK_APP_YET = (
    "No Slack app is configured yet, so here is Kindred working against a pretend Slack on this "
    "machine: a week in the terminal, then the playground in your browser.\n"
    "To connect a real workspace, create the app from deploy/manifest.yml and put "
    "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET in .env (README: Create the Slack app).\n"
)


class CommandFailed(Exception):
    """A command could not do its job; the message is one line for the operator."""


def _configure_logging(settings: Settings) -> None:
    # Every record passes a filter that keeps user IDs, names, e-mails and payloads out.
    configure_logging(settings.KINDRED_LOG_LEVEL)
    # At DEBUG the database drivers log every SQL parameter, check-in notes included, which no
    # filter can tell from other text: they stay at INFO whatever the level.
    for name in SQL_LOGGERS:
        sql_logger = logging.getLogger(name)
        sql_logger.setLevel(max(logging.INFO, sql_logger.getEffectiveLevel()))
    # Alembic narrates every plugin it loads at INFO; its warnings are what an operator needs.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.root.level))


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

    _require_slack(settings)
    _migrate(settings)
    # uvicorn stops accepting, finishes in-flight requests, then runs the lifespan shutdown.
    uvicorn.Server(serve_config(settings, args.host, args.port or settings.PORT)).run()
    return 0


def serve_config(settings: Settings, host: str, port: int) -> uvicorn.Config:
    """What `kindred serve` runs under uvicorn (on a migrated database): the Bolt app behind
    Starlette, with the scheduler when it is on. The tests serve this same app in-process."""
    import uvicorn

    from bot.app import create_app
    from bot.deliveries import delivery_kinds
    from bot.deliveries.cycle import create_scheduler
    from bot.web import KEEP_ALIVE_SECONDS, BoundedH11Protocol, create_web_app

    runtime = build_runtime(settings)
    scheduler = None
    if settings.KINDRED_TICK_SECONDS:
        scheduler = create_scheduler(runtime, delivery_kinds(), settings.KINDRED_TICK_SECONDS)
    web_app = create_web_app(create_app(settings, runtime=runtime), runtime, scheduler)
    return uvicorn.Config(
        web_app,
        host=host,
        port=port,
        log_level=settings.KINDRED_LOG_LEVEL.lower(),
        # uvicorn logs through Kindred's root handler and its privacy filter, not its own.
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=20,
        # Every request must arrive within a few seconds, and idle connections close.
        http=BoundedH11Protocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def cmd_socket(settings: Settings, args: argparse.Namespace) -> int:
    """Run over Socket Mode (no public URL needed) until SIGTERM or Ctrl-C."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.app import create_app
    from bot.deliveries import delivery_kinds
    from bot.deliveries.cycle import create_scheduler

    settings.require("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    assert settings.SLACK_APP_TOKEN is not None
    app_token = settings.SLACK_APP_TOKEN.get_secret_value()
    _migrate(settings)

    async def run() -> None:
        runtime = build_runtime(settings)
        try:
            # The Socket Mode client retries a refused connection forever; ask once first so a
            # wrong token or a switched-off Socket Mode is reported instead of retried.
            await runtime.clients.base.apps_connections_open(app_token=app_token)
        except SlackApiError as exc:
            await runtime.db.dispose()
            raise CommandFailed(
                f"Slack refused the Socket Mode connection ({exc.response.get('error')}); "
                "check SLACK_APP_TOKEN and that Socket Mode is on in your app's settings"
            ) from None
        handler = AsyncSocketModeHandler(create_app(settings, runtime=runtime), app_token)
        scheduler = None
        if settings.KINDRED_TICK_SECONDS:
            scheduler = create_scheduler(runtime, delivery_kinds(), settings.KINDRED_TICK_SECONDS)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await handler.connect_async()
        logger.info("connected to Slack over Socket Mode")
        if scheduler is not None:
            scheduler.start()
        await stop.wait()
        logger.info("shutting down")
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        await handler.close_async()
        await runtime.db.dispose()

    asyncio.run(run())
    return 0


def cmd_nudges_run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one scheduling cycle as if the clock read --at; a repeat sends nothing new."""
    from bot.deliveries import delivery_kinds
    from bot.deliveries.cycle import housekeeping, run_cycle
    from bot.slack.sender import Sender

    _require_slack(settings)
    _migrate(settings)
    as_of = args.at or utcnow()

    async def run() -> int:
        runtime = build_runtime(settings)
        kinds = delivery_kinds()
        try:
            report = await run_cycle(runtime, kinds, Sender(runtime, kinds), as_of)
            # Retention follows the real clock, never --at (a date ahead would delete too much).
            await housekeeping(runtime, utcnow())
        finally:
            await runtime.db.dispose()
        outcomes = ", ".join(f"{n} {what}" for what, n in sorted(report.drained.outcomes.items()))
        print(f"cycle as of {as_of.isoformat()}: {report.enqueued} enqueued; "
              f"{outcomes or 'nothing to send'}")  # fmt: skip
        return EXIT_FAILURE if report.drained.outcomes["failed"] else 0

    return asyncio.run(run())


def cmd_nudges_status(settings: Settings, args: argparse.Namespace) -> int:
    """Show pending, sent, skipped and failed deliveries (failed ones with their reasons)."""
    from bot.services import outbox
    from bot.store.db import Database

    _migrate(settings)

    async def run() -> None:
        db = Database(settings.DATABASE_URL)
        try:
            async with db.session() as session:
                counts = await outbox.status_counts(session)
                failed = await outbox.failures(session)
        finally:
            await db.dispose()
        kinds = sorted({kind for kind, _ in counts})
        print(f"{'kind':<24}" + "".join(f"{s:>9}" for s in outbox.STATUSES))
        for kind in kinds:
            print(
                f"{kind:<24}" + "".join(f"{counts.get((kind, s), 0):>9}" for s in outbox.STATUSES)
            )
        if not kinds:
            print("(no deliveries yet)")
        for row in failed:
            print(f"failed #{row.id} {row.kind} {row.period} after {row.attempts} "
                  f"attempt(s): {row.last_error}")  # fmt: skip

    asyncio.run(run())
    return 0


async def _workspace(runtime: Runtime, team: str | None) -> str:
    """The workspace a command acts on: --team, or the one the bot token belongs to."""
    if team:
        return team
    if runtime.clients.installation_store is not None:
        raise CommandFailed("Kindred serves several workspaces: say which one with --team T…")
    try:
        identity = await runtime.clients.base.auth_test()
    except SlackApiError as exc:
        raise CommandFailed(
            f"Slack refused the bot token ({exc.response.get('error')}); check SLACK_BOT_TOKEN"
        ) from None
    return str(identity["team_id"])


@contextlib.contextmanager
def _progress(what: str) -> Iterator[Callable[[int], None]]:
    """A progress line on a terminal (rich), counting people; nothing when output is piped."""
    if not sys.stderr.isatty():
        yield lambda count: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}: {task.completed} people"))
    with Progress(*columns, TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task(what, total=None)
        yield lambda count: bar.advance(task, count)


def cmd_teams_import(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the org chart with a CSV file: header user,manager; Slack user IDs or emails."""
    import aiohttp

    from bot.deliveries import delivery_kinds
    from bot.services import directory, teams
    from bot.slack.directory import read_directory
    from bot.slack.sender import Sender

    _require_slack(settings)
    try:
        chart = teams.parse_org_csv(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandFailed(f"cannot read {args.file} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise CommandFailed(f"{args.file} is not UTF-8 text: save it as CSV UTF-8") from None
    except teams.OrgChartError as exc:
        raise CommandFailed(f"{args.file}: {exc}; nothing was imported") from None
    _migrate(settings)

    async def run() -> int:
        runtime = build_runtime(settings)
        try:
            team_id = await _workspace(runtime, args.team)
            # One read of the whole directory (users.list, 200 people a call) resolves every
            # email in the file; the map lives only while the import runs.
            try:
                with _progress("Reading the Slack directory") as advance:
                    emails = await read_directory(runtime, team_id, progress=advance)
            except LookupError as exc:
                raise CommandFailed(str(exc)) from None
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
                error = exc.response.get("error") if isinstance(exc, SlackApiError) else exc
                raise CommandFailed(
                    f"Slack could not list the workspace's people ({error}); nothing was "
                    "imported, please try again"
                ) from None

            async def by_email(email: str) -> teams.Person | None:
                return emails.get(email)

            resolved = await teams.resolve_chart(chart, by_email)
            for problem in resolved.problems:
                print(f"{args.file} {problem}", file=sys.stderr)
            if not resolved.links:
                raise CommandFailed(f"{args.file} has no usable rows; the org chart is unchanged")
            named = set(resolved.links) | {m for m in resolved.links.values() if m}
            async with runtime.db.session() as session:
                known = await directory.lookup(session, team_id, named)
                zones = {user: p.tz for user, p in known.items()} | resolved.zones
                change = await teams.replace_chart(
                    session, team_id, resolved.links, utcnow(), zones
                )
            # Newcomers' notes (what their manager can see) go out now, not at the next tick.
            kinds = delivery_kinds()
            drained = await Sender(runtime, kinds).drain()
        finally:
            await runtime.db.dispose()
        skipped = len(resolved.problems)
        print(f"imported {len(resolved.links)} people into workspace {team_id}: "
              f"{len(change.added)} joined a team, {change.removed} left one, "
              f"{change.unchanged} unchanged; {drained.sent} message(s) sent"
              + (f"; {skipped} row(s) not imported (listed above)" if skipped else ""))  # fmt: skip
        return EXIT_FAILURE if skipped else 0

    return asyncio.run(run())


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
    # Wording advice, not an error: an operator's own words are theirs to choose.
    for warning in prompts.style_warnings():
        print(warning, file=sys.stderr)
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


def cmd_playground(settings: Settings, args: argparse.Namespace) -> int:
    """Try Kindred in the browser: a Slack-like page on 127.0.0.1, no Slack workspace needed."""
    import socket

    from bot.sandbox.playground import HOST, serve

    # Ask for the port before the sandbox spends seconds starting, so a clash is one clear line.
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((HOST, args.port))
        except OSError as exc:
            raise CommandFailed(
                f"cannot listen on {HOST}:{args.port} ({exc.strerror}); choose another --port"
            ) from None
    prompts_dir = Path(args.prompts) if args.prompts else None
    if prompts_dir is not None and not prompts_dir.is_dir():
        raise CommandFailed(f"--prompts {args.prompts} is not a folder")
    serve(args.port, prompts_dir)
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Play a week of Kindred in the terminal: no Slack workspace, credentials or setup needed."""
    from rich.console import Console

    from bot.sandbox.demo import run_demo

    console = Console()
    # Slack's message column is narrow: a wide terminal would stretch every message out of shape.
    console.width = min(console.width, DEMO_WIDTH)
    return run_demo(console)


def cmd_start(settings: Settings, args: argparse.Namespace) -> int:
    """Serve Slack when a Slack app is configured; otherwise show Kindred working without Slack."""
    if settings.slack_configured:
        return cmd_serve(settings, args)
    print(NO_SLACK_APP_YET, flush=True)
    # What the operator set for logging is about serving Slack; here it would only add noise.
    _configure_logging(Settings.model_construct(KINDRED_LOG_LEVEL="WARNING"))
    status = cmd_demo(settings, args)
    if status != 0:
        return status
    prompts = str(settings.KINDRED_PROMPTS_DIR) if settings.KINDRED_PROMPTS_DIR else None
    playground = argparse.Namespace(port=args.port or PLAYGROUND_PORT, prompts=prompts)
    return cmd_playground(settings, playground)


def _aware_datetime(text: str) -> datetime:
    """Parse --at: ISO-8601; a time without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 time (e.g. 2026-11-27T14:00:00+00:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kindred", description="Kindred: empathetic habits for Slack teams."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        sub: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        func: Callable[[Settings, argparse.Namespace], int],
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=func.__doc__, description=func.__doc__)
        command.set_defaults(func=func)
        return command

    for name, func in (("serve", cmd_serve), ("start", cmd_start)):
        serve = add(commands, name, func)
        serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
        serve.add_argument("--port", type=int, default=None, help="port (default: PORT or 3000)")
    add(commands, "socket", cmd_socket)

    nudges = commands.add_parser("nudges", help="scheduled reminders and nudges").add_subparsers(
        dest="nudges_command", required=True, metavar="COMMAND"
    )
    add(nudges, "run", cmd_nudges_run).add_argument(
        "--at", type=_aware_datetime, default=None, help="ISO-8601 time, e.g. 2026-11-27T14:00Z"
    )
    add(nudges, "status", cmd_nudges_status)

    teams = commands.add_parser("teams", help="the org chart").add_subparsers(
        dest="teams_command", required=True, metavar="COMMAND"
    )
    team_import = add(teams, "import", cmd_teams_import)
    team_import.add_argument("file", help="a CSV file with the header user,manager")
    team_import.add_argument(
        "--team", default=None, help="workspace ID (T…); needed when serving several workspaces"
    )

    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True, metavar="COMMAND"
    )
    add(db, "upgrade", cmd_db_upgrade)

    prompts = commands.add_parser("prompts", help="check and preview templates").add_subparsers(
        dest="prompts_command", required=True, metavar="COMMAND"
    )
    add(prompts, "check", cmd_prompts_check)
    add(prompts, "preview", cmd_prompts_preview).add_argument("name", help="e.g. home/welcome")

    # The demo brings its own pretend workspace and settings: nothing in .env or the environment
    # (a half-filled .env.example, a real workspace's tokens) may stop it or reach its server.
    add(commands, "demo", cmd_demo).set_defaults(own_settings=True)

    # Like the demo, the playground reads no .env and no Slack settings.
    playground = add(commands, "playground", cmd_playground)
    playground.set_defaults(own_settings=True)
    playground.add_argument(
        "--port", type=int, default=PLAYGROUND_PORT, help=f"port on 127.0.0.1 ({PLAYGROUND_PORT})"
    )
    playground.add_argument(
        "--prompts", default=None, help="a folder of template overrides, re-read on each message"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kindred` console script."""
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "own_settings", False):
            # The defaults, reading nothing; WARNING keeps the sandbox's request log (httpx) out
            # of what the person is watching.
            settings = Settings.model_construct(KINDRED_LOG_LEVEL="WARNING")
        else:
            settings = load_settings()
        _configure_logging(settings)
        command: Callable[[Settings, argparse.Namespace], int] = args.func
        return command(settings, args)
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

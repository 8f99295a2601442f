"""`python -m bench`: run every benchmark, write results.md, results.json and chart.png.

    python -m bench                      # the full run: 10,000 members at 50/s, 1/10/50 clients
    python -m bench --quick              # a smaller run for a quick look
    python -m bench --backends sqlite --members 2000 --rate 50

Needs the `bench` and `test` extras (`pip install -e '.[test,bench]'`), and Debian's
`postgresql` package for the PostgreSQL runs (as the test suite does).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.ack import run_ack
from bench.common import PeakRss, Served, kindred_env
from bench.fanout import run_fanout
from bench.report import chart, machine, markdown
from bot.sandbox.standin import SlackStandIn
from tests.support.postgres import PostgresServer, find_pg_bin

IDLE_SAMPLE_SECONDS = 3.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick", action="store_true", help="1,000 members at 50/s, 200 requests a level, no crash"
    )
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels")
    parser.add_argument("--requests", type=int, default=None, help="requests per level")
    parser.add_argument("--members", type=int, default=None, help="members in the fan-out")
    parser.add_argument("--rate", type=float, default=None, help="chat.postMessage per second")
    parser.add_argument("--skip", default="", help="any of: ack,fanout,crash,footprint")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    args.requests = args.requests or (200 if args.quick else 600)
    args.members = args.members or (1000 if args.quick else 10_000)
    args.rate = args.rate or 50.0
    args.skip = set(filter(None, args.skip.split(",")))
    if args.quick:
        args.skip.add("crash")
    return args


def footprint(backend: str, db_url: str, workdir: Path) -> dict[str, Any]:
    """Time from start to a 200 on /healthz (migrations included), and idle memory."""
    with SlackStandIn() as standin:
        served = Served("bot", kindred_env(standin.url, db_url), workdir, f"idle-{backend}")
        with served, PeakRss(served.pid) as rss:
            time.sleep(IDLE_SAMPLE_SECONDS)
        return {
            "backend": backend,
            "ready_seconds": round(served.ready_seconds, 2),
            "idle_rss_mb": round(rss.peak_mb, 1),
        }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    levels = [int(c) for c in args.clients.split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="kindred-bench-"))
    results: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "ack": [],
        "fanout": [],
        "footprint": [],
        "log": [],
    }
    postgres: PostgresServer | None = None
    if "postgresql" in backends:
        pg_bin = find_pg_bin()
        if pg_bin is None:
            print("PostgreSQL is not installed (apt-get install postgresql)", file=sys.stderr)
            return 2
        postgres = PostgresServer(pg_bin, synchronous_commit=True)
        postgres.start()
    serial = iter(range(1_000_000))

    def fresh_db(backend: str) -> str:
        if backend == "postgresql":
            assert postgres is not None
            return postgres.create_database()
        return f"sqlite:///{workdir / f'kindred-{next(serial)}.db'}"

    log: list[str] = results["log"]
    try:
        for backend in backends:
            if "footprint" not in args.skip:
                results["footprint"].append(footprint(backend, fresh_db(backend), workdir))
                print(f"footprint {backend}: {results['footprint'][-1]}", flush=True)
            if "ack" not in args.skip:
                found = run_ack(backend, fresh_db(backend), levels, args.requests, workdir, log)
                results["ack"] += [r.as_dict() for r in found]
            if "fanout" not in args.skip:
                fan = run_fanout(backend, fresh_db(backend), args.members, args.rate, workdir, log)
                results["fanout"].append(fan.as_dict())
            if "crash" not in args.skip:
                fan = run_fanout(backend, fresh_db(backend), args.members, args.rate, workdir,
                                 log, crash=True)  # fmt: skip
                results["fanout"].append(fan.as_dict())
    finally:
        if postgres is not None:
            postgres.stop()
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    (args.out / "results.md").write_text(markdown(results))
    chart(results, args.out / "chart.png")
    print(f"wrote {args.out / 'results.md'}, {args.out / 'chart.png'}; server logs in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

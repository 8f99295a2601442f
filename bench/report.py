"""The Markdown table and the PNG chart of one benchmark run."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path
from typing import Any

import psutil

P99_GOAL_MS = 300
THROUGHPUT_GOAL = 0.5
UTILISATION_GOAL = 0.9
IDLE_RSS_GOAL_MB = 150
FANOUT_RSS_GOAL_MB = 300
READY_GOAL_SECONDS = 2.0


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown: machine, settings, one table per benchmark, goals met or not."""
    m = results["machine"]
    lines = [
        "# Kindred benchmark results",
        "",
        f"Measured {results['when']} on {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB), "
        f"{m['os']}, Python {m['python']}; load average at start {m['load_average']}.",
        f"Settings: `{results['command']}`.",
        "",
    ]
    ack = results["ack"]
    if ack:
        lines += [
            "## Ack latency under load",
            "",
            "Signed `/checkin` quick forms and reminder-button clicks, alternating; each client "
            "sends one request at a time. Throughput ratio = Kindred's requests per second ÷ the "
            "bare Bolt app's at the same concurrency, same backend run.",
            "",
            "| backend | app | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms "
            "| max ms | throughput vs bare | p99 < 300 ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        bare = {(r["backend"], r["clients"]): r for r in ack if r["app"] == "bare Bolt"}
        for r in ack:
            base = bare.get((r["backend"], r["clients"]))
            ratio = r["rps"] / base["rps"] if base and r["app"] != "bare Bolt" else None
            ratio_text = f"{ratio:.3f}" if ratio is not None else ""
            if ratio is not None and ratio < THROUGHPUT_GOAL:
                ratio_text = f"**{ratio_text}**"
            lines.append(
                f"| {r['backend']} | {r['app']} | {r['clients']} | {r['requests']} | "
                f"{r['errors']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                f"{r['max_ms']} | {ratio_text} | {_mark(r['p99_ms'] < P99_GOAL_MS)} |"
            )
        lines.append("")
    fanouts = results["fanout"]
    if fanouts:
        lines += [
            "## Weekly fan-out",
            "",
            "The stand-in limits `chat.postMessage` to the rate shown and answers 429 with "
            "Retry-After beyond it. Utilisation = (members ÷ rate) ÷ wall time from the first "
            "post to the last accepted one (goal ≥ 0.9). Duplicates and misses are counted from "
            "what the stand-in accepted (goal 0).",
            "",
            "| backend | run | members | rate/s | ideal s | wall s | utilisation | 429s "
            "| duplicates | misses | outbox | peak RSS MB |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        for r in fanouts:
            run = "SIGKILL halfway, restarted" if r["crash"] else "uninterrupted"
            util = f"{r['utilisation']:.3f}"
            if not r["crash"] and r["utilisation"] < UTILISATION_GOAL:
                util = f"**{util}**"
            statuses = ", ".join(f"{k} {v}" for k, v in sorted(r["statuses"].items()))
            lines.append(
                f"| {r['backend']} | {run} | {r['members']} | {r['rate']:g} | "
                f"{r['ideal_seconds']} | {r['wall_seconds']} | {util} | {r['rate_limited']} | "
                f"{r['duplicates']} | {r['misses']} | {statuses} | {r['peak_rss_mb']} |"
            )
        lines.append("")
    footprint = results["footprint"]
    if footprint:
        lines += [
            "## Footprint",
            "",
            "| backend | start to 200 on /healthz s | idle peak RSS MB | fan-out peak RSS MB "
            "| ready < 2 s | idle < 150 MB | fan-out < 300 MB |",
            "|---|---:|---:|---:|---|---|---|",
        ]
        for r in footprint:
            fan = [f["peak_rss_mb"] for f in fanouts if f["backend"] == r["backend"]]
            fan_peak = max(fan) if fan else float("nan")
            lines.append(
                f"| {r['backend']} | {r['ready_seconds']} | {r['idle_rss_mb']} | "
                f"{fan_peak if fan else ''} | "
                f"{_mark(r['ready_seconds'] < READY_GOAL_SECONDS)} | "
                f"{_mark(r['idle_rss_mb'] < IDLE_RSS_GOAL_MB)} | "
                f"{_mark(fan_peak < FANOUT_RSS_GOAL_MB) if fan else ''} |"
            )
        lines.append("")
    return "\n".join(lines)


def chart(results: dict[str, Any], path: Path) -> None:
    """Latency percentiles by concurrency, and fan-out progress against the ideal."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in results["ack"]:
        series.setdefault((r["backend"], r["app"]), []).append(r)
    styles = {"p50_ms": ":", "p95_ms": "--", "p99_ms": "-"}
    for (backend, app), rows in series.items():
        rows.sort(key=lambda r: r["clients"])
        clients = [r["clients"] for r in rows]
        color = None
        for key, style in styles.items():
            (line,) = left.plot(clients, [r[key] for r in rows], style, marker="o", color=color,
                                label=f"{app} ({backend}) {key[:3]}")  # fmt: skip
            color = line.get_color()
    left.axhline(P99_GOAL_MS, color="red", linewidth=0.8, label="p99 goal (300 ms)")
    left.set_xscale("log")
    left.set_xlabel("concurrent clients")
    left.set_ylabel("ack latency (ms)")
    left.set_title("Ack latency: p50 (dotted), p95 (dashed), p99 (solid)")
    left.legend(fontsize=6)
    for r in results["fanout"]:
        if not r["progress"]:
            continue
        xs, ys = zip(*r["progress"], strict=True)
        label = f"{r['backend']}{' (SIGKILL halfway)' if r['crash'] else ''}"
        right.plot(xs, ys, label=label)
    if results["fanout"]:
        first = results["fanout"][0]
        right.plot([0, first["ideal_seconds"]], [0, first["members"]], "k--", linewidth=0.8,
                   label=f"ideal ({first['rate']:g}/s)")  # fmt: skip
    right.set_xlabel("seconds since the server was ready")
    right.set_ylabel("members reminded")
    right.set_title("Weekly fan-out progress")
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

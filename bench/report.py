"""The benchmark's tables, as Markdown (also what the terminal shows)."""

import datetime
import os
import platform
import subprocess

from load import Result

SERVERS = ("Nimbus", "dynalite", "nginx")


def _ms(us: int) -> str:
    return f"{us / 1000:.2f}"


def _rps(result: Result) -> str:
    marks = ("!" if result.failed else "") + ("*" if result.wrapped else "")
    return f"{result.rps:,.0f}{marks}"


def _ratio(a: Result, b: Result) -> str:
    return f"{a.rps / b.rps:.2f}x"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    def line(cells):
        return "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"
    return [line(header), "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|",
            *(line(row) for row in rows)]


def throughput_table(results: dict, operations, concurrencies) -> list[str]:
    header = ["operation", "conc"]
    for server in SERVERS:
        header += [f"{server} req/s", "p50 ms", "p99 ms"]
    header += ["Nimbus/nginx", "Nimbus/dynalite"]
    rows = []
    for op in operations:
        for c in concurrencies:
            row = [op, str(c)]
            for server in SERVERS:
                r = results[(op, c, server)]
                row += [_rps(r), _ms(r.p50_us), _ms(r.p99_us)]
            nimbus = results[(op, c, "Nimbus")]
            row += [_ratio(nimbus, results[(op, c, "nginx")]),
                    _ratio(nimbus, results[(op, c, "dynalite")])]
            rows.append(row)
    return _table(header, rows)


def cpu_table(results: dict, operations, concurrencies) -> list[str]:
    header = ["operation", "conc"]
    for server in SERVERS:
        header += [f"wrk vs {server}", server]
    rows = []
    for op in operations:
        for c in concurrencies:
            row = [op, str(c)]
            for server in SERVERS:
                r = results[(op, c, server)]
                row += [f"{r.wrk_cores:.2f}", f"{r.server_cores:.2f}"]
            rows.append(row)
    return _table(header, rows)


def problems(results: dict) -> list[str]:
    lines = []
    for (op, c, server), r in results.items():
        if r.failed:
            lines.append(f"- ! {op} c{c} on {server}: {r.non2xx} non-2xx responses, "
                         f"{r.socket_errors} socket errors, {r.timeouts} timeouts "
                         f"(of {r.requests} responses)")
        if r.wrapped and server != "nginx":
            lines.append(f"- * {op} c{c} on {server}: ran out of distinct pre-signed requests "
                         "and replayed some")
    return lines


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return "?"
    text = (done.stdout + done.stderr).strip().splitlines()
    return text[0] if text else "?"


def machine() -> list[str]:
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} cores ({cpu}), Linux {platform.release()}",
        f"- load generator: {_version(['wrk', '-v'])}",
        f"- floor: {_version(['nginx', '-v'])}; dynalite: node {_version(['node', '--version'])}",
    ]

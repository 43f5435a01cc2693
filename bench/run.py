#!/usr/bin/python3
"""`make bench`: Nimbus's DynamoDB endpoint beside dynalite and the HTTP floor (nginx answering
`{}`), loaded by the same wrk, in the same run; then the Lambda section (bench/lambda_bench.py:
cold starts and warm Invoke overhead, written to bench/results/lambda.md).

PutItem, GetItem, Query (100 items) and an UpdateItem counter, at 1 and 32 connections, for
BENCH_SECONDS (default 10) each. Prints the table and writes it to bench/results/dynamodb.md.
Checks on the way: the counter equals the UpdateItem 2xx responses (no lost update), and after
the PutItem runs Nimbus is killed (SIGKILL) and restarted on its data: every acknowledged PutItem
must still be there (it was in the write-ahead log when acknowledged).
Needs wrk, nginx and node with bench/node_modules (bench/setup.sh installs them).
"""

import argparse
import json
import os
import pathlib
import shutil
import signal
import sys
import tempfile

import api
import dynamo
import lambda_bench
import load
import report
import servers

OPERATIONS = ("PutItem", "GetItem", "Query", "UpdateItem")  # as the table lists them
RUN_ORDER = ("GetItem", "PutItem", "Query", "UpdateItem")  # GetItem's rate sizes PutItem's keys
CONCURRENCIES = (1, 32)
PUT_HEADROOM = 1.5  # PutItem keys signed per run: this times what GetItem reached, per second

BENCH = pathlib.Path(__file__).resolve().parent
REPO = BENCH.parent


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # unwinds through the finally that stops the servers


class Bench:
    def __init__(self, nimbus: pathlib.Path, seconds: int, work: pathlib.Path):
        self.nimbus_bin, self.seconds, self.work = nimbus, seconds, work
        self.running: list[servers.Server] = []
        self.results: dict[tuple[str, int, str], load.Result] = {}
        self.checks: list[str] = []
        self.failed_checks = 0
        self.nimbus_starts = 0
        self.lambda_report: list[str] = []

    def start_nimbus(self) -> servers.Server:
        self.nimbus_starts += 1
        log = self.work / f"nimbus-{self.nimbus_starts}.log"
        server = servers.start_nimbus(self.nimbus_bin, REPO, self.work / "nimbus-data", log)
        self.running.append(server)
        return server

    def stop_all(self) -> None:
        for server in reversed(self.running):
            server.stop()
        self.running.clear()

    def client(self, server: servers.Server) -> dynamo.Client:
        return dynamo.Client(server.url, load.ACCESS_KEY, load.SECRET_KEY)

    def check(self, ok: bool, text: str) -> None:
        self.checks.append(f"- {'ok' if ok else 'FAILED'}: {text}")
        self.failed_checks += not ok
        print(self.checks[-1], flush=True)

    def run(self) -> None:
        nginx = servers.start_nginx(self.work)
        self.running.append(nginx)
        dynalite = servers.start_dynalite(self.work, BENCH)
        self.running.append(dynalite)
        nimbus = self.start_nimbus()
        print(f"bench: Nimbus {nimbus.url}, dynalite {dynalite.url}, nginx {nginx.url}",
              flush=True)
        self.check_signatures_are_verified(nimbus)
        for server in (nimbus, dynalite):
            client = self.client(server)
            client.create_table()
            client.seed()

        for operation in RUN_ORDER:
            if operation == "PutItem":
                items_before = self.client(nimbus).count_items()
            for connections in CONCURRENCIES:
                scenario = load.Scenario(operation, connections, self.seconds)
                for server in (nimbus, dynalite, nginx):
                    result = load.run(scenario, server, self.work,
                                      put_count=self.put_count(connections, server))
                    self.results[(operation, connections, server.name)] = result
                    print(f"bench: {operation:10} c{connections:<2} {server.name:8} "
                          f"{result.rps:9,.0f} req/s  p50 {result.p50_us / 1000:.2f} ms  "
                          f"p99 {result.p99_us / 1000:.2f} ms"
                          + ("  ERRORS" if result.failed else ""), flush=True)
            if operation == "PutItem":
                nimbus = self.check_puts_survive_a_crash(nimbus, items_before)
            if operation == "UpdateItem":
                for server in (nimbus, dynalite):
                    self.check_counter(server)
        # The Lambda section (bench/lambda_bench.py): a stack of its own, the same nginx floor.
        nimbus.stop()
        self.running.remove(nimbus)
        artifacts = self.nimbus_bin.parents[2]  # build/<preset>/src/cli/nimbus
        self.lambda_report, failures = lambda_bench.run(self.nimbus_bin, self.work, nginx,
                                                        self.seconds, artifacts)
        for failure in failures:
            self.check(False, f"Lambda: {failure}")

    def check_signatures_are_verified(self, nimbus: servers.Server) -> None:
        """The load's key must be one the edge checks, or Nimbus would skip the SigV4 work."""
        forged = dynamo.Client(nimbus.url, load.ACCESS_KEY, load.SECRET_KEY + "-wrong")
        try:
            forged.call("ListTables", {})
            refused = ""
        except RuntimeError as error:
            refused = str(error)
        self.check("InvalidSignatureException" in refused,
                   f"Nimbus verifies the signatures of key `{load.ACCESS_KEY}` (a wrong secret "
                   "gets InvalidSignatureException)")

    def put_count(self, connections: int, server: servers.Server) -> int:
        get = self.results.get(("GetItem", connections, server.name))
        if not get:
            return 0
        wanted = int(PUT_HEADROOM * self.seconds * get.rps)
        return min(load.MAX_PUTS, max(load.MIN_PUTS, wanted))

    def check_puts_survive_a_crash(self, nimbus: servers.Server, items_before: int):
        runs = [self.results[("PutItem", c, "Nimbus")] for c in CONCURRENCIES]
        acknowledged = sum(r.writes for r in runs)
        nimbus.stop(signal.SIGKILL)
        self.running.remove(nimbus)
        nimbus = self.start_nimbus()
        found = self.client(nimbus).count_items() - items_before
        if any(r.wrapped for r in runs):
            self.check(found <= acknowledged, f"PutItem keys were reused, so only checked that "
                       f"Nimbus holds no more items than written ({found} <= {acknowledged})")
        elif any(r.failed for r in runs):
            self.check(found >= acknowledged, "after kill -9 and restart Nimbus holds "
                       f"{found} new items, at least the {acknowledged} acknowledged PutItems")
        else:
            self.check(found == acknowledged, "after kill -9 and restart Nimbus holds "
                       f"{found} new items, one per acknowledged PutItem ({acknowledged})")
        return nimbus

    def check_counter(self, server: servers.Server) -> None:
        counted = sum(self.results[("UpdateItem", c, server.name)].writes for c in CONCURRENCIES)
        value = self.client(server).counter()
        self.check(value == counted, f"{server.name} counter is {value}; wrk counted {counted} "
                   "2xx UpdateItem responses")

    def markdown(self) -> str:
        dynalite = json.loads((BENCH / "node_modules/dynalite/package.json").read_text())
        lines = [
            "# DynamoDB endpoint benchmark", "",
            f"`make bench`, {self.seconds} s per run, wrk with pre-signed SigV4 requests "
            "(access key `test`, verified by the edge).", "",
            *report.throughput_table(self.results, OPERATIONS, CONCURRENCIES), "",
            "CPU used during each run, in cores (CPU seconds over the sending time; the machine "
            f"has {os.cpu_count()}):", "",
            *report.cpu_table(self.results, OPERATIONS, CONCURRENCIES), "",
            "Checks:", "", *self.checks, "",
        ]
        problems = report.problems(self.results)
        if problems:
            lines += ["Marked runs:", "", *problems, ""]
        lines += ["Machine:", "", *report.machine(),
                  f"- dynalite {dynalite['version']} on LevelDB in a temporary directory "
                  "(--path)", ""]
        return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nimbus", type=pathlib.Path,
                        default=REPO / "build/default/src/cli/nimbus")
    parser.add_argument("--out", type=pathlib.Path, default=BENCH / "results/dynamodb.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--api-only", action="store_true",
                        help="only the API benchmark (GET /people/{id} beside an nginx proxy)")
    parser.add_argument("--api-out", type=pathlib.Path, default=BENCH / "results/api.md")
    args = parser.parse_args()
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    if seconds < 2:
        print("bench: BENCH_SECONDS must be at least 2 (write runs end on 1 s of drain)",
              file=sys.stderr)
        return 2

    tools = ("wrk",) if args.api_only else ("wrk", "node")
    missing = [tool for tool in tools if not shutil.which(tool)]
    if not servers.NGINX:
        missing.append("nginx")
    if not args.api_only and not (BENCH / "node_modules/dynalite/cli.js").exists():
        missing.append("bench/node_modules/dynalite")
    if not args.nimbus.exists():
        missing.append(str(args.nimbus))
    if missing:
        print(f"bench: missing {', '.join(missing)} (run bench/setup.sh, make build)",
              file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, _interrupted)
    work = pathlib.Path(tempfile.mkdtemp(prefix="nimbus-bench-"))
    bench = Bench(args.nimbus.resolve(), seconds, work)
    keep = args.keep
    try:
        if not args.api_only:
            bench.run()
        api_results = api.run(args.nimbus.resolve(), REPO, work, seconds, load.WRK_THREADS)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    except Exception:
        keep = True  # the servers' logs are there
        raise
    finally:
        bench.stop_all()
        if keep:
            print(f"bench: kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    api_text = "\n".join(["# API benchmark", "", *api.markdown(api_results, seconds,
                                                              load.WRK_THREADS), "",
                           "Machine:", "", *report.machine(), ""])
    args.api_out.parent.mkdir(parents=True, exist_ok=True)
    args.api_out.write_text(api_text)
    print(api_text)
    if args.api_only:
        return 0
    text = bench.markdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print()
    print(text)
    print(f"bench: written to {args.out.relative_to(REPO)}")
    lambda_out = args.out.with_name("lambda.md")
    lambda_out.write_text("\n".join(bench.lambda_report + ["Machine:", "", *report.machine(), ""]))
    print("\n".join(bench.lambda_report))
    print(f"bench: written to {lambda_out.relative_to(REPO)}")
    return 1 if bench.failed_checks else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""The Lambda section of `make bench`: cold starts and warm invocation overhead through the
Invoke API, for the People function (apps/people) and the echo function (bench/echo).

Both get the same event: the API Gateway proxy event of the shared fixtures (apigw-request.json,
about 3 KB) with a path no route matches, so the People function answers its router's 404
without calling DynamoDB and what is timed is the host, not the handler.

- Cold start: the stack holds COLD_STARTS copies of each function (`echo-cold-N`), each invoked
  for the first time, then five times more. "Invocation → ready" is the first round trip minus
  the median of the warm ones (what the cold start added: process spawn, runtime init, the
  first `next`); "Init Duration" is what the REPORT line of that first invocation says (spawn →
  first `next`, as Lambda counts it).
- Warm overhead: `wrk -t1 -c1` replays one pre-signed Invoke request for BENCH_SECONDS against
  Nimbus, and the same bytes against nginx answering `{}` (the HTTP floor). Overhead = Nimbus's
  latency minus nginx's, at p50 and p99; measured from outside the host. The REPORT lines'
  Duration (host hands the event over → response in) is given beside it, measured inside.

Standalone: bench/lambda_bench.py [--nimbus build/default/src/cli/nimbus]; `make bench` runs it
after the DynamoDB section, on the same nginx.
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import report
import servers

BENCH = pathlib.Path(__file__).resolve().parent
REPO = BENCH.parent
FIXTURE = REPO.parent / "shared" / "fixtures" / "aws-events" / "apigw-request.json"
LUA = BENCH / "replay.lua"
ACCESS_KEY = SECRET_KEY = "test"
COLD_STARTS = int(os.environ.get("BENCH_COLD_STARTS", "10"))
WARM_AFTER_COLD = 5
FUNCTIONS = {"echo": "bench/echo", "people": "apps/people"}  # name: code under the build output
TARGET_COLD_MS = 5.0
TARGET_WARM_P50_US = 100


def event() -> bytes:
    """The proxy event every invocation carries, on a path no People route matches."""
    try:
        doc = json.loads(FIXTURE.read_text())
    except OSError:
        doc = {"resource": "/{proxy+}", "httpMethod": "GET", "headers": {}, "body": None}
    doc.update({"path": "/bench/no-such-route", "resource": "/bench/no-such-route",
                "httpMethod": "GET", "body": None, "isBase64Encoded": False})
    return json.dumps(doc).encode()


def write_stack(directory: pathlib.Path, artifacts: pathlib.Path) -> None:
    lines = ["name: lambda-bench", "region: us-east-1", 'account_id: "000000000000"', "",
             "functions:"]
    for name, code in FUNCTIONS.items():
        for function in [name] + [f"{name}-cold-{n}" for n in range(1, COLD_STARTS + 1)]:
            lines += [f"  {function}:", f"    code: {artifacts / code}", "    memory_size: 128",
                      "    timeout: 10", "    environment:", "      PEOPLE_TABLE: people"]
    lines += ["", "tables:", "  people:", "    attributes:", "      personId: S", "    key:",
              "      hash: personId", "", "credentials:",
              f"  - access_key_id: {ACCESS_KEY}", f"    secret_access_key: {SECRET_KEY}", ""]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "stack.yaml").write_text("\n".join(lines))


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def signed_invoke(host: str, function: str, body: bytes) -> bytes:
    """A raw SigV4-signed Invoke request (POST /2015-03-31/functions/NAME/invocations)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    path = f"/2015-03-31/functions/{function}/invocations"
    scope = f"{day}/us-east-1/lambda/aws4_request"
    signed = "content-type;host;x-amz-date"
    canonical = (f"POST\n{path}\n\ncontent-type:application/json\nhost:{host}\n"
                 f"x-amz-date:{amz_date}\n\n{signed}\n{hashlib.sha256(body).hexdigest()}")
    to_sign = (f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n"
               f"{hashlib.sha256(canonical.encode()).hexdigest()}")
    key = _hmac(("AWS4" + SECRET_KEY).encode(), day)
    for part in ("us-east-1", "lambda", "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"X-Amz-Date: {amz_date}\r\nAuthorization: AWS4-HMAC-SHA256 Credential="
            f"{ACCESS_KEY}/{scope}, SignedHeaders={signed}, Signature={signature}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


class Client:
    """One keep-alive connection to the edge; times each invocation from send to last byte."""

    def __init__(self, server: servers.Server):
        self.host = server.host
        address, port = self.host.split(":")
        self.connection = http.client.HTTPConnection(address, int(port))
        self.connection.connect()

    def invoke(self, function: str, body: bytes) -> tuple[int, bytes, float]:
        raw = signed_invoke(self.host, function, body)
        start = time.perf_counter()
        self.connection.sock.sendall(raw)
        response = http.client.HTTPResponse(self.connection.sock)
        response.begin()
        payload = response.read()
        return response.status, payload, (time.perf_counter() - start) * 1000

    def close(self) -> None:
        self.connection.close()


def init_duration_ms(logs: pathlib.Path, function: str) -> float | None:
    for path in (logs / function).glob("*.log"):
        match = re.search(r"^REPORT .*\tInit Duration: ([0-9.]+) ms", path.read_text(), re.M)
        if match:
            return float(match.group(1))
    return None


def report_durations_ms(logs: pathlib.Path, function: str) -> list[float]:
    found = []
    for path in (logs / function).glob("*.log"):
        found += [float(d) for d in re.findall(r"^REPORT [^\t]*\tDuration: ([0-9.]+) ms",
                                               path.read_text(), re.M)]
    return found


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def cold_starts(client: Client, logs: pathlib.Path, name: str, body: bytes) -> dict:
    to_ready, init = [], []
    for n in range(1, COLD_STARTS + 1):
        function = f"{name}-cold-{n}"
        status, payload, cold_ms = client.invoke(function, body)
        if status != 200:
            raise RuntimeError(f"invoke {function}: HTTP {status}: {payload[:300]!r}")
        warm = [client.invoke(function, body)[2] for _ in range(WARM_AFTER_COLD)]
        to_ready.append(cold_ms - statistics.median(warm))
        reported = init_duration_ms(logs, function)
        if reported is not None:
            init.append(reported)
    return {"to_ready": to_ready, "init": init}


def wrk_latency(server: servers.Server, function: str, body: bytes, seconds: int,
                work: pathlib.Path) -> dict:
    prefix = work / f"lambda-{function}-{server.name}.req"
    raw = signed_invoke(server.host, function, body)
    with prefix.with_name(prefix.name + ".0").open("wb") as out:
        out.write(b"%d\n" % len(raw))
        out.write(raw)
    command = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", "-s", str(LUA), server.url,
               "--", str(prefix), "1"]
    done = subprocess.run(command, capture_output=True, text=True)
    for path in work.glob(prefix.name + ".*"):
        path.unlink()
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH_RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed: {' '.join(command)}\n{done.stdout}{done.stderr}")
    result = json.loads(lines[-1].removeprefix("BENCH_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def start_nimbus(nimbus: pathlib.Path, work: pathlib.Path, artifacts: pathlib.Path):
    stack = work / "lambda-stack"
    write_stack(stack, artifacts)
    return servers.start_nimbus(nimbus, REPO, work / "lambda-data", work / "nimbus-lambda.log",
                                stack=str(stack), artifacts=str(artifacts))


def run(nimbus_bin: pathlib.Path, work: pathlib.Path, nginx: servers.Server, seconds: int,
        artifacts: pathlib.Path) -> tuple[list[str], list[str]]:
    """Runs the section; returns (the Markdown report, the checks that failed)."""
    nimbus = start_nimbus(nimbus_bin, work, artifacts)
    logs = work / "lambda-data" / "logs"
    body = event()
    failures, cold, warm = [], {}, {}
    try:
        client = Client(nimbus)
        for name in FUNCTIONS:
            status, payload, _ = client.invoke(name, body)
            if status != 200 or (name == "echo" and payload != body):
                failures.append(f"invoke {name}: HTTP {status}: {payload[:200]!r}")
            if name == "people" and json.loads(payload).get("statusCode") != 404:
                failures.append(f"people answered {payload[:200]!r}, not its router's 404")
        for name in FUNCTIONS:
            cold[name] = cold_starts(client, logs, name, body)
            print(f"bench: lambda {name:6} cold start: invocation → ready p50 "
                  f"{statistics.median(cold[name]['to_ready']):.2f} ms, Init Duration p50 "
                  f"{statistics.median(cold[name]['init']):.2f} ms", flush=True)
        client.close()
        floor = wrk_latency(nginx, "echo", body, seconds, work)
        for name in FUNCTIONS:
            before = len(report_durations_ms(logs, name))
            result = wrk_latency(nimbus, name, body, seconds, work)
            result["report_ms"] = report_durations_ms(logs, name)[before:]
            warm[name] = result
            if result["non2xx"] or result["socket_errors"]:
                failures.append(f"warm {name}: {result['non2xx']} non-2xx, "
                                f"{result['socket_errors']} socket errors")
            print(f"bench: lambda {name:6} warm: p50 {result['p50_us']} µs p99 "
                  f"{result['p99_us']} µs (nginx floor p50 {floor['p50_us']} µs p99 "
                  f"{floor['p99_us']} µs)", flush=True)
    finally:
        nimbus.stop()
    return markdown(cold, warm, floor, seconds), failures


def markdown(cold: dict, warm: dict, floor: dict, seconds: int) -> list[str]:
    lines = ["# Lambda benchmark", "",
             f"Cold starts: {COLD_STARTS} per function, each a function's first invocation. "
             f"Warm: `wrk -t1 -c1`, {seconds} s per function, one pre-signed Invoke request "
             "replayed; the floor is nginx answering `{}` to the same bytes.", "",
             "| function | invocation → ready p50 ms | p90 ms | Init Duration p50 ms | p90 ms "
             "| target |", "|---|---:|---:|---:|---:|---:|"]
    for name, c in cold.items():
        lines.append(f"| {name} | {statistics.median(c['to_ready']):.2f} | "
                     f"{percentile(c['to_ready'], 90):.2f} | {statistics.median(c['init']):.2f} "
                     f"| {percentile(c['init'], 90):.2f} | < {TARGET_COLD_MS:g} |")
    lines += ["", "| function | Invoke p50 µs | p99 µs | req/s | overhead p50 µs | p99 µs "
              "| REPORT Duration p50 µs | p99 µs | target p50 |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, w in warm.items():
        durations = w["report_ms"] or [0.0]
        lines.append(f"| {name} | {w['p50_us']} | {w['p99_us']} | {w['rps']:,.0f} | "
                     f"{w['p50_us'] - floor['p50_us']} | {w['p99_us'] - floor['p99_us']} | "
                     f"{percentile(durations, 50) * 1000:.0f} | "
                     f"{percentile(durations, 99) * 1000:.0f} | < {TARGET_WARM_P50_US} |")
    lines.append(f"| (nginx floor) | {floor['p50_us']} | {floor['p99_us']} | "
                 f"{floor['rps']:,.0f} | | | | | |")
    return lines + [""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nimbus", type=pathlib.Path,
                        default=REPO / "build/default/src/cli/nimbus")
    parser.add_argument("--artifacts", type=pathlib.Path, default=REPO / "build/default")
    parser.add_argument("--out", type=pathlib.Path, default=BENCH / "results/lambda.md")
    args = parser.parse_args()
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    missing = [str(p) for p in (args.nimbus, args.artifacts / "bench/echo/bootstrap",
                                args.artifacts / "apps/people/bootstrap") if not p.exists()]
    if not shutil.which("wrk") or not servers.NGINX:
        missing.append("wrk/nginx (bench/setup.sh)")
    if missing:
        print(f"bench: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    work = pathlib.Path(tempfile.mkdtemp(prefix="nimbus-lambda-bench-"))
    nginx = servers.start_nginx(work)
    try:
        lines, failures = run(args.nimbus.resolve(), work, nginx, seconds,
                              args.artifacts.resolve())
    finally:
        nginx.stop()
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(lines + ["Machine:", "", *report.machine(), ""])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    for failure in failures:
        print(f"bench: FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""One benchmark run: pre-sign a scenario's requests, replay them with wrk, read its result line.

wrk uses one thread per 16 connections at most two (the machine's cores); the Lua script
(replay.lua) cycles through the raw requests written here, one file per wrk thread.
"""

import dataclasses
import os
import json
import pathlib
import random
import subprocess
import time

import dynamo
import servers
from servers import Server
from sigv4 import Signer

ACCESS_KEY = SECRET_KEY = "test"  # in stack/stack.yaml's credentials: the edge verifies it
DRAIN_MS = 1000  # write runs send nothing in their last second, see replay.lua
GET_REQUESTS = 20_000  # random GetItem keys, cycled
FLOOR_REQUESTS = 20_000  # nginx needs no distinct keys: a PutItem set this big is cycled
MIN_PUTS = 10_000
MAX_PUTS = 1_000_000  # ~700 MB of signed requests; a run that needs more replays keys (marked *)
CPU_SAMPLE_S = 0.2
LUA = pathlib.Path(__file__).with_name("replay.lua")
# wrk threads for the concurrent runs. Two share the 2-core machine with the server; one leaves
# a core to the server (and still drives nginx far past any server under test).
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))


@dataclasses.dataclass
class Scenario:
    operation: str  # PutItem, GetItem, Query, UpdateItem
    connections: int
    seconds: int

    @property
    def threads(self) -> int:
        return 1 if self.connections == 1 else WRK_THREADS

    @property
    def writes(self) -> bool:
        return self.operation in ("PutItem", "UpdateItem")


@dataclasses.dataclass
class Result:
    rps: float
    p50_us: int
    p99_us: int
    max_us: int
    requests: int
    non2xx: int
    socket_errors: int
    timeouts: int
    writes: int  # 2xx responses to PutItem and UpdateItem (exact: see replay.lua)
    wrapped: bool  # ran out of distinct requests and replayed some
    wrk_cores: float  # CPU time of wrk / wall time
    server_cores: float

    @property
    def failed(self) -> bool:
        return bool(self.non2xx or self.socket_errors or self.timeouts)


def _bodies(scenario: Scenario, server: Server, put_count: int) -> list[tuple[str, bytes]]:
    op = scenario.operation
    if op == "GetItem":
        rng = random.Random(scenario.connections)
        return [(op, dynamo.get_body(rng)) for _ in range(GET_REQUESTS)]
    if op == "PutItem":
        count = FLOOR_REQUESTS if server.name == "nginx" else put_count
        return [(op, dynamo.put_body(f"c{scenario.connections}", n)) for n in range(count)]
    if op == "Query":
        return [(op, dynamo.query_body())] * scenario.threads
    if op == "UpdateItem":
        return [(op, dynamo.update_body())] * scenario.threads
    raise ValueError(op)


def _write_signed(prefix: pathlib.Path, bodies: list[tuple[str, bytes]], server: Server,
                  threads: int) -> None:
    """Signs now (a fresh X-Amz-Date per scenario) and deals the requests out to the threads."""
    signer = Signer(server.host, ACCESS_KEY, SECRET_KEY)
    files = [prefix.with_name(f"{prefix.name}.{t}").open("wb") for t in range(threads)]
    try:
        for n, (operation, body) in enumerate(bodies):
            raw = signer.raw_request(operation, body)
            out = files[n % threads]
            out.write(b"%d\n" % len(raw))
            out.write(raw)
    finally:
        for f in files:
            f.close()


def _cpu_during_run(wrk: subprocess.Popen, server_pids: list[int], seconds: float,
                    idle_tail: float):
    """Cores used by wrk and by the server while wrk sends: the last `seconds` before wrk exits
    but `idle_tail` (the drain). The load phase (reading the signed requests) is left out."""
    samples = []  # (time, wrk CPU s, server CPU s)
    while True:
        wrk_cpu, exited = servers.cpu_seconds([wrk.pid])
        samples.append((time.monotonic(), wrk_cpu, servers.cpu_seconds(server_pids)[0]))
        if exited:  # not reaped yet: /proc still holds its totals
            break
        time.sleep(CPU_SAMPLE_S)
    exit_time = samples[-1][0]
    window = [s for s in samples if exit_time - seconds <= s[0] <= exit_time - idle_tail]
    if len(window) < 2:
        window = [samples[0], samples[-1]]
    start, end = window[0], window[-1]
    wall = max(end[0] - start[0], CPU_SAMPLE_S)
    return (end[1] - start[1]) / wall, (end[2] - start[2]) / wall


def run(scenario: Scenario, server: Server, work: pathlib.Path, put_count: int = 0) -> Result:
    name = f"{scenario.operation}-c{scenario.connections}-{server.name}"
    prefix = work / f"{name}.req"
    _write_signed(prefix, _bodies(scenario, server, put_count), server, scenario.threads)
    extra = [str(prefix), str(scenario.threads)]
    if scenario.writes:
        extra += [str(scenario.seconds), str(DRAIN_MS)]

    command = ["wrk", f"-t{scenario.threads}", f"-c{scenario.connections}",
               f"-d{scenario.seconds}s", "--latency", "-s", str(LUA), server.url, "--", *extra]
    output = work / f"{name}.wrk.txt"
    drain_s = DRAIN_MS / 1000 if scenario.writes else 0
    with output.open("w") as out:  # a file, not a pipe: wrk never blocks on its output
        wrk = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wrk_cores, server_cores = _cpu_during_run(wrk, server.pids(), scenario.seconds, drain_s)
    finally:
        if wrk.poll() is None:  # interrupted
            wrk.kill()
        wrk.wait()
        for path in work.glob(f"{name}.*.[0-9]*"):
            path.unlink()  # the signed requests can be hundreds of MB

    stdout = output.read_text()
    lines = [line for line in stdout.splitlines() if line.startswith("BENCH_RESULT ")]
    if wrk.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({wrk.returncode}): {' '.join(command)}\n{stdout}")
    raw = json.loads(lines[-1].removeprefix("BENCH_RESULT "))
    sending_s = raw["duration_us"] / 1e6 - drain_s  # the drain window is idle, see replay.lua
    return Result(rps=raw["requests"] / sending_s, p50_us=raw["p50_us"],
                  p99_us=raw["p99_us"], max_us=raw["max_us"], requests=raw["requests"],
                  non2xx=raw["non2xx"], socket_errors=raw["socket_errors"],
                  timeouts=raw["timeouts"], writes=raw["ok"] if scenario.writes else 0,
                  wrapped=scenario.operation == "PutItem" and server.name != "nginx"
                  and bool(raw["wrapped"]),
                  wrk_cores=wrk_cores, server_cores=server_cores)

"""One benchmark run: pre-sign a scenario's requests, replay them with wrk, read its result line.

wrk uses one thread per 16 connections at most two (the machine's cores); the Lua script
(replay.lua) cycles through the raw requests written here, one file per wrk thread.
"""

import dataclasses
import json
import pathlib
import random
import resource
import subprocess
import time

import dynamo
from servers import Server
from sigv4 import Signer

ACCESS_KEY = SECRET_KEY = "test"  # in stack/stack.yaml's credentials: the edge verifies it
DRAIN_MS = 500  # write runs end on this many ms of reads, see replay.lua
GET_REQUESTS = 20_000  # random GetItem keys, cycled
FLOOR_REQUESTS = 20_000  # nginx needs no distinct keys: a PutItem set this big is cycled
MIN_PUTS = 10_000
LUA = pathlib.Path(__file__).with_name("replay.lua")


@dataclasses.dataclass
class Scenario:
    operation: str  # PutItem, GetItem, Query, UpdateItem
    connections: int
    seconds: int

    @property
    def threads(self) -> int:
        return 1 if self.connections == 1 else 2

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
    writes: int  # 2xx responses to the scenario's own requests (drain reads excluded)
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


def _drain_bodies(scenario: Scenario) -> list[tuple[str, bytes]]:
    if scenario.operation == "UpdateItem":
        return [("GetItem", dynamo.counter_get_body())] * scenario.threads
    rng = random.Random(0)
    return [("GetItem", dynamo.get_body(rng)) for _ in range(scenario.threads)]


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


def run(scenario: Scenario, server: Server, work: pathlib.Path, put_count: int = 0) -> Result:
    name = f"{scenario.operation}-c{scenario.connections}-{server.name}"
    prefix = work / f"{name}.req"
    _write_signed(prefix, _bodies(scenario, server, put_count), server, scenario.threads)
    extra = [str(prefix)]
    if scenario.writes:
        drain = work / f"{name}.drain"
        _write_signed(drain, _drain_bodies(scenario), server, scenario.threads)
        extra += [str(drain), str(scenario.seconds), str(DRAIN_MS)]

    command = ["wrk", f"-t{scenario.threads}", f"-c{scenario.connections}",
               f"-d{scenario.seconds}s", "--latency", "-s", str(LUA), server.url, "--", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server.cpu_seconds()
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - started
    server_cpu = server.cpu_seconds() - server_before
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    lines = [l for l in done.stdout.splitlines() if l.startswith("BENCH_RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {' '.join(command)}\n"
                           f"{done.stdout}\n{done.stderr}")
    (work / f"{name}.wrk.txt").write_text(done.stdout + done.stderr)
    for path in work.glob(f"{name}.*.[0-9]*"):
        path.unlink()  # the signed requests can be hundreds of MB
    raw = json.loads(lines[-1].removeprefix("BENCH_RESULT "))
    duration_s = raw["duration_us"] / 1e6
    rps = raw["requests"] / duration_s
    if scenario.writes and server.name != "nginx":
        # Writes per second of the write phase. nginx answers the drain reads with the same `{}`,
        # so its responses cannot be told apart; to nginx, reads and writes cost the same.
        rps = raw["writes"] / (duration_s - DRAIN_MS / 1000)
    return Result(rps=rps, p50_us=raw["p50_us"],
                  p99_us=raw["p99_us"], max_us=raw["max_us"], requests=raw["requests"],
                  non2xx=raw["non2xx"], socket_errors=raw["socket_errors"],
                  timeouts=raw["timeouts"], writes=raw["writes"], wrapped=scenario.operation == "PutItem" and bool(raw["wrapped"]),
                  wrk_cores=wrk_cpu / wall, server_cores=server_cpu / wall)

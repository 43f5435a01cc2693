"""The API benchmark: GET /people/{id} through the whole stack (gateway → lambda → the People
function → dynamodb) beside nginx proxying to a static upstream on the same machine (the floor:
one proxy hop, no work behind it), with the same wrk at the same concurrency, in the same run.
"""

import json
import pathlib
import re
import subprocess
import time
import urllib.request

import servers

CONNECTIONS = 64
TARGET_RPS = 10_000
TARGET_P99_MS = 10.0
PERSON = {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000"}

NGINX_PROXY_CONF = """\
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_requests 10000000;
    upstream people {{
        server 127.0.0.1:{upstream_port};
        keepalive {connections};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://people;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
    server {{
        listen 127.0.0.1:{upstream_port};
        location /people/ {{
            default_type application/json;
            return 200 '{body}';
        }}
    }}
}}
"""


def start_nginx_proxy(work: pathlib.Path, person: dict) -> servers.Server:
    directory = work / "nginx-proxy"
    directory.mkdir()
    port, upstream_port = servers.free_port(), servers.free_port()
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_PROXY_CONF.format(dir=directory, port=port, upstream_port=upstream_port,
                                            connections=CONNECTIONS, body=json.dumps(person)))
    log = work / "nginx-proxy.log"
    process = servers._spawn([servers.NGINX or "nginx", "-p", str(directory), "-c", str(conf),
                              "-e", "stderr", "-g", "daemon off;"], log)
    servers._wait_for_port(port, process, log)
    return servers.Server("nginx proxy", f"http://127.0.0.1:{port}", process)


def start_nimbus_api(nimbus: pathlib.Path, repo: pathlib.Path, work: pathlib.Path):
    """`nimbus up` with the repository's stack; returns the server (its URL is the API's)."""
    log = work / "nimbus-api.log"
    process = servers._spawn([str(nimbus), "up", "--stack", "stack", "--data",
                              str(work / "nimbus-api-data"), "--api-port", "0", "--aws-port", "0"],
                             log, cwd=repo)
    deadline = time.monotonic() + servers.READY_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log.read_text()
        if "nimbus: ready" in text:
            match = re.search(r"^nimbus: API\s+(http://\S+)", text, re.MULTILINE)
            if not match:
                raise RuntimeError(f"nimbus printed no API endpoint:\n{text}")
            return servers.Server("Nimbus API", match.group(1), process)
        if process.poll() is not None:
            raise RuntimeError(f"nimbus exited with {process.returncode}:\n{text}")
        time.sleep(0.05)
    raise RuntimeError(f"nimbus was not ready:\n{log.read_text()}")


def create_person(nimbus: pathlib.Path, stack: pathlib.Path, api_url: str) -> dict:
    # Writes pass the People API's TOKEN authorizer; `nimbus token` prints one on its last line.
    token = subprocess.run([str(nimbus), "token", "--stack", str(stack)], check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    request = urllib.request.Request(api_url + "/people", data=json.dumps(PERSON).encode(),
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Bearer " + token},
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


_UNITS = {"us": 1, "ms": 1000, "s": 1_000_000}


def _micros(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, seconds: int, threads: int, work: pathlib.Path, name: str) -> dict:
    """One wrk run; its figures parsed from the standard --latency report."""
    command = ["wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    out = work / f"api-{name}.wrk.txt"
    with out.open("w") as f:
        subprocess.run(command, stdout=f, stderr=subprocess.STDOUT, check=True)
    text = out.read_text()
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", text, re.MULTILINE))
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.MULTILINE)
    if not rps or "50" not in percentiles or "99" not in percentiles:
        raise RuntimeError(f"wrk printed no result: {' '.join(command)}\n{text}")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       text)
    return {"rps": float(rps.group(1)), "p50_us": _micros(percentiles["50"]),
            "p99_us": _micros(percentiles["99"]),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": sum(map(int, errors.groups())) if errors else 0}


def run(nimbus: pathlib.Path, repo: pathlib.Path, work: pathlib.Path, seconds: int,
        threads: int) -> dict:
    """Both servers, one after the other on the same machine; returns name → figures."""
    results = {}
    api = start_nimbus_api(nimbus, repo, work)
    try:
        person = create_person(nimbus, repo / "stack", api.url)
        path = "/people/" + person["personId"]
        urllib.request.urlopen(api.url + path, timeout=30).read()  # a warm instance
        results["Nimbus (whole stack)"] = wrk(api.url + path, seconds, threads, work, "nimbus")
        proxy = start_nginx_proxy(work, person)
        try:
            results["nginx → static upstream"] = wrk(proxy.url + path, seconds, threads, work,
                                                     "nginx")
        finally:
            proxy.stop()
    finally:
        api.stop()
    return results


def markdown(results: dict, seconds: int, threads: int) -> list[str]:
    lines = [f"GET /people/{{id}}, {CONNECTIONS} connections, wrk -t{threads}, {seconds} s each:",
             "", "| server | req/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.2f} | "
                     f"{r['p99_us'] / 1000:.2f} | {r['non2xx'] + r['socket_errors']} |")
    nimbus = results.get("Nimbus (whole stack)")
    if nimbus:
        met = nimbus["rps"] >= TARGET_RPS and nimbus["p99_us"] / 1000 < TARGET_P99_MS
        lines += ["", f"Target ≥ {TARGET_RPS:,} req/s with p99 < {TARGET_P99_MS:.0f} ms: "
                  + ("met" if met else "not met")]
    return lines

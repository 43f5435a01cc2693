"""The three servers under load: Nimbus, dynalite and nginx, each a child process on loopback.

Every server runs in its own session so that Ctrl-C on the terminal reaches only the driver,
which then stops them in order (Servers.stop_all, also run on errors and at exit).
"""

import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import time

READY_TIMEOUT_S = 60
# nginx lives in /usr/sbin, which is not on every user's PATH.
NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: pathlib.Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{log.stem} exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{log.stem} did not listen on {port}:\n{log.read_text()}")


class Server:
    """One running server: its name, the URL the load goes to, its process."""

    def __init__(self, name: str, url: str, process: subprocess.Popen):
        self.name = name
        self.url = url
        self.process = process

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://").rstrip("/")

    def pids(self) -> list[int]:
        """The process and its descendants (nginx's workers), as they are now."""
        return _tree(self.process.pid)

    def stop(self, sig: int = signal.SIGTERM, grace_s: float = 15) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, sig)  # its own session: the group is the server alone
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat from field 3 (state) on; the command name may hold spaces."""
    stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2:].split()


def _tree(root: int) -> list[int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat_fields(int(entry.name))[1])
            except OSError:
                pass
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return tree


def cpu_seconds(pids: list[int]) -> tuple[float, bool]:
    """User + system CPU of `pids` so far, and whether the first one has exited (a zombie not
    yet reaped still shows its final totals)."""
    ticks, total, exited = os.sysconf("SC_CLK_TCK"), 0, False
    for n, pid in enumerate(pids):
        try:
            fields = _stat_fields(pid)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        exited = exited or (n == 0 and fields[0] in "ZX")
    return total / ticks, exited


def _spawn(command: list[str], log: pathlib.Path, cwd: pathlib.Path | None = None):
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                stdin=subprocess.DEVNULL, start_new_session=True)


NGINX_CONF = """\
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 75s;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            default_type application/x-amz-json-1.0;
            return 200 '{{}}';
        }}
    }}
}}
"""


def start_nginx(work: pathlib.Path) -> Server:
    """nginx answering `{}` to every request: what this machine's HTTP stack costs alone."""
    directory = work / "nginx"
    directory.mkdir()
    port = free_port()
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=directory, port=port))
    log = work / "nginx.log"
    process = _spawn([NGINX or "nginx", "-p", str(directory), "-c", str(conf), "-e", "stderr",
                      "-g", "daemon off;"], log)
    _wait_for_port(port, process, log)
    return Server("nginx", f"http://127.0.0.1:{port}", process)


def start_dynalite(work: pathlib.Path, bench_dir: pathlib.Path) -> Server:
    """dynalite on an on-disk LevelDB (--path), as Nimbus keeps its tables in RocksDB on disk."""
    port = free_port()
    log = work / "dynalite.log"
    cli = bench_dir / "node_modules" / "dynalite" / "cli.js"
    process = _spawn(["node", str(cli), "--host", "127.0.0.1", "--port", str(port),
                      "--path", str(work / "dynalite-data"), "--createTableMs", "0"], log)
    _wait_for_port(port, process, log)
    return Server("dynalite", f"http://127.0.0.1:{port}", process)


def start_nimbus(nimbus: pathlib.Path, repo: pathlib.Path, data: pathlib.Path,
                 log: pathlib.Path, stack: str = "stack", artifacts: str | None = None) -> Server:
    """`nimbus up` with the repository's stack (or `stack`); the AWS endpoint is read from its
    output."""
    extra = ["--artifacts", artifacts] if artifacts else []
    process = _spawn([str(nimbus), "up", "--stack", stack, "--data", str(data),
                      "--api-port", "0", "--aws-port", "0", *extra], log, cwd=repo)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log.read_text()
        if "nimbus: ready" in text:
            match = re.search(r"^nimbus: AWS\s+(http://\S+)", text, re.MULTILINE)
            if not match:
                raise RuntimeError(f"nimbus printed no AWS endpoint:\n{text}")
            return Server("Nimbus", match.group(1), process)
        if process.poll() is not None:
            raise RuntimeError(f"nimbus exited with {process.returncode}:\n{text}")
        time.sleep(0.05)
    raise RuntimeError(f"nimbus was not ready in {READY_TIMEOUT_S} s:\n{log.read_text()}")

"""The function instance lifecycle through a real `nimbus up`: frozen idle instances, idle
reaping, provisioned concurrency, the memory limit, per-instance credentials, logs read with
`nimbus logs`, and hot reload with `--watch`.

The functions are tests/e2e/stacks/lifecycle/probe (a Python custom runtime), copied into a
temporary folder that the hot-reload test rewrites.
"""
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import ARTIFACTS, NIMBUS, REPO, TEST_STACKS, Stack

PROBE = os.path.join(TEST_STACKS, "lifecycle", "probe")
IDLE_TIMEOUT_S = 1
WAIT_S = 30


def write_stack(folder, code):
    with open(os.path.join(folder, "stack.yaml"), "w") as f:
        f.write(f"""name: lifecycle
api:
  name: people-api
  openapi: {os.path.join(REPO, "stack", "openapi.yaml")}
functions:
  people:
    code: apps/people
  probe:
    code: {code}
    memory_size: 128
    timeout: 30
  warm:
    code: {code}
    provisioned_concurrency: 2
""")


@pytest.fixture(scope="module")
def lifecycle():
    root = tempfile.mkdtemp(prefix="nimbus-lifecycle-")
    code = os.path.join(root, "probe")
    shutil.copytree(PROBE, code)
    write_stack(root, code)
    stack = Stack(os.path.join(root, "data"), ["--idle-timeout", str(IDLE_TIMEOUT_S), "--watch"],
                  stack_dir=root).start()
    stack.code = code
    yield stack
    stack.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def lam(lifecycle):
    return boto3.client("lambda", endpoint_url=lifecycle.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def invoke(lam, name, event):
    out = lam.invoke(FunctionName=name, Payload=json.dumps(event))
    return out, json.loads(out["Payload"].read())


def state(pid):
    """The state letter of /proc/<pid>/stat ('T': stopped), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def wait_until(predicate, what):
    deadline = time.monotonic() + WAIT_S
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def wait_for_exit(pid):
    """Blocks until `pid` exits (a pidfd turns readable), without polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        ready, _, _ = select.select([fd], [], [], WAIT_S)
        assert ready, f"pid {pid} still running"
    finally:
        os.close(fd)


def log_lines(data_dir, name, *extra):
    out = subprocess.run([NIMBUS, "logs", name, "--data", data_dir, *extra],
                         capture_output=True, text=True, timeout=WAIT_S)
    return out


def test_provisioned_instances_are_initialised_before_ready(lifecycle, lam):
    # Both had started (their runtime printed) before `ready`, with no invocation yet.
    streams = os.listdir(os.path.join(lifecycle.data_dir, "logs", "warm"))
    assert len(streams) == 2
    out, body = invoke(lam, "warm", {})
    assert "FunctionError" not in out
    assert body["env"]["AWS_LAMBDA_INITIALIZATION_TYPE"] == "provisioned-concurrency"
    _, on_demand = invoke(lam, "probe", {})
    assert on_demand["env"]["AWS_LAMBDA_INITIALIZATION_TYPE"] == "on-demand"


def test_idle_instance_is_frozen_and_thawed(lifecycle, lam):
    _, first = invoke(lam, "probe", {})
    wait_until(lambda: state(first["pid"]) in ("T", None), "the idle instance was not frozen")
    _, second = invoke(lam, "probe", {})
    if state(first["pid"]) is not None:  # not reaped in between: the same instance answered
        assert second["pid"] == first["pid"]


def test_idle_instance_is_reaped_and_provisioned_ones_stay(lifecycle, lam):
    _, warm = invoke(lam, "warm", {})
    _, cold = invoke(lam, "probe", {})
    wait_for_exit(cold["pid"])  # after --idle-timeout
    _, again = invoke(lam, "probe", {})
    assert again["pid"] != cold["pid"]
    assert state(warm["pid"]) is not None  # provisioned: never reaped
    # The new instance's first invocation is a cold start again.
    out = log_lines(lifecycle.data_dir, "probe")
    reports = [line for line in out.stdout.splitlines() if "REPORT RequestId" in line]
    assert "Init Duration" in reports[-1]


def test_over_the_memory_size_is_runtime_out_of_memory(lifecycle, lam):
    out, body = invoke(lam, "probe", {"action": "hog", "mb": 200})
    assert out["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.OutOfMemory"
    assert re.fullmatch(r"RequestId: [0-9a-f-]{36} Error: Runtime exited with error: "
                        r"signal: killed", body["errorMessage"])
    logs = log_lines(lifecycle.data_dir, "probe").stdout
    assert "Runtime.OutOfMemory" in logs
    used = [int(m) for m in re.findall(r"Max Memory Used: (\d+) MB", logs)]
    assert max(used) > 128  # measured from the process, not a constant
    out, _ = invoke(lam, "probe", {})  # a fresh instance serves the next one
    assert "FunctionError" not in out


def test_each_instance_has_its_own_session_credentials(lifecycle, lam):
    _, a = invoke(lam, "warm", {})
    env = a["env"]
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", env["AWS_ACCESS_KEY_ID"])
    assert len(env["AWS_SECRET_ACCESS_KEY"]) == 40
    assert env["AWS_SESSION_TOKEN"]
    _, probe = invoke(lam, "probe", {})
    assert probe["env"]["AWS_ACCESS_KEY_ID"] != env["AWS_ACCESS_KEY_ID"]
    # The edge knows the instance's keys: signed with them (and the token) a call succeeds...
    ddb = boto3.client("dynamodb", endpoint_url=lifecycle.aws_url, region_name="us-east-1",
                       aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                       aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                       aws_session_token=env["AWS_SESSION_TOKEN"])
    ddb.list_tables()
    # ...and without the right token it is refused, as an STS key is.
    forged = boto3.client("dynamodb", endpoint_url=lifecycle.aws_url, region_name="us-east-1",
                          aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                          aws_session_token="forged")
    with pytest.raises(ClientError) as e:
        forged.list_tables()
    assert e.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_nimbus_logs_prints_the_group_in_aws_logs_tail_shape(lifecycle, lam):
    invoke(lam, "probe", {})
    logs = log_lines(lifecycle.data_dir, "probe", "--since", "1h")
    assert logs.returncode == 0, logs.stderr
    line = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 "
                      r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32} (.*)")
    messages = []
    for text in logs.stdout.splitlines():
        m = line.fullmatch(text)
        assert m, text
        messages.append(m.group(1))
    assert any(m.startswith("START RequestId: ") and m.endswith(" Version: $LATEST")
               for m in messages)
    assert any(m.startswith("END RequestId: ") for m in messages)
    assert any(re.match(r"REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\t"
                        r"Memory Size: 128 MB\tMax Memory Used: \d+ MB\t", m) for m in messages)
    assert "probe handling whoami" in messages
    future = log_lines(lifecycle.data_dir, "probe", "--since", "2100-01-01T00:00:00")
    assert future.returncode == 0 and future.stdout == ""


def test_nimbus_logs_of_an_unknown_function_fails(lifecycle):
    out = log_lines(lifecycle.data_dir, "nobody")
    assert out.returncode == 1
    assert "The specified log group does not exist" in out.stderr


def test_nimbus_logs_follow_prints_new_lines_and_stops_on_sigint(lifecycle, lam):
    follower = subprocess.Popen([NIMBUS, "logs", "probe", "--data", lifecycle.data_dir,
                                 "--follow", "--since", "1s"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        invoke(lam, "probe", {"action": "sleep", "seconds": 0})
        deadline = time.monotonic() + WAIT_S
        seen = ""
        # Unbuffered reads: select() must see exactly what the follower has printed.
        while "REPORT RequestId" not in seen:
            ready, _, _ = select.select([follower.stdout], [], [], deadline - time.monotonic())
            assert ready, "no REPORT line followed: " + seen
            chunk = os.read(follower.stdout.fileno(), 65536).decode()
            assert chunk, "the follower exited: " + seen
            seen += chunk
        assert "probe handling sleep" in seen
        follower.send_signal(signal.SIGINT)
        assert follower.wait(timeout=WAIT_S) == 0
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()


def test_watch_replaces_instances_when_the_bootstrap_changes(lifecycle, lam):
    _, before = invoke(lam, "probe", {})
    assert before["version"] == "v1"
    with open(os.path.join(lifecycle.code, "bootstrap")) as f:
        source = f.read().replace('VERSION = "v1"', 'VERSION = "v2"')
    # A rebuild: the new executable is written beside the old one and renamed over it.
    staged = os.path.join(lifecycle.code, "bootstrap.new")
    with open(staged, "w") as f:
        f.write(source)
    os.chmod(staged, 0o755)
    os.replace(staged, os.path.join(lifecycle.code, "bootstrap"))
    wait_until(lambda: any("reloaded probe" in line for line in lifecycle.output),
               "nimbus did not reload probe")
    _, after = invoke(lam, "probe", {})
    assert after["version"] == "v2"
    assert after["pid"] != before["pid"]
    wait_for_exit(before["pid"])


def test_logs_are_readable_after_the_stack_stopped(tmp_path):
    code = tmp_path / "probe"
    shutil.copytree(PROBE, code)
    write_stack(str(tmp_path), str(code))
    data = str(tmp_path / "data")
    stack = Stack(data, stack_dir=str(tmp_path)).start()
    try:
        lam = boto3.client("lambda", endpoint_url=stack.aws_url, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        invoke(lam, "probe", {})
    finally:
        stack.stop()
    out = log_lines(data, "probe")
    assert out.returncode == 0
    assert "REPORT RequestId" in out.stdout
    assert "probe v1 started" in out.stdout

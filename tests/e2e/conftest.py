"""Starts a real `nimbus up` for the end-to-end tests and tears it down after them.

The stack binds port 0 for both the API and the AWS edge; the ports are read from the lines
it prints, and the tests wait for its `ready` line, never for a fixed time.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NIMBUS = os.environ.get("NIMBUS_BIN", os.path.join(REPO, "build", "default", "src", "cli", "nimbus"))
ARTIFACTS = os.environ.get("NIMBUS_ARTIFACTS", os.path.join(REPO, "build", "default"))
STACK = os.path.join(REPO, "stack")
# Stacks of their own for tests that need other functions or settings: stacks/<name>/stack.yaml.
TEST_STACKS = os.path.join(os.path.dirname(__file__), "stacks")
START_TIMEOUT_S = 60


class Stack:
    """One running `nimbus up` process."""

    def __init__(self, data_dir, extra_args=(), stack_dir=STACK, artifacts=ARTIFACTS):
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.stack_dir = stack_dir
        self.artifacts = artifacts
        self.proc = None
        self.api_url = None
        self.aws_url = None
        self.output = []

    def start(self):
        args = [NIMBUS, "up", "--stack", self.stack_dir, "--data", self.data_dir,
                "--artifacts", self.artifacts, "--api-port", "0", "--aws-port", "0"] + self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        # readline blocks until the stack prints; the watchdog ends a stack that never gets ready.
        watchdog = threading.Timer(START_TIMEOUT_S, self._kill)
        watchdog.start()
        try:
            for line in self.proc.stdout:
                self.output.append(line)
                m = re.search(r"API\s+(http://[\d.]+:\d+)", line)
                if m:
                    self.api_url = m.group(1)
                m = re.search(r"AWS\s+(http://[\d.]+:\d+)", line)
                if m:
                    self.aws_url = m.group(1)
                if "ready" in line:
                    break
            else:
                raise RuntimeError("nimbus exited before ready:\n" + "".join(self.output))
        finally:
            watchdog.cancel()
        # A stack without `api:` has no API port.
        assert self.aws_url, "".join(self.output)
        # Keep reading so a chatty stack never blocks on a full pipe.
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()
        return self

    def _read_rest(self):
        for line in self.proc.stdout:
            self.output.append(line)

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def stop(self):
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._drain.join(timeout=5)
        self.returncode = self.proc.returncode
        self.proc = None


@pytest.fixture(scope="module")
def data_dir():
    path = tempfile.mkdtemp(prefix="nimbus-e2e-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def stack(data_dir):
    s = Stack(data_dir).start()
    yield s
    s.stop()


@pytest.fixture
def aws_env(stack):
    """Environment for the AWS CLI (Debian's, by full path) pointed at the edge."""
    env = dict(os.environ)
    env.update({
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_PAGER": "",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    return env


AWS_CLI = "/usr/bin/aws"


def mint_token(*args, stack_dir=STACK):
    """A development JWT from `nimbus token` (its last line of stdout) for the stack's authorizer."""
    out = subprocess.run([NIMBUS, "token", "--stack", stack_dir] + list(args), check=True,
                         capture_output=True, text=True, timeout=30).stdout
    return out.strip().splitlines()[-1]


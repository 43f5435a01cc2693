"""Shared by the SNS and EventBridge e2e tests: an HTTP listener the deliveries reach, and a
stack (written at test time) with the recorder function, a declared topic, rule and outbox."""
import collections
import http.server
import json
import os
import queue
import shutil
import tempfile
import threading

import boto3
import pytest

from conftest import TEST_STACKS, Stack

RECORDER_DIR = os.path.join(TEST_STACKS, "events", "recorder")
DELIVERY_TIMEOUT_S = 20


class Listener:
    """An HTTP server on port 0. Each POST is queued by path; answers come from a per-path
    script of status codes (then 200)."""

    def __init__(self):
        self.queues = collections.defaultdict(queue.Queue)
        self.statuses = collections.defaultdict(list)
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                script = listener.statuses[self.path]
                status = script.pop(0) if script else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                listener.queues[self.path].put((dict(self.headers), body.decode()))

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.server.server_port, path)

    def next(self, path, timeout=DELIVERY_TIMEOUT_S):
        """The next request to `path`: (headers, body). Blocks until it comes."""
        try:
            return self.queues[path].get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("nothing was delivered to %s" % path)

    def nothing_more(self, path):
        return self.queues[path].empty()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def write_stack(folder, listener):
    with open(os.path.join(folder, "stack.yaml"), "w") as f:
        f.write("""name: events-e2e
functions:
  recorder:
    code: %s
    timeout: 10
    environment:
      RECORDER_URL: %s
  outbox-recorder:
    code: %s
    timeout: 10
    environment:
      RECORDER_URL: %s
tables:
  outbox:
    attributes: {outboxId: S}
    key: {hash: outboxId}
topics:
  declared-topic:
    subscriptions:
      - {protocol: lambda, endpoint: recorder}
  outbox-topic:
    subscriptions:
      - {protocol: lambda, endpoint: outbox-recorder}
rules:
  declared-rule:
    event_pattern:
      source: [declared.source]
      detail: {amount: [{numeric: [">", 10]}]}
    targets: [recorder]
outbox: {table: outbox, topic: outbox-topic}
""" % (RECORDER_DIR, listener.url("/lambda"), RECORDER_DIR, listener.url("/outbox")))


@pytest.fixture(scope="module")
def listener():
    l = Listener()
    yield l
    l.close()


@pytest.fixture(scope="module")
def events_stack(listener):
    folder = tempfile.mkdtemp(prefix="nimbus-events-stack-")
    data = tempfile.mkdtemp(prefix="nimbus-events-data-")
    write_stack(folder, listener)
    s = Stack(data, stack_dir=folder).start()
    yield s
    s.stop()
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)


def client(stack, service):
    return boto3.client(service, endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def cli_env(stack):
    env = dict(os.environ)
    env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": "",
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                "AWS_EC2_METADATA_DISABLED": "true"})
    return env


def next_json(listener, path):
    headers, body = listener.next(path)
    return headers, json.loads(body)

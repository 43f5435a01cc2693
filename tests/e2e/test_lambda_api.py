"""The Lambda API on the edge port through real clients (boto3 and the AWS CLI): Invoke with each
invocation type, log tails, qualifiers, payload limits, throttling with reserved and account
concurrency, the concurrency settings and the control-plane reads.

The stack is tests/e2e/stacks/lambda (its runtime does what each event's "action" says). The
function signals and waits on FIFOs the test holds open, so no test sleeps.
"""
import base64
import concurrent.futures
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import AWS_CLI, NIMBUS, Stack

LAMBDA_STACK = os.path.join(os.path.dirname(__file__), "stacks", "lambda")
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
WAIT_S = 30


@pytest.fixture(scope="module")
def lambda_stack(data_dir):
    # Async retries after 60 ms and 120 ms instead of one and two minutes.
    s = Stack(data_dir, ["--async-delay-scale", "0.001"], stack_dir=LAMBDA_STACK,
              artifacts=LAMBDA_STACK).start()
    yield s
    s.stop()


def client(url):
    # No client-side retries: the test must see the first 429 itself.
    return boto3.client("lambda", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"mode": "standard", "max_attempts": 1}))


@pytest.fixture
def cli_env():
    """Environment for the AWS CLI pointed at nothing but the test credentials."""
    env = dict(os.environ)
    env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": "", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true"})
    return env


@pytest.fixture
def lam(lambda_stack):
    return client(lambda_stack.aws_url)


@pytest.fixture
def fifos():
    made = []
    folder = tempfile.mkdtemp(prefix="nimbus-fifo-")

    def make(name):
        f = Fifo(os.path.join(folder, name))
        made.append(f)
        return f

    yield make
    for f in made:
        f.close()
    shutil.rmtree(folder, ignore_errors=True)


class Fifo:
    """A FIFO between the test and a function. The test holds it open read-write, so neither
    side blocks on open; reads wait for data with a deadline."""

    def __init__(self, path):
        self.path = path
        os.mkfifo(path)
        self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        self.pending = b""

    def readline(self):
        deadline = time.monotonic() + WAIT_S
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            assert left > 0, "the function never wrote to " + self.path
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.pending += os.read(self.fd, 4096)
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def write(self, line):
        os.write(self.fd, (line + "\n").encode())

    def close(self):
        os.close(self.fd)


def error_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response


def invoke_json(lam, name, event, **kwargs):
    out = lam.invoke(FunctionName=name, Payload=json.dumps(event), **kwargs)
    out["Body"] = out["Payload"].read()
    return out


# --- Invoke ---------------------------------------------------------------------------------

def test_request_response_returns_the_functions_answer_and_its_request_id(lam):
    out = invoke_json(lam, "echo", {"action": "echo", "n": 1})
    assert out["StatusCode"] == 200
    assert out["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in out and "LogResult" not in out
    body = json.loads(out["Body"])
    assert body["event"] == {"action": "echo", "n": 1}
    # The request id the caller sees is the one the function saw.
    assert out["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == body["requestId"]


@pytest.mark.parametrize("name", ["echo", "echo:$LATEST", ARN + "echo", ARN + "echo:$LATEST",
                                  "000000000000:function:echo"])
def test_every_name_format_reaches_the_function(lam, name):
    assert json.loads(invoke_json(lam, name, {"action": "echo"})["Body"])["function"] == "echo"


def test_tail_returns_the_last_4_kb_of_the_invocations_log(lam):
    out = invoke_json(lam, "echo", {"action": "log", "lines": ["first line", "second line"]},
                      LogType="Tail")
    rid = json.loads(out["Body"])["requestId"]
    log = base64.b64decode(out["LogResult"]).decode()
    assert log.startswith("START RequestId: %s Version: $LATEST\n" % rid)
    assert "handling log\nfirst line\nsecond line\n" in log
    assert "END RequestId: %s\n" % rid in log
    assert re.search(r"REPORT RequestId: %s\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\t"
                     r"Memory Size: 256 MB\tMax Memory Used: \d+ MB\t" % rid, log)

    long = invoke_json(lam, "echo", {"action": "log", "lines": ["x" * 1000] * 8}, LogType="Tail")
    tail = base64.b64decode(long["LogResult"]).decode()
    assert len(tail) == 4096
    assert tail.rstrip("\n").split("\n")[-1].startswith("REPORT RequestId: ")


def test_a_function_error_is_200_with_x_amz_function_error(lam):
    out = invoke_json(lam, "echo", {"action": "fail"})
    assert out["StatusCode"] == 200
    assert out["FunctionError"] == "Unhandled"
    assert json.loads(out["Body"]) == {"errorMessage": "boom", "errorType": "TestError"}


def test_dry_run_is_204_and_runs_nothing(lam, fifos):
    fifo = fifos("dry-run")
    out = lam.invoke(FunctionName="echo", InvocationType="DryRun",
                     Payload=json.dumps({"action": "note", "fifo": fifo.path}))
    assert out["StatusCode"] == 204
    assert out["Payload"].read() == b""
    # Had it run, this invocation's note would come before the next one's.
    later = invoke_json(lam, "echo", {"action": "note", "fifo": fifo.path})
    assert fifo.readline() == json.loads(later["Body"])["requestId"]


def test_event_is_202_and_runs_in_the_background(lam, fifos):
    fifo = fifos("event")
    out = lam.invoke(FunctionName="echo", InvocationType="Event",
                     Payload=json.dumps({"action": "note", "fifo": fifo.path}))
    assert out["StatusCode"] == 202
    assert out["Payload"].read() == b""
    assert fifo.readline() == out["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]


def test_a_failing_event_runs_three_times_with_the_same_request_id(lam, fifos):
    fifo = fifos("retries")
    out = lam.invoke(FunctionName="echo", InvocationType="Event",
                     Payload=json.dumps({"action": "fail-and-note", "fifo": fifo.path}))
    rid = out["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    assert [fifo.readline() for _ in range(3)] == [rid, rid, rid]


def test_unknown_function_is_404_with_lambdas_message(lam):
    r = error_of(lambda: lam.invoke(FunctionName="nobody", Payload=b"{}"))
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert r["Error"]["Code"] == "ResourceNotFoundException"
    assert r["Error"]["Message"] == "Function not found: " + ARN + "nobody"
    assert r["Type"] == "User"
    assert r["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "ResourceNotFoundException"


def test_qualifier_latest_is_accepted_any_other_is_not_found(lam):
    out = invoke_json(lam, "echo", {"action": "echo"}, Qualifier="$LATEST")
    assert out["StatusCode"] == 200
    r = error_of(lambda: lam.invoke(FunctionName="echo", Qualifier="v2", Payload=b"{}"))
    assert r["Error"]["Code"] == "ResourceNotFoundException"
    assert r["Error"]["Message"] == "Function not found: " + ARN + "echo:v2"
    r = error_of(lambda: lam.invoke(FunctionName="echo:live", Qualifier="$LATEST", Payload=b"{}"))
    assert r["Error"]["Code"] == "InvalidParameterValueException"
    assert r["Error"]["Message"] == ("The derived qualifier from the function name does not "
                                     "match the specified qualifier.")


def test_names_outside_the_pattern_are_validation_errors(lam):
    r = error_of(lambda: lam.invoke(FunctionName="bad name!", Payload=b"{}"))
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert r["Error"]["Code"] == "ValidationException"
    assert r["Error"]["Message"].startswith(
        "1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: ")


def test_unknown_invocation_type_is_a_validation_error(lam):
    r = error_of(lambda: lam.invoke(FunctionName="echo", InvocationType="Later", Payload=b"{}"))
    assert r["Error"]["Code"] == "ValidationException"
    assert r["Error"]["Message"] == (
        "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]")


def test_a_payload_that_is_not_json_is_refused(lam):
    r = error_of(lambda: lam.invoke(FunctionName="echo", Payload=b"not json"))
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert r["Error"]["Code"] == "InvalidRequestContentException"
    assert r["Error"]["Message"].startswith("Could not parse request body into json")


def test_payload_limits_are_6_mb_sync_and_1_mb_async(lam):
    at_limit = b'"' + b"x" * (1048576 - 2) + b'"'
    assert lam.invoke(FunctionName="echo", InvocationType="DryRun",
                      Payload=at_limit)["StatusCode"] == 204
    r = error_of(lambda: lam.invoke(FunctionName="echo", InvocationType="Event",
                                    Payload=at_limit + b" "))
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert r["Error"]["Code"] == "RequestEntityTooLargeException"
    assert r["Error"]["Message"] == ("1048577 byte payload is too large for the Event invocation "
                                     "type (limit 1048576 bytes)")
    r = error_of(lambda: lam.invoke(FunctionName="echo", Payload=b" " * (6291456 + 1)))
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert r["Error"]["Code"] == "RequestEntityTooLargeException"
    assert r["Error"]["Message"] == ("Request must be smaller than 6291456 bytes for the "
                                     "InvokeFunction operation")


def test_aws_cli_invoke_writes_the_payload_and_prints_the_status(lambda_stack, cli_env, tmp_path):
    out_file = tmp_path / "out.json"
    result = subprocess.run(
        [AWS_CLI, "lambda", "invoke", "--endpoint-url", lambda_stack.aws_url,
         "--function-name", "echo", "--cli-binary-format", "raw-in-base64-out",
         "--payload", '{"action":"echo","via":"cli"}', "--log-type", "Tail", str(out_file)],
        env=cli_env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["StatusCode"] == 200
    assert printed["ExecutedVersion"] == "$LATEST"
    assert base64.b64decode(printed["LogResult"]).decode().startswith("START RequestId: ")
    assert json.loads(out_file.read_text())["event"] == {"action": "echo", "via": "cli"}


# --- Throttling -----------------------------------------------------------------------------

def hold(lam, name, fifos, pool):
    """Starts an invocation of `name` that runs until released; returns (release, future)."""
    started, release = fifos(name + "-started"), fifos(name + "-release")
    future = pool.submit(invoke_json, lam, name,
                         {"action": "hold", "started": started.path, "release": release.path})
    started.readline()
    return release, future


def test_reserved_concurrency_throttles_with_429_and_its_reason(lam, fifos):
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        release, held = hold(lam, "reserved", fifos, pool)
        r = error_of(lambda: lam.invoke(FunctionName="reserved", Payload=b"{}"))
        assert r["ResponseMetadata"]["HTTPStatusCode"] == 429
        assert r["Error"]["Code"] == "TooManyRequestsException"
        assert r["Error"]["Message"] == "Rate Exceeded."
        assert r["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
        assert r["Type"] == "User"
        # Other functions are not affected by the reservation.
        assert invoke_json(lam, "echo", {"action": "echo"})["StatusCode"] == 200
        release.write("go")
        assert held.result(WAIT_S)["StatusCode"] == 200
    # Its concurrency is back once it ended.
    assert invoke_json(lam, "reserved", {"action": "echo"})["StatusCode"] == 200


def test_a_throttled_event_is_retried_not_dropped(lam, fifos):
    fifo = fifos("throttled-event")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        release, held = hold(lam, "reserved", fifos, pool)
        out = lam.invoke(FunctionName="reserved", InvocationType="Event",
                         Payload=json.dumps({"action": "note", "fifo": fifo.path}))
        assert out["StatusCode"] == 202
        release.write("go")
        held.result(WAIT_S)
        assert fifo.readline() == out["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]


def test_account_limit_throttles_with_concurrent_invocation_limit_exceeded(tmp_path, fifos):
    s = Stack(str(tmp_path), ["--account-concurrency", "1"],
              stack_dir=os.path.join(LAMBDA_STACK, "account"), artifacts=LAMBDA_STACK).start()
    try:
        lam = client(s.aws_url)
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            release, held = hold(lam, "echo", fifos, pool)
            r = error_of(lambda: lam.invoke(FunctionName="other", Payload=b"{}"))
            assert r["ResponseMetadata"]["HTTPStatusCode"] == 429
            assert r["Reason"] == "ConcurrentInvocationLimitExceeded"
            assert r["Error"]["Message"] == "Rate Exceeded."
            release.write("go")
            assert held.result(WAIT_S)["StatusCode"] == 200
        settings = lam.get_account_settings()["AccountLimit"]
        assert settings["ConcurrentExecutions"] == 1
        assert settings["UnreservedConcurrentExecutions"] == 1
    finally:
        s.stop()


def test_reservations_beyond_the_account_are_refused_at_start(tmp_path):
    result = subprocess.run(
        [NIMBUS, "up", "--stack", LAMBDA_STACK, "--artifacts", LAMBDA_STACK,
         "--data", str(tmp_path), "--api-port", "0", "--aws-port", "0",
         "--account-concurrency", "100"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert ("Specified ReservedConcurrentExecutions for function decreases account's "
            "UnreservedConcurrentExecution below its minimum value of [100].") in result.stderr


# --- Concurrency settings -------------------------------------------------------------------

def test_function_concurrency_can_be_read_set_and_removed(lam):
    assert lam.get_function_concurrency(FunctionName="reserved")[
        "ReservedConcurrentExecutions"] == 1
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName="other")
    put = lam.put_function_concurrency(FunctionName="other", ReservedConcurrentExecutions=5)
    assert put["ReservedConcurrentExecutions"] == 5
    assert lam.get_function(FunctionName="other")["Concurrency"] == {
        "ReservedConcurrentExecutions": 5}
    assert lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == 994

    out = lam.delete_function_concurrency(FunctionName="other")
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName="other")
    assert "Concurrency" not in lam.get_function(FunctionName="other")


def test_zero_reserved_concurrency_turns_a_function_off(lam):
    lam.put_function_concurrency(FunctionName="other", ReservedConcurrentExecutions=0)
    try:
        r = error_of(lambda: lam.invoke(FunctionName="other", Payload=b"{}"))
        assert r["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    finally:
        lam.delete_function_concurrency(FunctionName="other")


def test_a_reservation_must_leave_100_unreserved(lam):
    r = error_of(lambda: lam.put_function_concurrency(FunctionName="other",
                                                       ReservedConcurrentExecutions=900))
    assert r["Error"]["Code"] == "InvalidParameterValueException"
    assert r["Error"]["Message"] == (
        "Specified ReservedConcurrentExecutions for function decreases account's "
        "UnreservedConcurrentExecution below its minimum value of [100].")
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName="other")
    r = error_of(lambda: lam.put_function_concurrency(FunctionName="nobody",
                                                       ReservedConcurrentExecutions=1))
    assert r["Error"]["Code"] == "ResourceNotFoundException"


def test_aws_cli_reads_and_sets_concurrency(lambda_stack, cli_env):
    def cli(*args):
        result = subprocess.run([AWS_CLI, "lambda", *args, "--endpoint-url", lambda_stack.aws_url],
                                env=cli_env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else None

    assert cli("put-function-concurrency", "--function-name", "other",
               "--reserved-concurrent-executions", "3") == {"ReservedConcurrentExecutions": 3}
    assert cli("get-function-concurrency", "--function-name", "other") == {
        "ReservedConcurrentExecutions": 3}
    assert cli("delete-function-concurrency", "--function-name", "other") is None


# --- Control-plane reads --------------------------------------------------------------------

def bootstrap_facts():
    with open(os.path.join(LAMBDA_STACK, "runtime", "bootstrap"), "rb") as f:
        code = f.read()
    return len(code), base64.b64encode(hashlib.sha256(code).digest()).decode()


def test_get_function_configuration_has_lambdas_fields(lam):
    size, sha = bootstrap_facts()
    c = lam.get_function_configuration(FunctionName="echo")
    assert c["FunctionName"] == "echo"
    assert c["FunctionArn"] == ARN + "echo"
    assert c["Runtime"] == "provided.al2023"
    assert c["Role"] == "arn:aws:iam::000000000000:role/echo-role"
    assert c["Handler"] == "bootstrap"
    assert c["CodeSize"] == size
    assert c["CodeSha256"] == sha
    assert c["Timeout"] == 30
    assert c["MemorySize"] == 256
    assert c["Version"] == "$LATEST"
    assert c["Environment"] == {"Variables": {"GREETING": "hello"}}
    assert c["State"] == "Active"
    assert c["LastUpdateStatus"] == "Successful"
    assert c["PackageType"] == "Zip"
    assert c["Architectures"] in (["x86_64"], ["arm64"])
    assert c["TracingConfig"] == {"Mode": "PassThrough"}
    assert c["EphemeralStorage"] == {"Size": 512}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", c["LastModified"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}",
                        c["RevisionId"])
    assert "Environment" not in lam.get_function_configuration(FunctionName="other")


def test_get_function_wraps_the_configuration(lam):
    out = lam.get_function(FunctionName=ARN + "reserved")
    alone = lam.get_function_configuration(FunctionName="reserved")
    alone.pop("ResponseMetadata")
    assert out["Configuration"] == alone
    assert out["Code"]["RepositoryType"] == "S3"
    assert out["Concurrency"] == {"ReservedConcurrentExecutions": 1}
    qualified = lam.get_function(FunctionName="echo", Qualifier="$LATEST")
    assert qualified["Configuration"]["FunctionArn"] == ARN + "echo:$LATEST"
    r = error_of(lambda: lam.get_function(FunctionName="nobody"))
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert r["Error"]["Message"] == "Function not found: " + ARN + "nobody"
    r = error_of(lambda: lam.get_function_configuration(FunctionName="echo", Qualifier="1"))
    assert r["Error"]["Message"] == "Function not found: " + ARN + "echo:1"


def test_list_functions_pages_with_marker_and_max_items(lam):
    everything = lam.list_functions()
    assert [f["FunctionName"] for f in everything["Functions"]] == ["echo", "other", "reserved"]
    assert "NextMarker" not in everything
    listed = everything["Functions"][0]
    assert listed["FunctionArn"] == ARN + "echo" and listed["MemorySize"] == 256
    assert "State" not in listed  # ListFunctions returns the subset without state fields

    names, marker = [], None
    while True:
        page = lam.list_functions(MaxItems=1, **({"Marker": marker} if marker else {}))
        assert len(page["Functions"]) == 1
        names.append(page["Functions"][0]["FunctionName"])
        marker = page.get("NextMarker")
        if not marker:
            break
    assert names == ["echo", "other", "reserved"]

    paginated = lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2})
    assert [f["FunctionName"] for p in paginated for f in p["Functions"]] == [
        "echo", "other", "reserved"]


def test_aws_cli_get_function_and_list_functions(lambda_stack, cli_env):
    def cli(*args):
        result = subprocess.run([AWS_CLI, "lambda", *args, "--endpoint-url", lambda_stack.aws_url],
                                env=cli_env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert cli("get-function", "--function-name", "echo")["Configuration"]["Handler"] == "bootstrap"
    listed = cli("list-functions", "--max-items", "2")
    assert [f["FunctionName"] for f in listed["Functions"]] == ["echo", "other"]
    assert "NextToken" in listed  # the CLI's own paging token over NextMarker


def test_get_account_settings(lam):
    size, _ = bootstrap_facts()
    out = lam.get_account_settings()
    assert out["AccountLimit"]["ConcurrentExecutions"] == 1000
    assert out["AccountLimit"]["UnreservedConcurrentExecutions"] == 999
    assert out["AccountLimit"]["CodeSizeZipped"] == 52428800
    assert out["AccountUsage"] == {"FunctionCount": 3, "TotalCodeSize": 3 * size}

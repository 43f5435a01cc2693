"""Runtime clients written by others, unmodified, under nimbus's Runtime API.

The Node.js runtime interface client from npm (aws-lambda-ric, the one AWS's Node.js container
images run; installed by tests/e2e/setup.sh) runs the handlers in stacks/runtime/node-fn, and
boto3 invokes them through the Invoke API: what a Node developer would see on Lambda.
"""
import base64
import json
import os
import re
import shutil
import tempfile

import boto3
import pytest
import requests

from conftest import TEST_STACKS, Stack

HERE = os.path.join(TEST_STACKS, "runtime")
RIC = os.path.join(os.path.dirname(__file__), "node", "node_modules", "aws-lambda-ric",
                   "dist", "rapid-client.node")
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


@pytest.fixture(scope="module")
def stack(data_dir):
    assert os.path.exists(RIC), "aws-lambda-ric is not installed: run tests/e2e/setup.sh " \
                                "(make test does)"
    # stack.yaml names its code folders relative to itself; nimbus up takes them relative to
    # the build output, so hand it absolute ones.
    stack_dir = tempfile.mkdtemp(prefix="nimbus-runtime-stack-")
    with open(os.path.join(HERE, "stack.yaml")) as f:
        text = f.read()
    text = re.sub(r"^(\s+code:\s+)(\S+)", lambda m: m.group(1) + os.path.join(HERE, m.group(2)),
                  text, flags=re.M)
    with open(os.path.join(stack_dir, "stack.yaml"), "w") as f:
        f.write(text)
    shutil.copy(os.path.join(HERE, "openapi.yaml"), stack_dir)
    s = Stack(data_dir, stack_dir=stack_dir).start()
    yield s
    s.stop()
    shutil.rmtree(stack_dir, ignore_errors=True)


@pytest.fixture
def lam(stack):
    return boto3.client("lambda", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def invoke(lam, name, event, **kwargs):
    out = lam.invoke(FunctionName=name, Payload=json.dumps(event), **kwargs)
    return out, json.loads(out["Payload"].read())


def test_node_handler_result_is_the_response(lam):
    out, body = invoke(lam, "node", {"action": "echo", "n": [1, 2]})
    assert out["StatusCode"] == 200
    assert "FunctionError" not in out
    assert body == {"echo": {"action": "echo", "n": [1, 2]}}


def test_node_handler_exception_is_an_unhandled_function_error(lam):
    out, body = invoke(lam, "node", {"action": "throw", "value": 42})
    assert out["StatusCode"] == 200
    assert out["FunctionError"] == "Unhandled"
    assert body["errorType"] == "ValidationError"
    assert body["errorMessage"] == "bad input: 42"
    assert isinstance(body["trace"], list)
    assert body["trace"][0].startswith("ValidationError: bad input: 42")
    # The instance lives on after a handled error.
    _, again = invoke(lam, "node", {"action": "echo"})
    assert again == {"echo": {"action": "echo"}}


def test_node_context_has_every_field(lam):
    client_context = {"client": {"installation_id": "i-1", "app_title": "t"},
                      "custom": {"tenant": "acme"}, "env": {"platform": "linux"}}
    out, ctx = invoke(lam, "node", {"action": "context"},
                      ClientContext=base64.b64encode(json.dumps(client_context).encode()).decode())
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        ctx["awsRequestId"])
    assert ctx["invokedFunctionArn"] == ARN + "node"
    assert ctx["functionName"] == "node"
    assert ctx["functionVersion"] == "$LATEST"
    assert ctx["memoryLimitInMB"] == "256"
    assert ctx["logGroupName"] == "/aws/lambda/node"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", ctx["logStreamName"])
    # Timeout 10 s: the deadline is a little under that away.
    assert 5000 < ctx["remainingTimeInMillis"] <= 10000
    assert ctx["clientContext"] == client_context
    # No Cognito credentials signed this call, so there is no identity: as on Lambda.
    assert ctx["identity"] is None
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0",
                        ctx["traceEnv"])


def test_each_invocation_gets_its_own_trace(lam):
    _, a = invoke(lam, "node", {"action": "context"})
    _, b = invoke(lam, "node", {"action": "context"})
    assert a["traceEnv"] != b["traceEnv"]
    assert a["awsRequestId"] != b["awsRequestId"]


def test_a_client_context_that_is_not_base64_json_is_refused(lam):
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="node", Payload=b"{}", ClientContext="not base64 json")
    assert e.value.response["Error"]["Code"] == "InvalidRequestContentException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_api_gateway_reaches_the_node_function(stack):
    r = requests.get(stack.api_url + "/hello", params={"name": "nimbus"}, timeout=30)
    assert r.status_code == 200
    body = r.json()
    assert body["hello"] == "nimbus"
    assert body["path"] == "/hello"


def test_streamed_response_arrives_whole(lam):
    out = lam.invoke(FunctionName="node-stream",
                     Payload=json.dumps({"parts": ["hello ", "streaming ", "world"]}))
    assert "FunctionError" not in out
    assert out["Payload"].read() == b"hello streaming world"


def test_error_mid_stream_is_a_function_error(lam):
    out, body = invoke(lam, "node-stream", {"parts": ["partial"], "fail": True})
    assert out["FunctionError"] == "Unhandled"
    assert body["errorType"] == "RangeError"
    assert body["errorMessage"] == "failed mid-stream"

"""Stages as a REST API has them: the local API port answers both /people (as it always has)
and the execute-api form /{stage}/people; stage variables reach the event and fill integration
URIs; gateway response overrides, binary media types and access logs on a REST API."""
import os
import uuid

import pytest
import requests

from conftest import mint_token
from gateway_stacks import start_stack, stop_stack


def test_people_api_answers_with_and_without_the_stage(stack):
    created = requests.post(stack.api_url + "/dev/people",
                            json={"name": "Grace Hopper",
                                  "email": f"grace-{uuid.uuid4().hex[:12]}@example.com"},
                            headers={"Authorization": "Bearer " + mint_token()}, timeout=30)
    assert created.status_code == 201, created.text
    person_id = created.json()["personId"]
    for path in ("/people/", "/dev/people/"):
        r = requests.get(stack.api_url + path + person_id, timeout=30)
        assert r.status_code == 200, path
        assert r.json()["personId"] == person_id
    # Another stage's prefix is only a path that leads nowhere.
    other = requests.get(stack.api_url + "/prod/people/" + person_id, timeout=30)
    assert other.status_code == 403
    assert other.json() == {"message": "Missing Authentication Token"}


@pytest.fixture(scope="module")
def rest_stack():
    stack = start_stack("rest-stage")
    yield stack
    stop_stack(stack)


def test_stage_prefix_and_stage_variables(rest_stack):
    for path in ("/items/7", "/test/items/7"):
        r = requests.get(rest_stack.api_url + path + "?q=1")
        assert r.status_code == 200, r.text
        event = r.json()["event"]
        assert event["path"] == "/items/7"
        assert event["resource"] == "/items/{id}"
        assert event["requestContext"]["path"] == "/test/items/7"
        assert event["requestContext"]["stage"] == "test"
        assert event["stageVariables"] == {"function": "echo", "color": "green"}
        assert event["queryStringParameters"] == {"q": "1"}
        # The function (named by ${stageVariables.function}) runs under the gateway's trace.
        assert r.json()["trace"].startswith(r.headers["X-Amzn-Trace-Id"] + ";Parent=")


def test_gateway_response_overrides(rest_stack):
    r = requests.get(rest_stack.api_url + "/nothing/here")
    assert r.status_code == 404
    assert r.json() == {"error": "Missing Authentication Token",
                        "type": "MISSING_AUTHENTICATION_TOKEN", "stage": "test"}
    assert r.headers["X-Request-Id"] == r.headers["x-amzn-RequestId"]
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    boom = requests.get(rest_stack.api_url + "/boom")
    assert boom.status_code == 502
    assert boom.json() == {"failed": "Internal server error"}


def test_binary_media_types(rest_stack):
    png = requests.put(rest_stack.api_url + "/upload", data=b"\x89PNG\x00",
                       headers={"Content-Type": "image/png"})
    event = png.json()["event"]
    assert event["isBase64Encoded"] is True
    assert event["body"] == "iVBORwA="
    text = requests.put(rest_stack.api_url + "/upload", data=b"plain words",
                        headers={"Content-Type": "text/plain"})
    event = text.json()["event"]
    assert event["isBase64Encoded"] is False
    assert event["body"] == "plain words"


def test_access_log(rest_stack):
    ok = requests.get(rest_stack.api_url + "/items/1")
    missing = requests.get(rest_stack.api_url + "/nope")
    log = os.path.join(rest_stack.data_dir, "logs", "api-gateway", "echo-rest-test.log")
    with open(log) as f:
        lines = f.read().splitlines()
    assert ok.headers["x-amzn-RequestId"] + " GET /items/{id} 200 " + str(len(ok.content)) + " -" \
        in lines
    assert any(line.startswith(missing.headers["x-amzn-RequestId"] + " GET - 404 ")
               and line.endswith(" MISSING_AUTHENTICATION_TOKEN") for line in lines)

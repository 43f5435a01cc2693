"""An HTTP API (stack.yaml `api.protocol: HTTP`) end to end: payload format 2.0 events, simple
responses, cookies, the $default route and stage, HTTP API error bodies, access logs, metrics
and the trace id the function receives."""
import json
import os
import re

import pytest
import requests

from gateway_stacks import start_stack, stop_stack


@pytest.fixture(scope="module")
def http_stack():
    stack = start_stack("http-api")
    yield stack
    stop_stack(stack)


def echoed(response):
    assert response.status_code == 200, response.text
    return response.json()


def test_payload_v2_event(http_stack):
    r = requests.get(http_stack.api_url + "/items/a%20b?x=1&x=2&y=z",
                     headers={"Cookie": "s=1; t=2", "X-Multi": "one", "User-Agent": "e2e"})
    body = echoed(r)
    event = body["event"]
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/items/a b"
    assert event["rawQueryString"] == "x=1&x=2&y=z"
    assert event["cookies"] == ["s=1", "t=2"]
    assert event["queryStringParameters"] == {"x": "1,2", "y": "z"}
    assert event["pathParameters"] == {"id": "a b"}
    assert event["stageVariables"] == {"color": "blue"}
    assert event["isBase64Encoded"] is False
    assert "body" not in event
    headers = event["headers"]
    assert all(name == name.lower() for name in headers)
    assert headers["x-multi"] == "one"
    assert "cookie" not in headers
    assert headers["x-forwarded-proto"] == "http"
    rc = event["requestContext"]
    assert rc["routeKey"] == "GET /items/{id}"
    assert rc["stage"] == "$default"
    assert rc["apiId"] == "echo-http"
    assert rc["accountId"] == "000000000000"
    assert rc["http"] == {"method": "GET", "path": "/items/a b", "protocol": "HTTP/1.1",
                          "sourceIp": "127.0.0.1", "userAgent": "e2e"}
    assert rc["requestId"] == r.headers["apigw-requestid"]
    assert re.fullmatch(r"\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000", rc["time"])
    assert isinstance(rc["timeEpoch"], int)
    assert "authorizer" not in rc
    # The trace the gateway started is the one the function runs under.
    assert body["trace"].startswith(headers["x-amzn-trace-id"] + ";Parent=")


def test_body_and_method(http_stack):
    r = requests.post(http_stack.api_url + "/anything/here", data=b'{"a": 1}',
                      headers={"Content-Type": "application/json"})
    event = echoed(r)["event"]
    assert event["routeKey"] == "$default"
    assert event["body"] == '{"a": 1}'
    assert event["isBase64Encoded"] is False
    assert "pathParameters" not in event
    binary = requests.put(http_stack.api_url + "/bin", data=b"\x89PNG\x00",
                          headers={"Content-Type": "application/octet-stream"})
    event = echoed(binary)["event"]
    assert event["isBase64Encoded"] is True
    assert event["body"] == "iVBORwA="


def test_simple_responses_are_inferred(http_stack):
    r = requests.get(http_stack.api_url + "/simple")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == {"hello": "world"}
    text = requests.get(http_stack.api_url + "/text")
    assert text.status_code == 200
    assert text.text == "just text"


def test_cookies_become_set_cookie(http_stack):
    r = requests.get(http_stack.api_url + "/cookies")
    assert r.status_code == 201
    assert r.text == "with cookies"
    assert r.headers["x-custom"] == "yes"
    assert r.raw.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; HttpOnly"]


def test_payload_v1_route(http_stack):
    event = echoed(requests.get(http_stack.api_url + "/v1"))["event"]
    assert event["httpMethod"] == "GET"
    assert event["path"] == "/v1"
    assert event["stageVariables"] == {"color": "blue"}


def test_http_api_errors(http_stack):
    boom = requests.get(http_stack.api_url + "/boom")
    assert boom.status_code == 500
    assert boom.json() == {"message": "Internal Server Error"}
    assert "apigw-requestid" in boom.headers
    slow = requests.get(http_stack.api_url + "/slow")
    assert slow.status_code == 503
    assert slow.json() == {"message": "Service Unavailable"}


def test_access_log_and_metrics(http_stack):
    r = requests.get(http_stack.api_url + "/simple")
    request_id = r.headers["apigw-requestid"]
    log = os.path.join(http_stack.data_dir, "logs", "api-gateway", "echo-http-$default.log")
    with open(log) as f:
        lines = [json.loads(line) for line in f]
    assert {"requestId": request_id, "routeKey": "GET /simple", "status": 200,
            "ip": "127.0.0.1"} in lines
    metrics = requests.get(http_stack.aws_url + "/_nimbus/metrics").json()
    routes = {route["Route"]: route for route in metrics["routes"]}
    assert routes["GET /simple"]["Count"] >= 1
    assert routes["GET /boom"]["5XXError"] >= 0
    assert metrics["namespace"] == "AWS/ApiGateway"


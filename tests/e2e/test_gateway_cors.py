"""CORS (x-amazon-apigateway-cors) through the running stack: preflights answered by the
gateway, headers on function responses and on the gateway's own errors."""
import requests

from gateway_front import OPEN_KEY, ORIGIN, front  # noqa: F401 (fixture)


def preflight(stack, path, origin=ORIGIN, method="POST", headers="content-type"):
    return requests.options(stack.api_url + path, headers={
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }, timeout=30)


def test_a_preflight_is_answered_by_the_gateway_with_the_configuration(front):
    r = preflight(front, "/people")
    assert r.status_code == 204
    assert r.text == ""
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert r.headers["Access-Control-Allow-Methods"] == "GET,POST,PUT,DELETE"
    assert r.headers["Access-Control-Allow-Headers"] == "content-type,x-api-key"
    assert r.headers["Access-Control-Max-Age"] == "600"
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    # Even where no route is: the preflight never reaches routing.
    assert preflight(front, "/no/such/route").headers["Access-Control-Allow-Origin"] == ORIGIN


def test_a_preflight_from_another_origin_or_for_other_headers_gets_no_cors_headers(front):
    for r in [preflight(front, "/people", origin="https://evil.example"),
              preflight(front, "/people", method="PATCH"),
              preflight(front, "/people", headers="x-secret")]:
        assert r.status_code == 204
        assert "Access-Control-Allow-Origin" not in r.headers


def test_function_responses_carry_the_cors_headers(front):
    r = requests.get(front.api_url + "/people?limit=1",
                     headers={"Origin": ORIGIN, "x-api-key": OPEN_KEY}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert r.headers["Access-Control-Expose-Headers"] == "x-amzn-requestid"
    assert r.headers["Access-Control-Allow-Credentials"] == "true"


def test_gateway_errors_carry_the_cors_headers_too(front):
    for r in [requests.get(front.api_url + "/people?limit=1", headers={"Origin": ORIGIN},
                           timeout=30),
              requests.get(front.api_url + "/nowhere", headers={"Origin": ORIGIN}, timeout=30),
              requests.post(front.api_url + "/people", json={}, headers={"Origin": ORIGIN},
                            timeout=30)]:
        assert r.status_code in (400, 403), r.text
        assert r.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_no_origin_no_cors_headers(front):
    r = requests.get(front.api_url + "/people?limit=1", headers={"x-api-key": OPEN_KEY},
                     timeout=30)
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers

"""Request validation (x-amazon-apigateway-request-validator) through the running stack."""
import uuid

import pytest
import requests

from conftest import mint_token
from gateway_front import OPEN_KEY, front  # noqa: F401 (fixture)

# Writes to the People stack pass its authorizer first; validation follows, as in API Gateway.
AUTH = {"Authorization": "Bearer " + mint_token()}


@pytest.mark.parametrize("body", [
    {"email": "a@example.com"},
    {"name": "", "email": "a@example.com"},
    {"name": "A", "email": "a@example.com", "phone": 12},
    ["name", "email"],
])
def test_a_body_that_breaks_the_model_gets_400_invalid_request_body(stack, body):
    r = requests.post(stack.api_url + "/people", json=body, headers=AUTH, timeout=30)
    assert r.status_code == 400, r.text
    assert r.json() == {"message": "Invalid request body"}
    assert r.headers["x-amzn-ErrorType"] == "BadRequestException"


def test_an_empty_or_malformed_body_is_invalid_too(stack):
    for data in ["", "{\"name\": "]:
        r = requests.post(stack.api_url + "/people", data=data,
                          headers={**AUTH, "Content-Type": "application/json"}, timeout=30)
        assert r.status_code == 400, r.text
        assert r.json() == {"message": "Invalid request body"}


def test_put_is_validated_before_the_function_looks_for_the_person(stack):
    r = requests.put(stack.api_url + "/people/" + str(uuid.uuid4()), json={"name": "X"},
                     headers=AUTH, timeout=30)
    assert r.status_code == 400  # not the function's 404
    assert r.json() == {"message": "Invalid request body"}


def test_a_valid_body_reaches_the_function(stack):
    r = requests.post(stack.api_url + "/people",
                      json={"name": "Ada", "email": f"ada-{uuid.uuid4().hex[:12]}@example.com"},
                      headers=AUTH, timeout=30)
    assert r.status_code == 201, r.text


def test_a_missing_required_query_parameter_is_named(front):
    r = requests.get(front.api_url + "/people", headers={"x-api-key": OPEN_KEY}, timeout=30)
    assert r.status_code == 400, r.text
    assert r.text == '{"message": "Missing required request parameters: [limit]"}'
    assert r.headers["x-amzn-ErrorType"] == "BadRequestException"
    r = requests.get(front.api_url + "/people?limit=2", headers={"x-api-key": OPEN_KEY},
                     timeout=30)
    assert r.status_code == 200, r.text


def test_the_api_key_is_checked_before_the_parameters(front):
    r = requests.get(front.api_url + "/people", timeout=30)
    assert r.status_code == 403

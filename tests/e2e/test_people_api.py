"""The People API through the whole stack: HTTP → gateway → lambda → function → dynamodb."""
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conftest import Stack, mint_token

# Writes go through the stack's Lambda authorizer: every test writes with a development token.
AUTH = {"Authorization": "Bearer " + mint_token()}


def unique_email(tag="ada"):
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.com"


def create(stack, headers=None, **fields):
    body = {"name": "Ada Lovelace", "email": unique_email()}
    body.update(fields)
    return requests.post(stack.api_url + "/people", json=body, headers={**AUTH, **(headers or {})},
                         timeout=30)


def assert_problem(r, status, type_suffix):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == "urn:nimbus:problem:" + type_suffix
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["instance"]


def test_create_returns_201_location_and_the_stored_person(stack):
    email = unique_email()
    r = create(stack, phone="+44 20 7946 0000", email=email)
    assert r.status_code == 201, r.text
    person = r.json()
    assert person["name"] == "Ada Lovelace"
    assert person["email"] == email
    assert person["version"] == 1
    assert r.headers["ETag"] == '"1"'
    assert person["phone"] == "+44 20 7946 0000"
    uuid.UUID(person["personId"])
    assert r.headers["Location"] == "/people/" + person["personId"]
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.headers.get("x-amzn-RequestId")


def test_get_returns_the_person_and_404_when_missing(stack):
    person = create(stack).json()
    r = requests.get(stack.api_url + "/people/" + person["personId"], timeout=30)
    assert r.status_code == 200
    assert r.json() == person
    r = requests.get(stack.api_url + "/people/" + str(uuid.uuid4()), timeout=30)
    assert_problem(r, 404, "not-found")


def test_list_contains_created_people(stack):
    ids = {create(stack, name=f"P{i}", email=f"p{i}@example.com").json()["personId"]
           for i in range(3)}
    r = requests.get(stack.api_url + "/people", timeout=30)
    assert r.status_code == 200
    listed = {p["personId"] for p in r.json()["items"]}
    assert ids <= listed


def test_put_updates_and_404_when_missing(stack):
    person = create(stack).json()
    url = stack.api_url + "/people/" + person["personId"]
    king = unique_email("king")
    r = requests.put(url, json={"name": "Ada King", "email": king}, headers=AUTH, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Ada King"
    assert r.json()["email"] == king
    assert requests.get(url, timeout=30).json()["name"] == "Ada King"
    missing = stack.api_url + "/people/" + str(uuid.uuid4())
    r = requests.put(missing, json={"name": "X", "email": unique_email("x")}, headers=AUTH, timeout=30)
    assert_problem(r, 404, "not-found")
    # PUT must not create.
    assert requests.get(missing, timeout=30).status_code == 404


def test_delete_returns_204_then_404(stack):
    person = create(stack).json()
    url = stack.api_url + "/people/" + person["personId"]
    r = requests.delete(url, headers=AUTH, timeout=30)
    assert r.status_code == 204
    assert r.text == ""
    assert requests.get(url, timeout=30).status_code == 404
    assert requests.delete(url, headers=AUTH, timeout=30).status_code == 404


def test_invalid_person_gets_400_naming_the_field(stack):
    body = {"name": "A", "email": "not-an-email"}
    r = requests.post(stack.api_url + "/people", json=body, headers=AUTH, timeout=30)
    assert_problem(r, 400, "validation-error")
    assert "email" in [e["field"] for e in r.json()["errors"]]


@pytest.mark.parametrize("body", [
    {"email": "a@example.com"},
    {"name": "A"},
    {"name": 42, "email": "a@example.com"},
])
def test_a_person_that_breaks_the_model_gets_the_gateways_400(stack, body):
    # The PersonInput model in openapi.yaml refuses these before the function runs.
    r = requests.post(stack.api_url + "/people", json=body, headers=AUTH, timeout=30)
    assert r.status_code == 400, r.text
    assert r.json() == {"message": "Invalid request body"}


def test_malformed_json_gets_400(stack):
    r = requests.post(stack.api_url + "/people", data="{not json",
                      headers={**AUTH, "Content-Type": "application/json"}, timeout=30)
    # The PersonInput model's validator refuses it at the gateway, as API Gateway would.
    assert r.status_code == 400, r.text
    assert r.json() == {"message": "Invalid request body"}


def test_unknown_route_gets_apigateway_403(stack):
    r = requests.get(stack.api_url + "/nope", timeout=30)
    assert r.status_code == 403
    assert r.json() == {"message": "Missing Authentication Token"}


def test_concurrent_requests_are_served(stack):
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: create(stack).status_code, range(16)))
    assert results == [201] * 16


def test_duplicate_email_under_concurrent_posts_creates_exactly_one(stack):
    email = unique_email("dup")
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda i: create(stack, name=f"P{i}", email=email), range(20)))
    assert sorted(r.status_code for r in results) == [201] + [409] * 19
    for r in results:
        if r.status_code == 409:
            assert_problem(r, 409, "email-already-in-use")


def test_stale_if_match_gets_412(stack):
    person = create(stack).json()
    url = stack.api_url + "/people/" + person["personId"]
    body = {"name": "Ada", "email": person["email"]}
    r = requests.put(url, json=body, headers={**AUTH, "If-Match": '"1"'}, timeout=30)
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    assert_problem(requests.put(url, json=dict(body, name="Lost"), headers={**AUTH, "If-Match": '"1"'},
                                timeout=30), 412, "precondition-failed")
    assert_problem(requests.delete(url, headers={**AUTH, "If-Match": '"1"'}, timeout=30),
                   412, "precondition-failed")
    assert requests.get(url, timeout=30).json()["name"] == "Ada"
    assert requests.delete(url, headers={**AUTH, "If-Match": '"2"'}, timeout=30).status_code == 204


def test_a_retried_post_with_the_same_idempotency_key_creates_once(stack):
    key = str(uuid.uuid4())
    email = unique_email("idem")
    first = create(stack, headers={"Idempotency-Key": key}, email=email)
    again = create(stack, headers={"Idempotency-Key": key}, email=email)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_problem(create(stack, headers={"Idempotency-Key": key}), 422, "idempotency-key-reused")


def test_paging_returns_each_person_exactly_once(stack):
    with ThreadPoolExecutor(max_workers=8) as pool:
        made = {r.json()["personId"] for r in pool.map(lambda i: create(stack), range(40))}
    seen, token = [], None
    while True:
        params = {"limit": 7}
        if token:
            params["nextToken"] = token
        r = requests.get(stack.api_url + "/people", params=params, timeout=30)
        assert r.status_code == 200, r.text
        assert len(r.json()["items"]) <= 7
        seen += [p["personId"] for p in r.json()["items"]]
        token = r.json().get("nextToken")
        if not token:
            break
    assert len(seen) == len(set(seen))
    assert made <= set(seen)
    r = requests.get(stack.api_url + "/people", params={"nextToken": "x" * 10}, timeout=30)
    assert_problem(r, 400, "validation-error")


def test_a_person_survives_a_restart(tmp_path):
    first = Stack(str(tmp_path)).start()
    try:
        person = create(first).json()
    finally:
        first.stop()
    second = Stack(str(tmp_path)).start()
    try:
        r = requests.get(second.api_url + "/people/" + person["personId"], timeout=30)
        assert r.status_code == 200
        assert r.json() == person
    finally:
        second.stop()

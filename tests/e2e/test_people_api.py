"""The People API through the whole stack: HTTP → gateway → lambda → function → dynamodb."""
import uuid

import pytest
import requests

from conftest import Stack, mint_token

# Writes go through the stack's Lambda authorizer: every test writes with a development token.
AUTH = {"Authorization": "Bearer " + mint_token()}


def create(stack, **fields):
    body = {"name": "Ada Lovelace", "email": "ada@example.com"}
    body.update(fields)
    return requests.post(stack.api_url + "/people", json=body, headers=AUTH, timeout=30)


def test_create_returns_201_location_and_the_stored_person(stack):
    r = create(stack, phone="+44 20 7946 0000")
    assert r.status_code == 201, r.text
    person = r.json()
    assert person["name"] == "Ada Lovelace"
    assert person["email"] == "ada@example.com"
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
    assert r.status_code == 404
    assert "message" in r.json()


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
    r = requests.put(url, json={"name": "Ada King", "email": "ada.king@example.com"},
                     headers=AUTH, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Ada King"
    assert r.json()["email"] == "ada.king@example.com"
    assert requests.get(url, timeout=30).json()["name"] == "Ada King"
    missing = stack.api_url + "/people/" + str(uuid.uuid4())
    r = requests.put(missing, json={"name": "X", "email": "x@example.com"}, headers=AUTH,
                     timeout=30)
    assert r.status_code == 404
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


@pytest.mark.parametrize("body,field", [
    ({"email": "a@example.com"}, "name"),
    ({"name": "A"}, "email"),
    ({"name": "A", "email": "not-an-email"}, "email"),
    ({"name": 42, "email": "a@example.com"}, "name"),
])
def test_invalid_person_gets_400_naming_the_field(stack, body, field):
    r = requests.post(stack.api_url + "/people", json=body, headers=AUTH, timeout=30)
    assert r.status_code == 400, r.text
    assert field in r.text


def test_malformed_json_gets_400(stack):
    r = requests.post(stack.api_url + "/people", data="{not json",
                      headers={"Content-Type": "application/json", **AUTH}, timeout=30)
    assert r.status_code == 400
    assert "message" in r.json()


def test_unknown_route_gets_apigateway_403(stack):
    r = requests.get(stack.api_url + "/nope", timeout=30)
    assert r.status_code == 403
    assert r.json() == {"message": "Missing Authentication Token"}


def test_concurrent_requests_are_served(stack):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: create(stack, email=f"c{i}@example.com").status_code,
                                range(16)))
    assert results == [201] * 16


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

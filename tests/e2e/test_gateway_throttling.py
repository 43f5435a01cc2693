"""Usage plan, per-method and stage throttling through the running stack, with limits so small
that a few requests reach them (the refill rate is one request per hundred seconds)."""
import requests

from gateway_front import BURST_KEY, METHOD_KEY, OPEN_KEY, create_person, front  # noqa: F401


def assert_throttled(r):
    assert r.status_code == 429, r.text
    assert r.text == '{"message":"Too Many Requests"}'
    assert r.headers["x-amzn-ErrorType"] == "TooManyRequestsException"


def get(stack, path, key):
    return requests.get(stack.api_url + path, headers={"x-api-key": key}, timeout=30)


def test_a_plans_burst_is_served_then_throttled(front):
    assert get(front, "/people?limit=1", BURST_KEY).status_code == 200
    assert get(front, "/people?limit=1", BURST_KEY).status_code == 200
    assert_throttled(get(front, "/people?limit=1", BURST_KEY))
    # The throttle is the key's own: another key of another plan goes on.
    assert get(front, "/people?limit=1", OPEN_KEY).status_code == 200


def test_a_plans_method_throttle_limits_that_method_only(front):
    person = create_person(front)
    path = "/people/" + person["personId"]
    assert get(front, path, METHOD_KEY).status_code == 200
    assert_throttled(get(front, path, METHOD_KEY))
    assert get(front, "/people?limit=1", METHOD_KEY).status_code == 200


def test_stage_method_settings_throttle_every_caller(front):
    first, second = create_person(front), create_person(front)
    r = requests.delete(front.api_url + "/people/" + first["personId"], timeout=30)
    assert r.status_code == 204, r.text
    assert_throttled(requests.delete(front.api_url + "/people/" + second["personId"], timeout=30))
    # Throttled means not run: the second person is still there.
    assert get(front, "/people/" + second["personId"], OPEN_KEY).status_code == 200

"""API keys and usage plan quotas through the running stack, as API Gateway answers them."""
import requests

from conftest import Stack
from gateway_front import (ELSEWHERE_KEY, GATEWAY_STACK, OPEN_KEY, QUOTA_KEY, RETIRED_KEY,
                           create_person, front)  # noqa: F401 (fixture)


def list_people(stack, key=None):
    headers = {"x-api-key": key} if key is not None else {}
    return requests.get(stack.api_url + "/people?limit=5", headers=headers, timeout=30)


def assert_forbidden(r):
    assert r.status_code == 403, r.text
    assert r.text == '{"message":"Forbidden"}'
    assert r.headers["x-amzn-ErrorType"] == "ForbiddenException"
    assert r.headers.get("x-amzn-RequestId")


def test_a_method_that_needs_a_key_refuses_a_request_without_one(front):
    assert_forbidden(list_people(front))
    assert_forbidden(list_people(front, ""))


def test_unknown_disabled_and_other_stage_keys_are_forbidden(front):
    assert_forbidden(list_people(front, "no-such-key-000000000000000"))
    assert_forbidden(list_people(front, RETIRED_KEY))
    assert_forbidden(list_people(front, ELSEWHERE_KEY))


def test_a_key_in_a_plan_for_the_stage_is_let_through(front):
    person = create_person(front)  # POST needs no key
    r = list_people(front, OPEN_KEY)
    assert r.status_code == 200, r.text
    r = requests.get(front.api_url + "/people/" + person["personId"],
                     headers={"X-API-Key": OPEN_KEY}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["personId"] == person["personId"]


def test_the_quota_is_spent_then_limit_exceeded_and_stays_spent_after_a_restart(tmp_path):
    first = Stack(str(tmp_path), stack_dir=GATEWAY_STACK).start()
    try:
        assert [list_people(first, QUOTA_KEY).status_code for _ in range(3)] == [200] * 3
        r = list_people(first, QUOTA_KEY)
        assert r.status_code == 429
        assert r.text == '{"message":"Limit Exceeded"}'
        assert r.headers["x-amzn-ErrorType"] == "LimitExceededException"
        # Other keys have their own quota.
        assert list_people(first, OPEN_KEY).status_code == 200
    finally:
        first.stop()
    second = Stack(str(tmp_path), stack_dir=GATEWAY_STACK).start()
    try:
        r = list_people(second, QUOTA_KEY)
        assert r.status_code == 429
        assert r.text == '{"message":"Limit Exceeded"}'
    finally:
        second.stop()

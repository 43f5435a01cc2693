"""The Customers API through the whole stack: HTTP → gateway → lambda → function → dynamodb.

Every call goes through `api()`, the one place that says how a client reaches the API."""
import json
import os
import shutil
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
import requests

from conftest import Stack, TEST_STACKS, mint_token

PROBLEM = "application/problem+json"
TIMEOUT = 30


AUTHORIZATION = "Bearer " + mint_token()


def api(stack):
    session = requests.Session()
    session.headers["Content-Type"] = "application/json"
    # Writes go through the People API's TOKEN authorizer; reads ignore the header.
    session.headers["Authorization"] = AUTHORIZATION
    return session


def unique_email(tag="c"):
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.com"


def register(stack, session=None, headers=None, **fields):
    body = {"name": "Ada Lovelace", "email": unique_email()}
    body.update(fields)
    return (session or api(stack)).post(stack.api_url + "/customers", json=body,
                                        headers=headers or {}, timeout=TIMEOUT)


def dynamodb(stack):
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def assert_problem(r, status, type_suffix):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith(PROBLEM)
    body = r.json()
    assert body["type"] == "urn:nimbus:problem:" + type_suffix
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["instance"].startswith("/customers")


def list_all(stack, session, **params):
    """Every page of GET /customers; returns (ids in order, pages)."""
    ids, pages, token = [], 0, None
    while True:
        query = dict(params)
        if token:
            query["nextToken"] = token
        r = session.get(stack.api_url + "/customers", params=query, timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        page = r.json()
        pages += 1
        ids += [c["customerId"] for c in page["items"]]
        token = page.get("nextToken")
        if not token:
            return ids, pages
        assert pages < 10000


def test_register_read_replace_delete(stack):
    s = api(stack)
    r = register(stack, s)
    assert r.status_code == 201, r.text
    customer = r.json()
    assert customer["customerId"].startswith("CUST-")
    uuid.UUID(customer["customerId"][len("CUST-"):])
    assert customer["status"] == "ACTIVE"
    assert customer["createdDate"].endswith("Z") and "T" in customer["createdDate"]
    assert r.headers["ETag"] == '"1"'
    url = stack.api_url + "/customers/" + customer["customerId"]
    assert r.headers["Location"] == "/customers/" + customer["customerId"]

    got = s.get(url, timeout=TIMEOUT)
    assert got.status_code == 200 and got.json() == customer
    assert got.headers["ETag"] == '"1"'

    body = {"name": "Ada King", "email": customer["email"], "status": "SUSPENDED"}
    put = s.put(url, json=body, headers={"If-Match": '"1"'}, timeout=TIMEOUT)
    assert put.status_code == 200, put.text
    assert put.json()["status"] == "SUSPENDED" and put.json()["version"] == 2
    assert put.headers["ETag"] == '"2"'
    assert put.json()["createdDate"] == customer["createdDate"]

    assert s.delete(url, headers={"If-Match": '"2"'}, timeout=TIMEOUT).status_code == 204
    assert_problem(s.get(url, timeout=TIMEOUT), 404, "not-found")
    assert_problem(s.delete(url, timeout=TIMEOUT), 404, "not-found")


@pytest.mark.parametrize("body,field", [
    ({"email": "a@example.com"}, "name"),
    ({"name": "A"}, "email"),
    ({"name": "A", "email": "not-an-email"}, "email"),
    ({"name": "A", "email": "a@example.com", "status": "active"}, "status"),
    ({"name": "A", "email": "a@example.com", "customerId": "CUST-x"}, "customerId"),
])
def test_invalid_customer_gets_a_validation_problem_naming_the_field(stack, body, field):
    r = api(stack).post(stack.api_url + "/customers", json=body, timeout=TIMEOUT)
    assert_problem(r, 400, "validation-error")
    assert field in [e["field"] for e in r.json()["errors"]]


def test_malformed_json_and_unknown_ids_are_problems_without_internals(stack):
    s = api(stack)
    r = s.post(stack.api_url + "/customers", data="{nope", timeout=TIMEOUT)
    assert_problem(r, 400, "malformed-body")
    for path in ("/customers/CUST-missing", "/customers/EMAIL%23a%40example.com"):
        assert_problem(s.get(stack.api_url + path, timeout=TIMEOUT), 404, "not-found")
    r = s.get(stack.api_url + "/customers", params={"nextToken": "forged"}, timeout=TIMEOUT)
    assert_problem(r, 400, "validation-error")
    assert "Exception" not in r.text and "customers" not in r.json()["detail"]


def test_duplicate_email_under_20_concurrent_posts_creates_exactly_one(stack):
    email = unique_email("dup")
    s = api(stack)

    def post(i):
        # The same mailbox in different spellings of case: still one customer.
        spelled = email.upper() if i % 2 else email
        return register(stack, s, name=f"Racer {i}", email=spelled)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(post, range(20)))
    codes = sorted(r.status_code for r in results)
    assert codes == [201] + [409] * 19, codes
    for r in results:
        if r.status_code == 409:
            assert_problem(r, 409, "email-already-in-use")
    ids, _ = list_all(stack, s, status="ACTIVE", limit=100)
    created = [r.json()["customerId"] for r in results if r.status_code == 201]
    assert created[0] in ids
    # Exactly one stored customer has the email, and one claim item holds it.
    table = dynamodb(stack)
    claim = table.get_item(TableName="customers",
                           Key={"customerId": {"S": "EMAIL#" + email.lower()}},
                           ConsistentRead=True)
    assert claim["Item"]["ownerId"]["S"] == created[0]


def test_stale_if_match_gets_412_and_changes_nothing(stack):
    s = api(stack)
    customer = register(stack, s).json()
    url = stack.api_url + "/customers/" + customer["customerId"]
    body = {"name": "First", "email": customer["email"], "status": "ACTIVE"}
    assert s.put(url, json=body, headers={"If-Match": '"1"'}, timeout=TIMEOUT).status_code == 200
    stale = dict(body, name="Lost update")
    assert_problem(s.put(url, json=stale, headers={"If-Match": '"1"'}, timeout=TIMEOUT),
                   412, "precondition-failed")
    assert_problem(s.delete(url, headers={"If-Match": '"1"'}, timeout=TIMEOUT),
                   412, "precondition-failed")
    now = s.get(url, timeout=TIMEOUT)
    assert now.json()["name"] == "First" and now.headers["ETag"] == '"2"'
    assert_problem(s.put(url, json=body, headers={"If-Match": "2"}, timeout=TIMEOUT),
                   400, "validation-error")


def test_concurrent_writers_with_the_same_if_match_exactly_one_wins(stack):
    s = api(stack)
    customer = register(stack, s).json()
    url = stack.api_url + "/customers/" + customer["customerId"]

    def put(i):
        body = {"name": f"Writer {i}", "email": customer["email"], "status": "INACTIVE"}
        return s.put(url, json=body, headers={"If-Match": '"1"'}, timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(put, range(8)))
    assert codes == [200] + [412] * 7, codes
    assert s.get(url, timeout=TIMEOUT).json()["version"] == 2


def test_email_changes_move_the_claim(stack):
    s = api(stack)
    a = register(stack, s).json()
    b = register(stack, s).json()
    url_a = stack.api_url + "/customers/" + a["customerId"]
    taken = {"name": "A", "email": b["email"].upper(), "status": "ACTIVE"}
    assert_problem(s.put(url_a, json=taken, timeout=TIMEOUT), 409, "email-already-in-use")
    new_email = unique_email("moved")
    moved = {"name": "A", "email": new_email, "status": "ACTIVE"}
    assert s.put(url_a, json=moved, timeout=TIMEOUT).status_code == 200
    # A's old email is free again; the new one is taken.
    assert register(stack, s, email=a["email"]).status_code == 201
    assert_problem(register(stack, s, email=new_email), 409, "email-already-in-use")


def test_a_retried_post_with_the_same_idempotency_key_returns_the_same_customer(stack):
    s = api(stack)
    key = str(uuid.uuid4())
    body = {"name": "Grace Hopper", "email": unique_email("idem")}
    first = s.post(stack.api_url + "/customers", json=body, headers={"Idempotency-Key": key},
                   timeout=TIMEOUT)
    assert first.status_code == 201, first.text
    retry = s.post(stack.api_url + "/customers", json=body, headers={"Idempotency-Key": key},
                   timeout=TIMEOUT)
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    other = dict(body, name="Someone else")
    assert_problem(s.post(stack.api_url + "/customers", json=other,
                          headers={"Idempotency-Key": key}, timeout=TIMEOUT),
                   422, "idempotency-key-reused")
    # The record lives in the idempotency table, expiring (TTL) 24 hours on.
    table = dynamodb(stack)
    ttl = table.describe_time_to_live(TableName="idempotency")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"}
    records = table.scan(TableName="idempotency")["Items"]
    mine = [r for r in records if r["idempotencyKey"]["S"].endswith("#" + key)]
    assert len(mine) == 1
    expires = int(mine[0]["expiresAt"]["N"])
    assert abs(expires - (time.time() + 24 * 3600)) < 300


def test_concurrent_posts_with_one_idempotency_key_create_once(stack):
    s = api(stack)
    key = str(uuid.uuid4())
    body = {"name": "Once", "email": unique_email("once")}

    def post(_):
        return s.post(stack.api_url + "/customers", json=body, headers={"Idempotency-Key": key},
                      timeout=TIMEOUT)

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(post, range(10)))
    assert [r.status_code for r in results] == [201] * 10, [r.text for r in results]
    assert len({r.json()["customerId"] for r in results}) == 1
    assert sum(1 for r in results if "Idempotent-Replayed" not in r.headers) == 1


def test_paging_through_1000_customers_returns_each_exactly_once(stack):
    s = api(stack)
    status = "INACTIVE"
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda i: register(stack, s, name=f"Bulk {i}", status=status),
                                range(1000)))
    assert all(r.status_code == 201 for r in results), {r.status_code for r in results}
    created = {r.json()["customerId"] for r in results}
    print(f"created 1000 customers through the API in {time.monotonic() - started:.1f}s")

    ids, pages = list_all(stack, s, status=status, limit=100)
    assert len(ids) == len(set(ids)), "a customer was listed twice"
    assert created <= set(ids)
    assert pages >= 10

    everyone, _ = list_all(stack, s, limit=97)
    assert len(everyone) == len(set(everyone))
    assert created <= set(everyone)


def test_the_status_filter_reads_the_status_index(stack):
    s = api(stack)
    made = []
    for i in range(5):
        made.append(register(stack, s, name=f"S{i}", status="SUSPENDED").json())
    ids, _ = list_all(stack, s, status="SUSPENDED", limit=2)
    listed = [i for i in ids if i in {c["customerId"] for c in made}]
    # status-index is ranged on createdDate: a Query answers in registration order (a Scan
    # would answer in hash order), and only customers with that status appear.
    assert listed == [c["customerId"] for c in made]
    r = s.get(stack.api_url + "/customers", params={"status": "SUSPENDED", "limit": 100},
              timeout=TIMEOUT)
    assert {c["status"] for c in r.json()["items"]} == {"SUSPENDED"}
    # A token from one listing is refused by another.
    token = s.get(stack.api_url + "/customers", params={"status": "SUSPENDED", "limit": 1},
                  timeout=TIMEOUT).json()["nextToken"]
    assert_problem(s.get(stack.api_url + "/customers",
                         params={"status": "ACTIVE", "nextToken": token}, timeout=TIMEOUT),
                   400, "validation-error")
    indexes = dynamodb(stack).describe_table(TableName="customers")["Table"][
        "GlobalSecondaryIndexes"]
    assert [i["IndexName"] for i in indexes] == ["status-index"]


@pytest.fixture(scope="module")
def outbox_stack():
    data = tempfile.mkdtemp(prefix="nimbus-e2e-outbox-")
    s = Stack(data, stack_dir=os.path.join(TEST_STACKS, "customers-outbox")).start()
    yield s
    s.stop()
    shutil.rmtree(data, ignore_errors=True)


def outbox_events(stack, customer_id):
    items = dynamodb(stack).scan(TableName="outbox", ConsistentRead=True)["Items"]
    events = []
    for item in items:
        message = json.loads(item["message"]["S"])
        if message["customer"]["customerId"] == customer_id:
            events.append((item, message))
    return sorted(events, key=lambda e: e[1]["customer"]["version"] +
                  (1 if e[1]["eventType"] == "CustomerDeleted" else 0))


def test_each_customer_write_puts_its_event_in_the_outbox(outbox_stack):
    stack = outbox_stack
    s = api(stack)
    customer = register(stack, s).json()
    url = stack.api_url + "/customers/" + customer["customerId"]
    body = {"name": "Ada", "email": customer["email"], "status": "INACTIVE"}
    assert s.put(url, json=body, timeout=TIMEOUT).status_code == 200
    assert s.delete(url, timeout=TIMEOUT).status_code == 204
    # Failed writes publish nothing.
    assert register(stack, s, email=unique_email()).status_code == 201
    assert s.put(url, json=body, timeout=TIMEOUT).status_code == 404

    events = outbox_events(stack, customer["customerId"])
    assert [m["eventType"] for _, m in events] == [
        "CustomerRegistered", "CustomerUpdated", "CustomerDeleted"]
    for item, message in events:
        assert set(item) == {"outboxId", "topic", "message", "subject", "attributes", "createdAt"}
        uuid.UUID(item["outboxId"]["S"])
        assert item["topic"]["S"] == "customer-events"
        assert item["subject"]["S"] == message["eventType"]
        assert item["attributes"] == {"M": {"eventType": {"S": message["eventType"]}}}
        assert item["createdAt"]["S"] == message["occurredAt"]
        assert message["eventId"] == item["outboxId"]["S"]
    assert events[0][1]["customer"] == customer
    assert events[1][1]["customer"]["status"] == "INACTIVE"

"""The bench table: its shape, the items seeded into it, and the request bodies the load sends.

Keys: hash key pk (S), range key sk (S).
  get-<i> / 0        GET_ITEMS items that GetItem reads at random
  query / 0000-0099  one partition of QUERY_ITEMS items that every Query returns whole
  counter / 0        the item UpdateItem adds 1 to
  put-<run>-<n> / 0  written by PutItem, every key distinct within a run
Every item carries a payload that makes it about ITEM_BYTES long.
"""

import concurrent.futures
import http.client
import json
import random
import time

from sigv4 import Signer

TABLE = "bench"
GET_ITEMS = 20_000
QUERY_ITEMS = 100
ITEM_BYTES = 100
BATCH = 25  # BatchWriteItem's limit


def _payload(key_bytes: int) -> dict:
    return {"v": {"S": "x" * max(1, ITEM_BYTES - key_bytes - 1)}}


def item(pk: str, sk: str) -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}, **_payload(len(pk) + len(sk) + 4)}


def _dumps(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


# Request bodies, one kind per benchmarked operation.

def put_body(run: str, n: int) -> bytes:
    # Formatted rather than json.dumps'd: a run signs hundreds of thousands of these.
    pk = f"put-{run}-{n}"
    payload = "x" * (ITEM_BYTES - len(pk) - 6)
    return (f'{{"TableName":"{TABLE}","Item":{{"pk":{{"S":"{pk}"}},"sk":{{"S":"0"}},'
            f'"v":{{"S":"{payload}"}}}}}}').encode()


def get_body(rng: random.Random) -> bytes:
    pk = f"get-{rng.randrange(GET_ITEMS)}"
    return _dumps({"TableName": TABLE, "Key": {"pk": {"S": pk}, "sk": {"S": "0"}}})


def query_body() -> bytes:
    return _dumps({"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                   "ExpressionAttributeValues": {":p": {"S": "query"}}})


def update_body() -> bytes:
    return _dumps({"TableName": TABLE, "Key": {"pk": {"S": "counter"}, "sk": {"S": "0"}},
                   "UpdateExpression": "ADD #c :one", "ExpressionAttributeNames": {"#c": "c"},
                   "ExpressionAttributeValues": {":one": {"N": "1"}}})


def counter_get_body() -> bytes:
    return _dumps({"TableName": TABLE, "Key": {"pk": {"S": "counter"}, "sk": {"S": "0"}},
                   "ConsistentRead": True})


class Client:
    """A plain signed DynamoDB client for set-up and checks (the load itself goes through wrk)."""

    def __init__(self, url: str, access_key: str, secret_key: str):
        self.host = url.removeprefix("http://").rstrip("/")
        self.access_key, self.secret_key = access_key, secret_key

    def call(self, operation: str, payload: dict) -> dict:
        body = _dumps(payload)
        signer = Signer(self.host, self.access_key, self.secret_key)
        # A connection per call: servers close idle keep-alive connections (dynalite after 5 s).
        address, port = self.host.rsplit(":", 1)
        connection = http.client.HTTPConnection(address, int(port), timeout=60)
        try:
            connection.request("POST", "/", body=body, headers=signer.headers(operation, body))
            response = connection.getresponse()
            reply = json.loads(response.read() or b"{}")
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"{operation} on {self.host}: {response.status} {reply}")
        return reply

    def create_table(self) -> None:
        self.call("CreateTable", {
            "TableName": TABLE,
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "BillingMode": "PAY_PER_REQUEST",
        })
        deadline = time.monotonic() + 30
        while self.call("DescribeTable", {"TableName": TABLE})["Table"]["TableStatus"] != "ACTIVE":
            if time.monotonic() > deadline:
                raise RuntimeError(f"table {TABLE} on {self.host} never became ACTIVE")
            time.sleep(0.05)

    def _write_batch(self, items: list[dict]) -> None:
        requests = [{"PutRequest": {"Item": i}} for i in items]
        while requests:
            reply = self.call("BatchWriteItem", {"RequestItems": {TABLE: requests}})
            requests = reply.get("UnprocessedItems", {}).get(TABLE, [])

    def put_all(self, items: list[dict]) -> None:
        batches = [items[start:start + BATCH] for start in range(0, len(items), BATCH)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            for done in pool.map(self._write_batch, batches):
                pass  # re-raises a batch's error

    def seed(self) -> None:
        items = [item(f"get-{i}", "0") for i in range(GET_ITEMS)]
        items += [item("query", f"{i:04d}") for i in range(QUERY_ITEMS)]
        items.append({**item("counter", "0"), "c": {"N": "0"}})
        self.put_all(items)

    def counter(self) -> int:
        return int(self.call("GetItem", json.loads(counter_get_body()))["Item"]["c"]["N"])

    def count_items(self) -> int:
        """Every item in the table, counted with a paginated Scan (Select COUNT)."""
        total, start = 0, None
        while True:
            request = {"TableName": TABLE, "Select": "COUNT"}
            if start:
                request["ExclusiveStartKey"] = start
            reply = self.call("Scan", request)
            total += reply["Count"]
            start = reply.get("LastEvaluatedKey")
            if not start:
                return total

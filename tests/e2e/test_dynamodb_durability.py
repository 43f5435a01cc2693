"""Durability and concurrency through a real `nimbus up`, as a boto3 user sees them.

- Every PutItem the service acknowledged is still there after `kill -9` of nimbus and a restart,
  round after round, with and without `--sync-writes`.
- Concurrent ADDs on one counter lose nothing.
"""
import concurrent.futures
import threading

import boto3
import pytest
from botocore.config import Config

from conftest import Stack

TABLE = "durable"
WRITERS = 4
ACKED_PER_ROUND = 300


def client(stack):
    return boto3.client(
        "dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        # One attempt: an item counts as acknowledged only if this very request got a 200.
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=10))


def kill9(stack):
    stack._kill()
    stack.proc.wait()
    stack.proc = None


def write_until_killed(stack, round_no, acked, lock, enough):
    """Writers put distinct items until the stack dies; returns when all have stopped."""

    def writer(w):
        ddb = client(stack)
        i = 0
        while True:
            item_id = f"r{round_no}-w{w}-{i}"
            try:
                ddb.put_item(TableName=TABLE, Item={"id": {"S": item_id}, "n": {"N": str(i)}})
            except Exception:  # the stack was killed under us: stop writing
                return
            with lock:
                acked.append(item_id)
                if len(acked) >= ACKED_PER_ROUND * (round_no + 1):
                    enough.set()
            i += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    return threads


@pytest.mark.parametrize("extra_args", [[], ["--sync-writes"]], ids=["wal", "fsync"])
def test_every_acknowledged_put_survives_kill9_rounds(extra_args, tmp_path):
    data = str(tmp_path / "data")
    acked, lock = [], threading.Lock()
    stack = Stack(data, extra_args).start()
    try:
        client(stack).create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        for round_no in range(3):
            enough = threading.Event()
            threads = write_until_killed(stack, round_no, acked, lock, enough)
            assert enough.wait(timeout=120), "writers made no progress"
            kill9(stack)  # while the writers are still writing
            for t in threads:
                t.join(timeout=60)
            stack = Stack(data, extra_args).start()
            ddb = client(stack)
            with lock:
                expected = list(acked)
            missing = []
            for start in range(0, len(expected), 100):
                keys = [{"id": {"S": k}} for k in expected[start:start + 100]]
                got = set()
                request = {TABLE: {"Keys": keys, "ConsistentRead": True}}
                while request:
                    reply = ddb.batch_get_item(RequestItems=request)
                    got |= {i["id"]["S"] for i in reply["Responses"][TABLE]}
                    request = reply.get("UnprocessedKeys") or None
                missing += [k for k in expected[start:start + 100] if k not in got]
            assert missing == [], f"round {round_no}: {len(missing)} acknowledged items lost"
            count = ddb.scan(TableName=TABLE, Select="COUNT")["Count"]
            assert count >= len(expected)
    finally:
        stack.stop()


def test_concurrent_adds_on_one_counter_lose_nothing(stack):
    ddb = client(stack)
    ddb.create_table(
        TableName="counters", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    clients, increments = 16, 50

    def add(_):
        c = client(stack)
        for _ in range(increments):
            c.update_item(TableName="counters", Key={"id": {"S": "hits"}},
                          UpdateExpression="ADD #c :one",
                          ExpressionAttributeNames={"#c": "count"},
                          ExpressionAttributeValues={":one": {"N": "1"}})

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        list(pool.map(add, range(clients)))
    item = ddb.get_item(TableName="counters", Key={"id": {"S": "hits"}}, ConsistentRead=True)
    assert item["Item"]["count"] == {"N": str(clients * increments)}

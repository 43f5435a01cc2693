"""DynamoDB transactions through boto3 and the AWS CLI, against the edge port: what a user of
client.transact_write_items / transact_get_items sees, errors and CancellationReasons included.
"""
import json
import subprocess
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import AWS_CLI

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons "


@pytest.fixture(scope="module")
def ddb(stack):
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


@pytest.fixture(scope="module")
def table(ddb):
    ddb.create_table(TableName="tx-accounts",
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     BillingMode="PAY_PER_REQUEST")
    return "tx-accounts"


def key(id_):
    return {"id": {"S": id_}}


def put(ddb, table, id_, balance):
    ddb.put_item(TableName=table, Item={"id": {"S": id_}, "balance": {"N": str(balance)}})


def item(ddb, table, id_):
    return ddb.get_item(TableName=table, Key=key(id_), ConsistentRead=True).get("Item")


def test_write_then_read_in_one_transaction_each(ddb, table):
    put(ddb, table, "alice", 100)
    put(ddb, table, "bob", 0)
    put(ddb, table, "stale", 1)
    out = ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": key("alice"),
                    "UpdateExpression": "SET balance = balance - :v",
                    "ConditionExpression": "balance >= :v",
                    "ExpressionAttributeValues": {":v": {"N": "40"}}}},
        {"Update": {"TableName": table, "Key": key("bob"),
                    "UpdateExpression": "ADD balance :v",
                    "ExpressionAttributeValues": {":v": {"N": "40"}}}},
        {"Put": {"TableName": table, "Item": {"id": {"S": "log-1"}, "amount": {"N": "40"}},
                 "ConditionExpression": "attribute_not_exists(id)"}},
        {"Delete": {"TableName": table, "Key": key("stale")}},
    ], ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 8.0, "WriteCapacityUnits": 8.0}]

    got = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key("bob")}},
        {"Get": {"TableName": table, "Key": key("stale")}},
        {"Get": {"TableName": table, "Key": key("alice"), "ProjectionExpression": "balance"}},
    ])
    assert got["Responses"] == [
        {"Item": {"id": {"S": "bob"}, "balance": {"N": "40"}}},
        {},
        {"Item": {"balance": {"N": "60"}}},
    ]
    assert item(ddb, table, "log-1") == {"id": {"S": "log-1"}, "amount": {"N": "40"}}


def test_cancellation_reasons_as_boto3_exposes_them(ddb, table):
    put(ddb, table, "carol", 5)
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"id": {"S": "never"}}}},
            {"Update": {"TableName": table, "Key": key("carol"),
                        "UpdateExpression": "SET balance = balance - :v",
                        "ConditionExpression": "balance >= :v",
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                        "ExpressionAttributeValues": {":v": {"N": "50"}}}},
            {"ConditionCheck": {"TableName": table, "Key": key("nobody"),
                                "ConditionExpression": "attribute_exists(id)"}},
        ])
    r = e.value.response
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert r["Error"]["Code"] == "TransactionCanceledException"
    assert r["Error"]["Message"] == (
        CANCELLED + "[None, ConditionalCheckFailed, ConditionalCheckFailed]")
    assert r["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
         "Item": {"id": {"S": "carol"}, "balance": {"N": "5"}}},
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
    ]
    # The modeled exception class matches too.
    assert isinstance(e.value, ddb.exceptions.TransactionCanceledException)
    # Nothing was written.
    assert item(ddb, table, "never") is None
    assert item(ddb, table, "carol")["balance"] == {"N": "5"}


def test_validation_error_reason_from_an_update(ddb, table):
    ddb.put_item(TableName=table, Item={"id": {"S": "dave"}, "name": {"S": "Dave"}})
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": table, "Key": key("dave"),
                        "UpdateExpression": "ADD #n :one",
                        "ExpressionAttributeNames": {"#n": "name"},
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Put": {"TableName": table, "Item": {"id": {"S": "x"}}}},
        ])
    r = e.value.response
    assert r["Error"]["Code"] == "TransactionCanceledException"
    assert r["Error"]["Message"] == CANCELLED + "[ValidationError, None]"
    assert [c["Code"] for c in r["CancellationReasons"]] == ["ValidationError", "None"]
    assert item(ddb, table, "x") is None


def test_request_errors(ddb, table):
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"id": {"S": "same"}}}},
            {"ConditionCheck": {"TableName": table, "Key": key("same"),
                                "ConditionExpression": "attribute_not_exists(id)"}},
        ])
    assert e.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Transaction request cannot include multiple operations on one item"}

    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"id": {"S": f"k{i}"}}}} for i in range(101)])
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert e.value.response["Error"]["Message"].startswith("1 validation error detected: Value '")
    assert e.value.response["Error"]["Message"].endswith(
        "at 'transactItems' failed to satisfy constraint: "
        "Member must have length less than or equal to 100")
    assert item(ddb, table, "k0") is None

    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            {"Delete": {"TableName": "tx-no-such-table", "Key": key("a")}}])
    assert e.value.response["Error"] == {
        "Code": "ResourceNotFoundException", "Message": "Requested resource not found"}

    with pytest.raises(ClientError) as e:
        ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": table, "Key": key("alice")}},
            {"Get": {"TableName": table, "Key": {"id": {"N": "1"}}}}])
    r = e.value.response
    assert r["Error"]["Code"] == "TransactionCanceledException"
    assert r["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ValidationError",
         "Message": "The provided key element does not match the schema"}]


def test_client_request_token_is_idempotent(ddb, table):
    put(ddb, table, "erin", 0)
    token = str(uuid.uuid4())
    add_one = [{"Update": {"TableName": table, "Key": key("erin"),
                           "UpdateExpression": "ADD balance :one",
                           "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    ddb.transact_write_items(TransactItems=add_one, ClientRequestToken=token)
    replay = ddb.transact_write_items(TransactItems=add_one, ClientRequestToken=token,
                                      ReturnConsumedCapacity="TOTAL")
    # A replay writes nothing and reports what reading the item cost.
    assert replay["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]
    assert item(ddb, table, "erin")["balance"] == {"N": "1"}

    add_two = [{"Update": {**add_one[0]["Update"],
                           "ExpressionAttributeValues": {":one": {"N": "2"}}}}]
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(TransactItems=add_two, ClientRequestToken=token)
    assert e.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert item(ddb, table, "erin")["balance"] == {"N": "1"}

    # boto3 fills in a fresh token per call, so plain retries of the call body execute anew.
    ddb.transact_write_items(TransactItems=add_one)
    assert item(ddb, table, "erin")["balance"] == {"N": "2"}


def test_aws_cli_transact_write_items(stack, aws_env, ddb, table):
    items = [
        {"Put": {"TableName": table, "Item": {"id": {"S": "cli-1"}, "n": {"N": "1"}}}},
        {"Put": {"TableName": table, "Item": {"id": {"S": "cli-2"}, "n": {"N": "2"}}}},
    ]
    r = subprocess.run([AWS_CLI, "dynamodb", "transact-write-items", "--endpoint-url",
                        stack.aws_url, "--output", "json", "--transact-items", json.dumps(items)],
                       env=aws_env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert item(ddb, table, "cli-1") == {"id": {"S": "cli-1"}, "n": {"N": "1"}}
    assert item(ddb, table, "cli-2") == {"id": {"S": "cli-2"}, "n": {"N": "2"}}

    # A cancelled transaction: the CLI exits non-zero and names the exception.
    r = subprocess.run([AWS_CLI, "dynamodb", "transact-write-items", "--endpoint-url",
                        stack.aws_url, "--transact-items", json.dumps([
                            {"ConditionCheck": {"TableName": table, "Key": key("cli-1"),
                                                "ConditionExpression": "attribute_not_exists(id)"}}])],
                       env=aws_env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "TransactionCanceledException" in r.stderr
    assert CANCELLED + "[ConditionalCheckFailed]" in r.stderr

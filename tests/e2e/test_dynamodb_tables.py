"""The DynamoDB control plane through boto3 and the AWS CLI: UpdateTable (a GSI added to a table
with items, built, queried, deleted; billing mode), tags, ListTables paging, DescribeTable's
counts, DescribeLimits and DescribeEndpoints."""
import json
import subprocess
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import AWS_CLI

DEADLINE_S = 30


@pytest.fixture
def ddb(stack):
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def aws(stack, env, *args):
    r = subprocess.run([AWS_CLI, "--endpoint-url", stack.aws_url, "--output", "json", *args],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if r.stdout.strip() else {}


def create(ddb, name, **extra):
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], **extra)


def gsi(ddb, table, name):
    for index in ddb.describe_table(TableName=table)["Table"].get("GlobalSecondaryIndexes", []):
        if index["IndexName"] == name:
            return index
    return None


def wait_until(predicate, what):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)  # polling interval, not a wait for the event itself
    raise AssertionError(what + " did not happen within the deadline")


def test_gsi_added_to_a_table_with_items_is_built_and_queryable(ddb):
    create(ddb, "tbl-gsi")
    with boto3.resource("dynamodb", endpoint_url=ddb.meta.endpoint_url, region_name="us-east-1",
                        aws_access_key_id="test",
                        aws_secret_access_key="test").Table("tbl-gsi").batch_writer() as batch:
        for i in range(300):
            batch.put_item(Item={"id": f"p{i}", "city": ["Oslo", "Rome", "Lima"][i % 3]})
        batch.put_item(Item={"id": "no-city"})
        batch.put_item(Item={"id": "number-city", "city": 7})

    out = ddb.update_table(
        TableName="tbl-gsi",
        AttributeDefinitions=[{"AttributeName": "city", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "byCity", "KeySchema": [{"AttributeName": "city", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
    created = [i for i in out["TableDescription"]["GlobalSecondaryIndexes"]
               if i["IndexName"] == "byCity"][0]
    assert created["IndexStatus"] == "CREATING"
    assert out["TableDescription"]["TableStatus"] == "UPDATING"

    def active():
        d = ddb.describe_table(TableName="tbl-gsi")["Table"]
        index = gsi(ddb, "tbl-gsi", "byCity")
        return d["TableStatus"] == "ACTIVE" and index["IndexStatus"] == "ACTIVE" \
            and "Backfilling" not in index
    wait_until(active, "the index build")

    got = ddb.query(TableName="tbl-gsi", IndexName="byCity",
                    KeyConditionExpression="city = :c",
                    ExpressionAttributeValues={":c": {"S": "Rome"}})
    assert got["Count"] == 100
    assert all(set(item) == {"id", "city"} for item in got["Items"])  # KEYS_ONLY
    assert gsi(ddb, "tbl-gsi", "byCity")["ItemCount"] == 300
    desc = ddb.describe_table(TableName="tbl-gsi")["Table"]
    assert desc["ItemCount"] == 302

    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName="tbl-gsi", Item={"id": {"S": "x"}, "city": {"N": "1"}})
    assert e.value.response["Error"]["Code"] == "ValidationException"

    ddb.update_table(TableName="tbl-gsi",
                     GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byCity"}}])
    wait_until(lambda: gsi(ddb, "tbl-gsi", "byCity") is None, "the index deletion")
    with pytest.raises(ClientError) as e:
        ddb.query(TableName="tbl-gsi", IndexName="byCity", KeyConditionExpression="city = :c",
                  ExpressionAttributeValues={":c": {"S": "Rome"}})
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert "byCity" in e.value.response["Error"]["Message"]
    assert ddb.describe_table(TableName="tbl-gsi")["Table"]["AttributeDefinitions"] == [
        {"AttributeName": "id", "AttributeType": "S"}]


def test_update_table_errors(ddb):
    create(ddb, "tbl-upd-errors")
    with pytest.raises(ClientError) as e:
        ddb.update_table(TableName="tbl-upd-errors")
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert e.value.response["Error"]["Message"].startswith("At least one of ProvisionedThroughput")
    with pytest.raises(ClientError) as e:
        ddb.update_table(TableName="tbl-upd-errors",
                         GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nope"}}])
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        ddb.update_table(
            TableName="tbl-upd-errors",
            AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                  {"AttributeName": "b", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[
                {"Create": {"IndexName": "byA",
                            "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                            "Projection": {"ProjectionType": "ALL"}}},
                {"Create": {"IndexName": "byB",
                            "KeySchema": [{"AttributeName": "b", "KeyType": "HASH"}],
                            "Projection": {"ProjectionType": "ALL"}}}])
    assert e.value.response["Error"]["Code"] == "LimitExceededException"


def test_billing_mode_switch_with_the_cli(stack, aws_env, ddb):
    create(ddb, "tbl-billing")
    aws(stack, aws_env, "dynamodb", "update-table", "--table-name", "tbl-billing",
        "--billing-mode", "PROVISIONED",
        "--provisioned-throughput", "ReadCapacityUnits=4,WriteCapacityUnits=2")
    desc = aws(stack, aws_env, "dynamodb", "describe-table", "--table-name", "tbl-billing")["Table"]
    assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 4
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 2


def test_tags(stack, aws_env, ddb):
    create(ddb, "tbl-tags", Tags=[{"Key": "team", "Value": "core"}])
    arn = ddb.describe_table(TableName="tbl-tags")["Table"]["TableArn"]
    assert arn == "arn:aws:dynamodb:us-east-1:000000000000:table/tbl-tags"
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}])
    aws(stack, aws_env, "dynamodb", "untag-resource", "--resource-arn", arn, "--tag-keys", "team")
    listed = aws(stack, aws_env, "dynamodb", "list-tags-of-resource", "--resource-arn", arn)
    assert listed["Tags"] == [{"Key": "env", "Value": "dev"}]
    with pytest.raises(ClientError) as e:
        ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "aws:x", "Value": "v"}])
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]
    ddb.delete_table(TableName="tbl-tags")
    with pytest.raises(ClientError) as e:
        ddb.list_tags_of_resource(ResourceArn=arn)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_list_tables_pages(stack, aws_env, ddb):
    names = [f"page-{c}" for c in "abcde"]
    for n in names:
        create(ddb, n)
    seen = []
    for page in ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}):
        assert len(page["TableNames"]) <= 2
        seen += page["TableNames"]
    assert seen == sorted(seen)
    assert all(n in seen for n in names)
    first = ddb.list_tables(ExclusiveStartTableName="page-a", Limit=2)
    assert first["TableNames"] == ["page-b", "page-c"]
    assert first["LastEvaluatedTableName"] == "page-c"
    cli = aws(stack, aws_env, "dynamodb", "list-tables", "--page-size", "2")
    assert all(n in cli["TableNames"] for n in names)
    with pytest.raises(ClientError) as e:
        ddb.list_tables(Limit=101)
    assert e.value.response["Error"]["Code"] == "ValidationException"


def test_describe_table_counts(ddb):
    create(ddb, "tbl-counts")
    for i in range(10):
        ddb.put_item(TableName="tbl-counts", Item={"id": {"S": f"i{i}"}, "v": {"S": "x" * 10}})
    ddb.delete_item(TableName="tbl-counts", Key={"id": {"S": "i0"}})
    desc = ddb.describe_table(TableName="tbl-counts")["Table"]
    assert desc["ItemCount"] == 9
    assert desc["TableSizeBytes"] == 9 * (len("id") + 2 + len("v") + 10)


def test_describe_limits_and_endpoints(stack, aws_env, ddb):
    limits = aws(stack, aws_env, "dynamodb", "describe-limits")
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert limits["AccountMaxWriteCapacityUnits"] == 80000
    endpoints = ddb.describe_endpoints()["Endpoints"]
    assert len(endpoints) == 1
    assert endpoints[0]["CachePeriodInMinutes"] == 1440

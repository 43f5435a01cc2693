"""Time to Live through the AWS CLI and boto3: enable it, and an item already expired
disappears by itself while one expiring in the future stays."""
import json
import subprocess
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import AWS_CLI

DEADLINE_S = 30  # the stack sweeps every second


def aws(stack, env, *args):
    r = subprocess.run([AWS_CLI, "--endpoint-url", stack.aws_url, "--output", "json", *args],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if r.stdout.strip() else {}


@pytest.fixture
def ddb(stack):
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def test_expired_items_are_deleted(stack, aws_env, ddb):
    ddb.create_table(TableName="ttl-sessions", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    assert aws(stack, aws_env, "dynamodb", "describe-time-to-live", "--table-name",
               "ttl-sessions") == {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    out = aws(stack, aws_env, "dynamodb", "update-time-to-live", "--table-name", "ttl-sessions",
              "--time-to-live-specification", "Enabled=true,AttributeName=expires")
    assert out == {"TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}}
    assert aws(stack, aws_env, "dynamodb", "describe-time-to-live", "--table-name",
               "ttl-sessions")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}

    now = int(time.time())
    ddb.put_item(TableName="ttl-sessions", Item={"id": {"S": "old"}, "expires": {"N": str(now - 60)}})
    ddb.put_item(TableName="ttl-sessions",
                 Item={"id": {"S": "fresh"}, "expires": {"N": str(now + 3600)}})
    ddb.put_item(TableName="ttl-sessions", Item={"id": {"S": "forever"}})

    deadline = time.monotonic() + DEADLINE_S
    while "Item" in ddb.get_item(TableName="ttl-sessions", Key={"id": {"S": "old"}}):
        assert time.monotonic() < deadline, "the expired item was not deleted in time"
        time.sleep(0.1)  # polling interval
    assert "Item" in ddb.get_item(TableName="ttl-sessions", Key={"id": {"S": "fresh"}})
    assert "Item" in ddb.get_item(TableName="ttl-sessions", Key={"id": {"S": "forever"}})
    assert ddb.describe_table(TableName="ttl-sessions")["Table"]["ItemCount"] == 2

    with pytest.raises(ClientError) as e:
        ddb.update_time_to_live(TableName="ttl-sessions",
                                TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    assert e.value.response["Error"]["Message"] == "TimeToLive is already enabled"
    with pytest.raises(ClientError) as e:
        ddb.update_time_to_live(TableName="ttl-sessions",
                                TimeToLiveSpecification={"Enabled": False, "AttributeName": "other"})
    assert "different AttributeName" in e.value.response["Error"]["Message"]

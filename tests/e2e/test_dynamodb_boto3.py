"""boto3 (Debian's python3-boto3) against the edge port's DynamoDB."""
import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def ddb(stack):
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def test_conditional_put_and_errors(ddb):
    ddb.create_table(TableName="boto-things",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="boto-things", Item={"pk": {"S": "1"}, "v": {"N": "10"}},
                 ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName="boto-things", Item={"pk": {"S": "1"}},
                     ConditionExpression="attribute_not_exists(pk)")
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    # The failed write changed nothing.
    assert ddb.get_item(TableName="boto-things", Key={"pk": {"S": "1"}})["Item"]["v"] == {"N": "10"}

    with pytest.raises(ClientError) as e:
        ddb.put_item(TableName="boto-things", Item={"other": {"S": "x"}})
    assert e.value.response["Error"]["Code"] == "ValidationException"

    with pytest.raises(ClientError) as e:
        ddb.get_item(TableName="no-such-table", Key={"pk": {"S": "1"}})
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    with pytest.raises(ClientError) as e:
        ddb.create_table(TableName="boto-things",
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         BillingMode="PAY_PER_REQUEST")
    assert e.value.response["Error"]["Code"] == "ResourceInUseException"


def test_update_item_returns_new_values(ddb):
    ddb.create_table(TableName="boto-counters",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     BillingMode="PAY_PER_REQUEST")
    out = ddb.update_item(TableName="boto-counters", Key={"pk": {"S": "c"}},
                          UpdateExpression="SET hits = if_not_exists(hits, :zero) + :one",
                          ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"}},
                          ReturnValues="ALL_NEW")
    assert out["Attributes"] == {"pk": {"S": "c"}, "hits": {"N": "1"}}


def test_replies_carry_request_id_and_crc32(ddb):
    out = ddb.list_tables()
    headers = out["ResponseMetadata"]["HTTPHeaders"]
    assert len(headers["x-amzn-requestid"]) == 52
    assert headers["x-amz-crc32"].isdigit()

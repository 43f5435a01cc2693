"""Shared pieces of the DynamoDB data-plane e2e tests: a boto3 low-level client on the edge,
table creation, and asserting the error a call fails with, as a boto3 user sees it."""
import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError


def client(stack):
    # No retries: a test asserts the first answer. No client-side parameter validation: the
    # tests send what botocore would refuse, to see the service's own answer.
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 1}, parameter_validation=False))


def create_table(ddb, name, hash_key=("pk", "S"), range_key=None, gsis=(), lsis=()):
    """Creates a PAY_PER_REQUEST table; gsis/lsis are (name, hash, range-or-None) tuples
    whose key attributes are (name, type)."""
    attrs = {hash_key[0]: hash_key[1]}
    schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    if range_key:
        attrs[range_key[0]] = range_key[1]
        schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})

    def index_spec(index_name, h, r):
        attrs[h[0]] = h[1]
        ks = [{"AttributeName": h[0], "KeyType": "HASH"}]
        if r:
            attrs[r[0]] = r[1]
            ks.append({"AttributeName": r[0], "KeyType": "RANGE"})
        return {"IndexName": index_name, "KeySchema": ks, "Projection": {"ProjectionType": "ALL"}}

    kwargs = {}
    if gsis:
        kwargs["GlobalSecondaryIndexes"] = [index_spec(*g) for g in gsis]
    if lsis:
        kwargs["LocalSecondaryIndexes"] = [index_spec(*i) for i in lsis]
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=schema,
                     AttributeDefinitions=[{"AttributeName": k, "AttributeType": t}
                                           for k, t in attrs.items()], **kwargs)
    return name


def error_of(call, *args, **kwargs):
    """Runs a boto3 call that must fail; returns (code, message, response)."""
    with pytest.raises(ClientError) as e:
        call(*args, **kwargs)
    err = e.value.response["Error"]
    return err["Code"], err.get("Message", ""), e.value.response


def validation_message(call, *args, **kwargs):
    code, message, _ = error_of(call, *args, **kwargs)
    assert code == "ValidationException", message
    return message


ENVELOPE = "1 validation error detected: "


def raw(stack, operation, body, target_prefix="DynamoDB_20120810."):
    """POSTs `body` (str or bytes) signed as boto3 signs it; returns the requests response.
    For what Debian's botocore cannot send (parameters newer than it) or would not send."""
    data = body.encode() if isinstance(body, str) else body
    request = AWSRequest(method="POST", url=stack.aws_url + "/", data=data, headers={
        "X-Amz-Target": target_prefix + operation,
        "Content-Type": "application/x-amz-json-1.0"})
    SigV4Auth(Credentials("test", "test"), "dynamodb", "us-east-1").add_auth(request)
    return requests.post(stack.aws_url + "/", data=data, headers=dict(request.headers), timeout=30)

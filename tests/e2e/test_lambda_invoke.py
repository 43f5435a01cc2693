"""The Lambda Invoke API on the edge port, through boto3 (Debian's python3-boto3)."""
import json

import boto3
import pytest
from botocore.exceptions import ClientError

PEOPLE_LIST_EVENT = {"resource": "/people", "path": "/people", "httpMethod": "GET",
                     "headers": None, "queryStringParameters": None, "pathParameters": None,
                     "body": None, "isBase64Encoded": False}


@pytest.fixture
def lam(stack):
    return boto3.client("lambda", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


@pytest.mark.parametrize("name", [
    "people",
    "arn:aws:lambda:us-east-1:000000000000:function:people",
    "people:$LATEST",
])
def test_invoke_by_name_arn_or_qualified_name(lam, name):
    out = lam.invoke(FunctionName=name, Payload=json.dumps(PEOPLE_LIST_EVENT))
    assert out["StatusCode"] == 200
    assert out["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in out
    assert json.loads(out["Payload"].read())["statusCode"] == 200


def test_unknown_function_is_resource_not_found(lam):
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="nobody", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_payload_that_is_not_json_is_refused(lam):
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="people", Payload=b"not json")
    assert e.value.response["Error"]["Code"] == "InvalidRequestContentException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_function_error_is_reported_as_such(lam):
    # Not a proxy event: the People function refuses it as an unhandled error.
    out = lam.invoke(FunctionName="people", Payload=json.dumps([1, 2, 3]))
    assert out["StatusCode"] == 200
    assert out["FunctionError"] == "Unhandled"
    assert "errorMessage" in json.loads(out["Payload"].read())


def test_a_wrong_secret_gets_403(stack):
    lam = boto3.client("lambda", endpoint_url=stack.aws_url, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="wrong")
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="people", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403

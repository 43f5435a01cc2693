"""The AWS CLI (Debian's awscli) against the edge port's DynamoDB."""
import json
import subprocess

from conftest import AWS_CLI


def aws(stack, env, *args, check=True):
    r = subprocess.run([AWS_CLI, "--endpoint-url", stack.aws_url, "--output", "json", *args],
                       env=env, capture_output=True, text=True, timeout=60)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def test_stack_tables_exist_at_start(stack, aws_env):
    out = json.loads(aws(stack, aws_env, "dynamodb", "list-tables").stdout)
    assert "people" in out["TableNames"]
    desc = json.loads(aws(stack, aws_env, "dynamodb", "describe-table",
                          "--table-name", "people").stdout)["Table"]
    assert desc["KeySchema"] == [{"AttributeName": "personId", "KeyType": "HASH"}]
    assert desc["TableStatus"] == "ACTIVE"


def test_table_lifecycle_and_items(stack, aws_env):
    aws(stack, aws_env, "dynamodb", "create-table", "--table-name", "cli-things",
        "--attribute-definitions", "AttributeName=id,AttributeType=S",
        "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws(stack, aws_env, "dynamodb", "put-item", "--table-name", "cli-things",
        "--item", json.dumps({"id": {"S": "a"}, "n": {"N": "1"}, "tags": {"SS": ["x", "y"]}}))
    got = json.loads(aws(stack, aws_env, "dynamodb", "get-item", "--table-name", "cli-things",
                         "--key", json.dumps({"id": {"S": "a"}})).stdout)
    assert got["Item"]["n"] == {"N": "1"}
    assert sorted(got["Item"]["tags"]["SS"]) == ["x", "y"]
    aws(stack, aws_env, "dynamodb", "update-item", "--table-name", "cli-things",
        "--key", json.dumps({"id": {"S": "a"}}),
        "--update-expression", "SET n = n + :one REMOVE tags",
        "--expression-attribute-values", json.dumps({":one": {"N": "1"}}))
    scanned = json.loads(aws(stack, aws_env, "dynamodb", "scan", "--table-name",
                             "cli-things").stdout)
    assert scanned["Count"] == 1
    assert scanned["Items"][0] == {"id": {"S": "a"}, "n": {"N": "2"}}
    aws(stack, aws_env, "dynamodb", "delete-item", "--table-name", "cli-things",
        "--key", json.dumps({"id": {"S": "a"}}))
    got = json.loads(aws(stack, aws_env, "dynamodb", "get-item", "--table-name", "cli-things",
                         "--key", json.dumps({"id": {"S": "a"}})).stdout or "{}")
    assert "Item" not in got
    aws(stack, aws_env, "dynamodb", "delete-table", "--table-name", "cli-things")
    r = aws(stack, aws_env, "dynamodb", "describe-table", "--table-name", "cli-things",
            check=False)
    assert r.returncode != 0
    assert "ResourceNotFoundException" in r.stderr


def test_a_wrong_secret_is_refused_with_the_signature_error(stack, aws_env):
    env = dict(aws_env, AWS_SECRET_ACCESS_KEY="not-the-secret")
    r = aws(stack, env, "dynamodb", "list-tables", check=False)
    assert r.returncode != 0
    assert "InvalidSignatureException" in r.stderr


def test_the_cli_can_invoke_the_function(stack, aws_env, tmp_path):
    event = {"resource": "/people", "path": "/people", "httpMethod": "GET",
             "headers": None, "multiValueHeaders": None, "queryStringParameters": None,
             "multiValueQueryStringParameters": None, "pathParameters": None,
             "stageVariables": None, "requestContext": {"resourcePath": "/people",
                                                        "httpMethod": "GET"},
             "body": None, "isBase64Encoded": False}
    out = tmp_path / "out.json"
    r = aws(stack, aws_env, "lambda", "invoke", "--function-name", "people",
            "--cli-binary-format", "raw-in-base64-out",
            "--payload", json.dumps(event), str(out))
    meta = json.loads(r.stdout)
    assert meta["StatusCode"] == 200
    assert "FunctionError" not in meta
    response = json.loads(out.read_text())
    assert response["statusCode"] == 200
    assert "items" in json.loads(response["body"])

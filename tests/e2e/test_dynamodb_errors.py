"""The DynamoDB wire protocol's errors, sent as raw signed HTTP requests so nothing in a client
library gets in the way: wrong JSON types, malformed and deeply nested JSON, unknown
operations, missing members, and the headers every reply carries."""
import json
import zlib

import pytest

from ddb_helpers import client, create_table, error_of, raw


@pytest.fixture(scope="module")
def ddb(stack):
    c = client(stack)
    create_table(c, "errs")
    return c


def error(response):
    assert response.status_code == 400, response.text
    body = response.json()
    if body["__type"].endswith("#ValidationException"):
        assert body["__type"] == "com.amazon.coral.validate#ValidationException"
    if body["__type"].endswith("#SerializationException"):
        assert body["__type"] == "com.amazon.coral.service#SerializationException"
        assert "Message" in body
    return body["__type"].split("#")[-1], body.get("message", body.get("Message"))


def test_every_reply_has_request_id_and_crc32(stack, ddb):
    for operation, body in (("ListTables", "{}"), ("GetItem", '{"TableName":"errs"}'),
                            ("NoSuchOperation", "{}"), ("GetItem", "{not json")):
        response = raw(stack, operation, body)
        assert len(response.headers["x-amzn-RequestId"]) == 52
        assert int(response.headers["x-amz-crc32"]) == zlib.crc32(response.content)
    meta = ddb.describe_table(TableName="errs")["ResponseMetadata"]
    assert meta["RequestId"] == meta["HTTPHeaders"]["x-amzn-requestid"]


def test_wrong_json_types_are_serialization_errors(stack, ddb):
    code, message = error(raw(stack, "GetItem", '{"TableName": 5, "Key": {}}'))
    assert code == "SerializationException"
    assert message == "NUMBER_VALUE cannot be converted to String"
    code, message = error(raw(stack, "GetItem", '{"TableName": true, "Key": {}}'))
    assert (code, message) == ("SerializationException", "TRUE_VALUE cannot be converted to String")
    code, message = error(raw(stack, "GetItem", '{"TableName": ["x"], "Key": {}}'))
    assert (code, message) == ("SerializationException",
                               "Unrecognized collection type class java.lang.String")
    code, message = error(raw(stack, "GetItem", '{"TableName": {}, "Key": {}}'))
    assert (code, message) == ("SerializationException",
                               "Start of structure or map found where not expected")
    code, message = error(raw(stack, "Scan", '{"TableName": "errs", "Limit": "5"}'))
    assert (code, message) == ("SerializationException", "STRING_VALUE cannot be converted to Integer")
    code, message = error(raw(stack, "GetItem", '{"TableName": "errs", "ConsistentRead": "yes", '
                                                '"Key": {"pk": {"S": "x"}}}'))
    assert (code, message) == ("SerializationException", "Unexpected token received from parser")
    code, message = error(raw(stack, "PutItem", '{"TableName": "errs", "Item": {"pk": {"S": 1}}}'))
    assert (code, message) == ("SerializationException", "NUMBER_VALUE cannot be converted to String")


def test_malformed_json(stack):
    for body in ("{not json", "}}}", "[1, 2]", '"a"', "7", '{"TableName": "errs"'):
        code, _ = error(raw(stack, "GetItem", body))
        assert code == "SerializationException", body
    # An empty body is an empty request: the missing members are reported.
    code, message = error(raw(stack, "GetItem", ""))
    assert code == "ValidationException"


def test_deeply_nested_json_is_refused_not_crashing(stack, ddb):
    depth = 10000
    body = '{"TableName": "errs", "Item": {"pk": {"S": "deep"}, "a": ' + '{"M": {"a": ' * depth + \
           '{"S": "x"}' + "}}" * depth + "}}"
    response = raw(stack, "PutItem", body)
    assert response.status_code == 400
    assert "__type" in response.json()
    # Within the JSON limit but past DynamoDB's 32 levels: the nesting message.
    nested = '{"S": "x"}'
    for _ in range(40):
        nested = '{"M": {"a": ' + nested + "}}"
    code, message = error(raw(stack, "PutItem", '{"TableName": "errs", "Item": {"pk": {"S": "d"}, '
                                                '"a": ' + nested + "}}"))
    assert code == "ValidationException"
    assert "Nesting Levels have exceeded supported limits" in message
    assert "Item" not in ddb.get_item(TableName="errs", Key={"pk": {"S": "deep"}})
    ddb.list_tables()  # still serving


def test_invalid_utf8_in_strings(stack, ddb):
    body = b'{"TableName": "errs", "Item": {"pk": {"S": "bad\xff\xfe"}}}'
    code, _ = error(raw(stack, "PutItem", body))
    assert code == "SerializationException"
    assert ddb.scan(TableName="errs", Select="COUNT")["Count"] == 0


def test_unknown_operation(stack):
    response = raw(stack, "FlyToTheMoon", "{}")
    assert response.status_code == 400
    assert response.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"
    response = raw(stack, "ListTables", "{}", target_prefix="DynamoDB_20990101.")
    assert response.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"


@pytest.mark.parametrize("operation,body", [
    ("GetItem", {"Key": {"pk": {"S": "x"}}}),
    ("PutItem", {"Item": {"pk": {"S": "x"}}}),
    ("DeleteItem", {"Key": {"pk": {"S": "x"}}}),
    ("UpdateItem", {"Key": {"pk": {"S": "x"}}}),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "x"}}}),
    ("Scan", {}),
])
def test_missing_table_name(stack, operation, body):
    code, message = error(raw(stack, operation, json.dumps(body)))
    assert code == "ValidationException"
    assert message == ("1 validation error detected: Value null at 'tableName' failed to satisfy "
                       "constraint: Member must not be null")


@pytest.mark.parametrize("operation,body", [
    ("GetItem", {"Key": {"pk": {"S": "x"}}}),
    ("PutItem", {"Item": {"pk": {"S": "x"}}}),
    ("DeleteItem", {"Key": {"pk": {"S": "x"}}}),
    ("UpdateItem", {"Key": {"pk": {"S": "x"}}, "UpdateExpression": "SET a = :a",
                    "ExpressionAttributeValues": {":a": {"S": "x"}}}),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "x"}}}),
    ("Scan", {}),
])
def test_resource_not_found_per_operation(stack, operation, body):
    code, message = error(raw(stack, operation, json.dumps({"TableName": "ghost-table", **body})))
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")


def test_missing_required_members(stack, ddb):
    code, message = error(raw(stack, "GetItem", '{"TableName": "errs"}'))
    assert message == ("1 validation error detected: Value null at 'key' failed to satisfy "
                       "constraint: Member must not be null")
    code, message = error(raw(stack, "PutItem", '{"TableName": "errs"}'))
    assert message == ("1 validation error detected: Value null at 'item' failed to satisfy "
                       "constraint: Member must not be null")


def test_multiple_validation_errors_are_counted(stack):
    code, message = error(raw(stack, "Scan", json.dumps({
        "TableName": "errs", "Segment": -1, "TotalSegments": 0})))
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected: ")
    assert message.count("failed to satisfy constraint") == 2


def test_attribute_value_shapes(ddb):
    code, message, _ = error_of(ddb.put_item, TableName="errs",
                                Item={"pk": {"S": "x"}, "a": {"S": "x", "N": "1"}})
    assert code == "ValidationException"
    assert message.endswith("Supplied AttributeValue has more than one datatypes set, must "
                            "contain exactly one of the supported datatypes")
    code, message, _ = error_of(ddb.put_item, TableName="errs", Item={"pk": {"S": "x"}, "a": {}})
    assert message.endswith("Supplied AttributeValue is empty, must contain exactly one of the "
                            "supported datatypes")
    code, message, _ = error_of(ddb.put_item, TableName="errs",
                                Item={"pk": {"S": "x"}, "a": {"NULL": False}})
    assert message.endswith("One or more parameter values were invalid: Null attribute value "
                            "types must have the value of true")

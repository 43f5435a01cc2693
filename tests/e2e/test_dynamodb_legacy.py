"""The legacy (pre-expression) DynamoDB parameters through boto3's low-level client, which
sends them as given: Expected / ConditionalOperator, AttributeUpdates, KeyConditions,
QueryFilter / ScanFilter and AttributesToGet, with the errors a user sees."""
import boto3
import pytest
from botocore.exceptions import ClientError

INVALID = "One or more parameter values were invalid: "


@pytest.fixture(scope="module")
def ddb(stack):
    return boto3.client("dynamodb", endpoint_url=stack.aws_url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def create(ddb, name, range_key=None):
    attributes = [{"AttributeName": "pk", "AttributeType": "S"}]
    schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    if range_key:
        attributes.append({"AttributeName": range_key, "AttributeType": "N"})
        schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
    ddb.create_table(TableName=name, AttributeDefinitions=attributes, KeySchema=schema,
                     BillingMode="PAY_PER_REQUEST")


def error(call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def item(ddb, table, pk):
    return ddb.get_item(TableName=table, Key={"pk": {"S": pk}}, ConsistentRead=True).get("Item")


def eq(value):
    return {"ComparisonOperator": "EQ", "AttributeValueList": [value]}


def test_expected_guards_put_update_and_delete(ddb):
    create(ddb, "legacy-expected")
    t = "legacy-expected"
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "n": {"N": "1"}},
                 Expected={"pk": {"Exists": False}})
    assert error(ddb.put_item, TableName=t, Item={"pk": {"S": "p"}},
                 Expected={"pk": {"Exists": False}}) == (
        "ConditionalCheckFailedException", "The conditional request failed")

    ddb.update_item(TableName=t, Key={"pk": {"S": "p"}},
                    AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "2"}},
                                      "tags": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
                                      "log": {"Action": "ADD", "Value": {"L": [{"S": "one"}]}},
                                      "name": {"Action": "PUT", "Value": {"S": "Ada"}}},
                    Expected={"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "5"}]},
                              "gone": {"ComparisonOperator": "NULL"}})
    out = ddb.update_item(TableName=t, Key={"pk": {"S": "p"}},
                          AttributeUpdates={"log": {"Action": "ADD", "Value": {"L": [{"S": "two"}]}},
                                            "tags": {"Action": "DELETE", "Value": {"SS": ["a"]}},
                                            "name": {"Action": "DELETE"}},
                          Expected={"n": {"Value": {"N": "99"}}, "name": {"Exists": True,
                                                                          "Value": {"S": "Ada"}}},
                          ConditionalOperator="OR", ReturnValues="ALL_NEW")
    assert out["Attributes"] == {"pk": {"S": "p"}, "n": {"N": "3"}, "tags": {"SS": ["b"]},
                                 "log": {"L": [{"S": "one"}, {"S": "two"}]}}

    code, message = error(ddb.delete_item, TableName=t, Key={"pk": {"S": "p"}},
                          Expected={"n": {"ComparisonOperator": "GT",
                                          "AttributeValueList": [{"N": "3"}]}})
    assert code == "ConditionalCheckFailedException"
    assert item(ddb, t, "p")["n"] == {"N": "3"}
    ddb.delete_item(TableName=t, Key={"pk": {"S": "p"}}, Expected={"n": eq({"N": "3"})})
    assert item(ddb, t, "p") is None


def test_attribute_updates_errors_change_nothing(ddb):
    create(ddb, "legacy-updates")
    t = "legacy-updates"
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "s": {"S": "x"}})
    before = item(ddb, t, "p")
    cases = [
        ({"s": {"Action": "ADD", "Value": {"N": "1"}}},
         "Type mismatch for attribute to update"),
        ({"s": {"Action": "ADD", "Value": {"S": "y"}}},
         INVALID + "ADD action is not supported for the type S"),
        ({"s": {"Action": "DELETE", "Value": {"N": "1"}}},
         INVALID + "DELETE action with value is not supported for the type N"),
        ({"s": {"Action": "PUT"}},
         INVALID + "Only DELETE action is allowed when no attribute value is specified"),
        ({"pk": {"Action": "PUT", "Value": {"S": "q"}}},
         INVALID + "Cannot update attribute pk. This attribute is part of the key"),
    ]
    for updates, message in cases:
        assert error(ddb.update_item, TableName=t, Key={"pk": {"S": "p"}},
                     AttributeUpdates=updates) == ("ValidationException", message)
    assert item(ddb, t, "p") == before
    # An update that only deletes does not create a missing item.
    ddb.update_item(TableName=t, Key={"pk": {"S": "new"}},
                    AttributeUpdates={"s": {"Action": "DELETE"}})
    assert item(ddb, t, "new") is None


def test_query_and_scan_with_legacy_conditions(ddb):
    create(ddb, "legacy-events", range_key="ts")
    t = "legacy-events"
    for ts in (1, 2, 3, 10, 20):
        ddb.put_item(TableName=t, Item={"pk": {"S": "u"}, "ts": {"N": str(ts)},
                                        "kind": {"S": "even" if ts % 2 == 0 else "odd"},
                                        "note": {"S": f"note {ts}"}})
    out = ddb.query(TableName=t,
                    KeyConditions={"pk": eq({"S": "u"}),
                                   "ts": {"ComparisonOperator": "BETWEEN",
                                          "AttributeValueList": [{"N": "2"}, {"N": "10"}]}},
                    QueryFilter={"kind": eq({"S": "even"})},
                    AttributesToGet=["ts", "kind"])
    assert out["Items"] == [{"ts": {"N": "2"}, "kind": {"S": "even"}},
                            {"ts": {"N": "10"}, "kind": {"S": "even"}}]
    assert (out["Count"], out["ScannedCount"]) == (2, 3)

    out = ddb.scan(TableName=t,
                   ScanFilter={"ts": {"ComparisonOperator": "IN",
                                      "AttributeValueList": [{"N": "1"}, {"N": "20"}]},
                               "note": {"ComparisonOperator": "CONTAINS",
                                        "AttributeValueList": [{"S": "3"}]}},
                   ConditionalOperator="OR", AttributesToGet=["ts"])
    assert sorted(int(i["ts"]["N"]) for i in out["Items"]) == [1, 3, 20]

    assert error(ddb.query, TableName=t,
                 KeyConditions={"pk": {"ComparisonOperator": "BEGINS_WITH",
                                       "AttributeValueList": [{"S": "u"}]}}) == (
        "ValidationException", "Query key condition not supported")
    assert error(ddb.query, TableName=t,
                 KeyConditions={"pk": eq({"S": "u"})},
                 QueryFilter={"ts": {"ComparisonOperator": "NOT_NULL"}}) == (
        "ValidationException",
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: ts")


def test_validation_messages(ddb):
    create(ddb, "legacy-errors")
    t = "legacy-errors"
    assert error(ddb.scan, TableName=t,
                 ScanFilter={"a": {"ComparisonOperator": "EQ",
                                   "AttributeValueList": [{"S": "x"}, {"S": "y"}]}}) == (
        "ValidationException", INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator")
    assert error(ddb.scan, TableName=t,
                 ScanFilter={"a": {"ComparisonOperator": "GT",
                                   "AttributeValueList": [{"BOOL": True}]}}) == (
        "ValidationException", INVALID + "ComparisonOperator GT is not valid for BOOL AttributeValue type")
    assert error(ddb.scan, TableName=t,
                 ScanFilter={"a": {"ComparisonOperator": "BETWEEN",
                                   "AttributeValueList": [{"N": "9"}, {"N": "1"}]}}) == (
        "ValidationException",
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound")
    assert error(ddb.scan, TableName=t, ConditionalOperator="AND",
                 ScanFilter={"a": eq({"S": "x"})}) == (
        "ValidationException",
        "ConditionalOperator can only be used when Filter or Expected has two or more elements")
    assert error(ddb.put_item, TableName=t, Item={"pk": {"S": "p"}},
                 Expected={"a": {"Exists": True}}) == (
        "ValidationException", INVALID + "Value must be provided when Exists is true for Attribute: a")
    assert error(ddb.update_item, TableName=t, Key={"pk": {"S": "p"}},
                 AttributeUpdates={"a": {"Action": "PUT", "Value": {"S": "v"}}},
                 UpdateExpression="SET b = :v", ExpressionAttributeValues={":v": {"S": "x"}}) == (
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")
    assert error(ddb.get_item, TableName=t, Key={"pk": {"S": "p"}},
                 AttributesToGet=["a", "a"]) == (
        "ValidationException", INVALID + "Duplicate value in attribute name: a")
    # None of the refused writes stored anything.
    assert ddb.scan(TableName=t)["Count"] == 0


def test_attributes_to_get_on_reads(ddb):
    create(ddb, "legacy-reads")
    t = "legacy-reads"
    ddb.put_item(TableName=t, Item={"pk": {"S": "p"}, "a": {"N": "1"}, "b": {"S": "x"}})
    assert ddb.get_item(TableName=t, Key={"pk": {"S": "p"}},
                        AttributesToGet=["b", "missing"])["Item"] == {"b": {"S": "x"}}
    out = ddb.batch_get_item(RequestItems={t: {"Keys": [{"pk": {"S": "p"}}],
                                               "AttributesToGet": ["pk", "a"]}})
    assert out["Responses"][t] == [{"pk": {"S": "p"}, "a": {"N": "1"}}]
    assert error(ddb.scan, TableName=t, Select="COUNT", AttributesToGet=["a"]) == (
        "ValidationException",
        "Cannot specify the AttributesToGet when choosing to get only the Count")

"""PutItem, GetItem, UpdateItem and DeleteItem as a boto3 user sees them: return values,
projections, capacity, the 400 KB item limit, key and value rules, numbers."""
import json

import pytest

from ddb_helpers import ENVELOPE, client, create_table, error_of, raw, validation_message

MAX_ITEM = 400 * 1024


@pytest.fixture(scope="module")
def ddb(stack):
    c = client(stack)
    create_table(c, "items")
    create_table(c, "items2", range_key=("sk", "S"))
    create_table(c, "itemsb", hash_key=("pk", "B"))
    create_table(c, "itemsgsi", gsis=[("byg", ("g", "S"), None)])
    return c


def test_put_get_delete_round_trip(ddb):
    item = {"pk": {"S": "a"}, "n": {"N": "007.50"}, "b": {"B": b"\x00\x01"},
            "ss": {"SS": ["y", "x"]}, "m": {"M": {"l": {"L": [{"NULL": True}, {"BOOL": False}]}}}}
    assert "Attributes" not in ddb.put_item(TableName="items", Item=item)
    got = ddb.get_item(TableName="items", Key={"pk": {"S": "a"}}, ConsistentRead=True)["Item"]
    assert got["n"] == {"N": "7.5"}  # leading and trailing zeros are not kept
    assert got["b"] == {"B": b"\x00\x01"}
    assert sorted(got["ss"]["SS"]) == ["x", "y"]
    assert got["m"] == item["m"]
    old = ddb.delete_item(TableName="items", Key={"pk": {"S": "a"}}, ReturnValues="ALL_OLD")
    assert old["Attributes"]["pk"] == {"S": "a"}
    assert "Item" not in ddb.get_item(TableName="items", Key={"pk": {"S": "a"}})
    # Deleting what is not there succeeds and returns nothing.
    assert "Attributes" not in ddb.delete_item(TableName="items", Key={"pk": {"S": "a"}},
                                               ReturnValues="ALL_OLD")


def test_put_return_values(ddb):
    key = {"pk": {"S": "rv-put"}}
    assert "Attributes" not in ddb.put_item(TableName="items", Item={**key, "v": {"N": "1"}},
                                            ReturnValues="ALL_OLD")
    out = ddb.put_item(TableName="items", Item={**key, "v": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert out["Attributes"] == {**key, "v": {"N": "1"}}
    for bad in ("ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"):
        assert validation_message(ddb.put_item, TableName="items", Item=key,
                                  ReturnValues=bad) == "ReturnValues can only be ALL_OLD or NONE"
        assert validation_message(ddb.delete_item, TableName="items", Key=key,
                                  ReturnValues=bad) == "ReturnValues can only be ALL_OLD or NONE"
    message = validation_message(ddb.put_item, TableName="items", Item=key, ReturnValues="SOME")
    assert message.startswith("1 validation error detected: Value 'SOME' at 'returnValues' "
                              "failed to satisfy constraint: Member must satisfy enum value set")


def test_update_return_values(ddb):
    key = {"pk": {"S": "rv-upd"}}
    ddb.put_item(TableName="items", Item={**key, "a": {"N": "1"}, "b": {"S": "keep"},
                                          "gone": {"S": "x"}})

    def update(mode, value):
        return ddb.update_item(TableName="items", Key=key, ReturnValues=mode,
                               UpdateExpression="SET a = :v, c = :v REMOVE gone",
                               ExpressionAttributeValues={":v": {"N": value}})

    assert "Attributes" not in update("NONE", "2")
    assert update("ALL_OLD", "3")["Attributes"] == {**key, "a": {"N": "2"}, "b": {"S": "keep"},
                                                    "c": {"N": "2"}}
    assert update("UPDATED_OLD", "4")["Attributes"] == {"a": {"N": "3"}, "c": {"N": "3"}}
    assert update("UPDATED_NEW", "5")["Attributes"] == {"a": {"N": "5"}, "c": {"N": "5"}}
    assert update("ALL_NEW", "6")["Attributes"] == {**key, "a": {"N": "6"}, "b": {"S": "keep"},
                                                    "c": {"N": "6"}}
    # UPDATED_OLD of a removed attribute returns its old value; UPDATED_NEW leaves it out.
    ddb.put_item(TableName="items", Item={**key, "r": {"S": "old"}})
    out = ddb.update_item(TableName="items", Key=key, UpdateExpression="REMOVE r",
                          ReturnValues="UPDATED_OLD")
    assert out["Attributes"] == {"r": {"S": "old"}}
    ddb.put_item(TableName="items", Item={**key, "r": {"S": "old"}})
    out = ddb.update_item(TableName="items", Key=key, UpdateExpression="REMOVE r",
                          ReturnValues="UPDATED_NEW")
    assert "Attributes" not in out


def test_condition_failure_returns_the_item_on_request(ddb, stack):
    # Debian's botocore predates ReturnValuesOnConditionCheckFailure: sent as signed JSON.
    key = {"pk": {"S": "ccf"}}
    ddb.put_item(TableName="items", Item={**key, "v": {"N": "1"}})
    requests_to_try = [
        ("PutItem", {"Item": key, "ConditionExpression": "attribute_not_exists(pk)"}),
        ("UpdateItem", {"Key": key, "UpdateExpression": "SET v = :x", "ConditionExpression": "v = :two",
                        "ExpressionAttributeValues": {":x": {"N": "5"}, ":two": {"N": "2"}}}),
        ("DeleteItem", {"Key": key, "ConditionExpression": "v = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}}}),
    ]
    for operation, body in requests_to_try:
        response = raw(stack, operation, json.dumps({
            "TableName": "items", "ReturnValuesOnConditionCheckFailure": "ALL_OLD", **body}))
        assert response.status_code == 400
        reply = response.json()
        assert reply["__type"].endswith("#ConditionalCheckFailedException")
        assert reply["message"] == "The conditional request failed"
        assert reply["Item"] == {**key, "v": {"N": "1"}}
        # Without the parameter the error carries no item.
        response = raw(stack, operation, json.dumps({"TableName": "items", **body}))
        assert "Item" not in response.json()
    # The failed writes changed nothing.
    assert ddb.get_item(TableName="items", Key=key)["Item"]["v"] == {"N": "1"}
    response = raw(stack, "PutItem", json.dumps({
        "TableName": "items", "Item": key, "ReturnValuesOnConditionCheckFailure": "ALL_NEW"}))
    assert "returnValuesOnConditionCheckFailure" in response.json()["message"]


def test_consumed_capacity_shapes(ddb):
    key = {"pk": {"S": "cap"}}
    out = ddb.put_item(TableName="items", Item={**key, "s": {"S": "x" * 1500}},
                       ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": "items", "CapacityUnits": 2.0}
    out = ddb.get_item(TableName="items", Key=key, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": "items", "CapacityUnits": 0.5}
    out = ddb.get_item(TableName="items", Key=key, ConsistentRead=True,
                       ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": "items", "CapacityUnits": 1.0,
                                       "Table": {"CapacityUnits": 1.0}}
    assert "ConsumedCapacity" not in ddb.get_item(TableName="items", Key=key,
                                                  ReturnConsumedCapacity="NONE")


def test_projection_with_nested_paths_and_list_indexes(ddb):
    key = {"pk": {"S": "proj"}}
    ddb.put_item(TableName="items", Item={
        **key, "a": {"M": {"b": {"L": [{"S": "l0"}, {"M": {"c": {"N": "1"}, "d": {"N": "2"}}},
                                       {"S": "l2"}]}, "x": {"S": "no"}}},
        "top": {"S": "t"}, "name": {"S": "n"}})
    got = ddb.get_item(TableName="items", Key=key,
                       ProjectionExpression="a.b[1].c, a.b[2], top, #n",
                       ExpressionAttributeNames={"#n": "name"})["Item"]
    assert got == {"a": {"M": {"b": {"L": [{"M": {"c": {"N": "1"}}}, {"S": "l2"}]}}},
                   "top": {"S": "t"}, "name": {"S": "n"}}
    # Missing paths are simply absent.
    assert ddb.get_item(TableName="items", Key=key,
                        ProjectionExpression="nothere, a.b[9]")["Item"] == {}
    message = validation_message(ddb.get_item, TableName="items", Key=key,
                                 ProjectionExpression="a, a.b")
    assert message == ("Invalid ProjectionExpression: Two document paths overlap with each other; "
                       "must remove or rewrite one of these paths; path one: [a], path two: [a, b]")
    message = validation_message(ddb.get_item, TableName="items", Key=key,
                                 ProjectionExpression="name")
    assert message == ("Invalid ProjectionExpression: Attribute name is a reserved keyword; "
                       "reserved keyword: name")


def test_item_size_limit_is_exactly_400_kb(ddb):
    # Size = attribute name bytes + value bytes: "pk" + "k" + "p" + padding.
    padding = MAX_ITEM - len("pk") - len("k") - len("p")
    ddb.put_item(TableName="items", Item={"pk": {"S": "k"}, "p": {"S": "x" * padding}})
    got = ddb.get_item(TableName="items", Key={"pk": {"S": "k"}})["Item"]
    assert len(got["p"]["S"]) == padding
    message = validation_message(ddb.put_item, TableName="items",
                                 Item={"pk": {"S": "k2"}, "p": {"S": "x" * (padding + 1)}})
    assert message.endswith("Item size has exceeded the maximum allowed size")
    assert "Item" not in ddb.get_item(TableName="items", Key={"pk": {"S": "k2"}})
    # UTF-8 bytes count, not characters.
    message = validation_message(ddb.put_item, TableName="items",
                                 Item={"pk": {"S": "k2"}, "p": {"S": "\u00e9" * (padding // 2 + 1)}})
    assert "Item size has exceeded the maximum allowed size" in message
    message = validation_message(ddb.update_item, TableName="items", Key={"pk": {"S": "k"}},
                                 UpdateExpression="SET q = :v",
                                 ExpressionAttributeValues={":v": {"S": "yy"}})
    assert message == "Item size to update has exceeded the maximum allowed size"


def test_key_size_limits(ddb):
    ddb.put_item(TableName="items2", Item={"pk": {"S": "h" * 2048}, "sk": {"S": "r" * 1024}})
    message = validation_message(ddb.put_item, TableName="items2",
                                 Item={"pk": {"S": "h" * 2049}, "sk": {"S": "r"}})
    assert message == ("One or more parameter values were invalid: Size of hashkey has exceeded "
                       "the maximum size limit of2048 bytes")
    message = validation_message(ddb.get_item, TableName="items2",
                                 Key={"pk": {"S": "h"}, "sk": {"S": "r" * 1025}})
    assert message == ("One or more parameter values were invalid: Aggregated size of all range "
                       "keys has exceeded the size limit of 1024 bytes")


def test_empty_strings_and_binaries(ddb):
    ddb.put_item(TableName="items", Item={"pk": {"S": "empty"}, "s": {"S": ""}, "b": {"B": b""},
                                          "ss": {"SS": [""]}})
    got = ddb.get_item(TableName="items", Key={"pk": {"S": "empty"}})["Item"]
    assert got["s"] == {"S": ""} and got["b"] == {"B": b""} and got["ss"] == {"SS": [""]}
    message = validation_message(ddb.put_item, TableName="items", Item={"pk": {"S": ""}})
    assert message == ("One or more parameter values are not valid. The AttributeValue for a key "
                       "attribute cannot contain an empty string value. Key: pk")
    message = validation_message(ddb.get_item, TableName="itemsb", Key={"pk": {"B": b""}})
    assert message == ("One or more parameter values are not valid. The AttributeValue for a key "
                       "attribute cannot contain an empty binary value. Key: pk")
    message = validation_message(ddb.put_item, TableName="itemsgsi",
                                 Item={"pk": {"S": "x"}, "g": {"S": ""}})
    assert message.startswith("One or more parameter values are not valid. A value specified for "
                              "a secondary index key is not supported.")


def test_key_schema_errors(ddb):
    message = validation_message(ddb.put_item, TableName="items", Item={"other": {"S": "x"}})
    assert message == "One or more parameter values were invalid: Missing the key pk in the item"
    message = validation_message(ddb.put_item, TableName="items", Item={"pk": {"N": "1"}})
    assert message == ("One or more parameter values were invalid: Type mismatch for key pk "
                       "expected: S actual: N")
    for key in ({"pk": {"N": "1"}}, {"other": {"S": "x"}}, {"pk": {"S": "x"}, "x": {"S": "y"}}):
        message = validation_message(ddb.get_item, TableName="items", Key=key)
        assert message == "The provided key element does not match the schema"
    message = validation_message(ddb.put_item, TableName="itemsgsi",
                                 Item={"pk": {"S": "x"}, "g": {"N": "1"}})
    assert message == ("One or more parameter values were invalid: Type mismatch for Index Key g "
                       "Expected: S Actual: N IndexName: byg")


def test_sets_must_be_non_empty_and_unique(ddb):
    def put(value):
        return validation_message(ddb.put_item, TableName="items",
                                  Item={"pk": {"S": "set"}, "s": value})

    invalid = "One or more parameter values were invalid: "
    assert put({"SS": []}) == ENVELOPE + invalid + "An string set  may not be empty"
    assert put({"NS": []}) == ENVELOPE + invalid + "An number set  may not be empty"
    assert put({"BS": []}) == ENVELOPE + invalid + "Binary sets should not be empty"
    assert put({"SS": ["b", "a", "b"]}) == (
        ENVELOPE + invalid + 'Input collection ["a", "b", "b"] contains duplicates.')
    assert put({"NS": ["2", "1", "2.0"]}) == ENVELOPE + invalid + "Input collection contains duplicates."
    assert put({"BS": [b"\xff", b"\x00", b"\x00"]}) == (
        ENVELOPE + invalid + 'Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.')
    assert "Item" not in ddb.get_item(TableName="items", Key={"pk": {"S": "set"}})


@pytest.mark.parametrize("text,stored", [
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("0001.2300", "1.23"), ("-0", "0"), ("1E+2", "100"), ("1e125", "1" + "0" * 125),
    ("1E-130", "0." + "0" * 129 + "1"), ("-.5", "-0.5")])
def test_numbers_are_stored_canonical(ddb, text, stored):
    key = {"pk": {"S": "num"}}
    ddb.put_item(TableName="items", Item={**key, "n": {"N": text}})
    assert ddb.get_item(TableName="items", Key=key)["Item"]["n"] == {"N": stored}


@pytest.mark.parametrize("text,message", [
    ("123456789012345678901234567890123456789",
     "Attempting to store more than 38 significant digits in a Number"),
    ("1E126", "Number overflow. Attempting to store a number with magnitude larger than "
              "supported range"),
    ("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than "
               "supported range"),
    ("Infinity", "The parameter cannot be converted to a numeric value: Infinity"),
    ("NaN", "The parameter cannot be converted to a numeric value: NaN"),
    ("abc", "The parameter cannot be converted to a numeric value: abc"),
    (" 1", "The parameter cannot be converted to a numeric value:  1"),
    ("", "The parameter cannot be converted to a numeric value: ")])
def test_bad_numbers_are_refused(ddb, text, message):
    got = validation_message(ddb.put_item, TableName="items",
                             Item={"pk": {"S": "badnum"}, "n": {"N": text}})
    assert got == ENVELOPE + message
    # GetItem reports the same problem without the envelope.
    got = validation_message(ddb.get_item, TableName="items2",
                             Key={"pk": {"S": "x"}, "sk": {"S": "y"}, "n": {"N": text}})
    assert got == message


def test_missing_and_unknown_tables(ddb):
    code, message, _ = error_of(ddb.get_item, TableName="nope", Key={"pk": {"S": "x"}})
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")
    code, message, _ = error_of(ddb.put_item, TableName="ab", Item={"pk": {"S": "x"}})
    assert code == "ResourceNotFoundException"
    message = validation_message(ddb.put_item, TableName="bad name!", Item={"pk": {"S": "x"}})
    assert message == ("1 validation error detected: Value 'bad name!' at 'tableName' failed to "
                       "satisfy constraint: Member must satisfy regular expression pattern: "
                       "[a-zA-Z0-9_.-]+")

"""BatchGetItem and BatchWriteItem through boto3: limits, duplicate keys, missing tables,
per-table projections, and that a bad request anywhere leaves every table unchanged."""
import re

import pytest

from ddb_helpers import client, create_table, error_of, validation_message


@pytest.fixture(scope="module")
def ddb(stack):
    c = client(stack)
    create_table(c, "bat")
    create_table(c, "bat2", range_key=("sk", "N"))
    create_table(c, "batgsi", gsis=[("byg", ("g", "N"), None)])
    return c


def puts(table, n, start=0):
    return [{"PutRequest": {"Item": {"pk": {"S": f"{table}-{i}"}, "v": {"N": str(i)}}}}
            for i in range(start, start + n)]


def count(ddb, table):
    return ddb.scan(TableName=table, Select="COUNT", ConsistentRead=True)["Count"]


def test_write_then_get_across_tables(ddb):
    out = ddb.batch_write_item(RequestItems={
        "bat": puts("bat", 20),
        "bat2": [{"PutRequest": {"Item": {"pk": {"S": "x"}, "sk": {"N": str(i)}}}} for i in range(5)]})
    assert out["UnprocessedItems"] == {}
    out = ddb.batch_get_item(RequestItems={
        "bat": {"Keys": [{"pk": {"S": "bat-1"}}, {"pk": {"S": "bat-2"}}, {"pk": {"S": "none"}}],
                "ProjectionExpression": "#v", "ExpressionAttributeNames": {"#v": "v"}},
        "bat2": {"Keys": [{"pk": {"S": "x"}, "sk": {"N": "3"}}], "ConsistentRead": True}})
    assert out["UnprocessedKeys"] == {}
    assert sorted(i["v"]["N"] for i in out["Responses"]["bat"]) == ["1", "2"]
    assert out["Responses"]["bat2"] == [{"pk": {"S": "x"}, "sk": {"N": "3"}}]
    out = ddb.batch_write_item(RequestItems={"bat": [
        {"DeleteRequest": {"Key": {"pk": {"S": "bat-1"}}}},
        {"DeleteRequest": {"Key": {"pk": {"S": "never-there"}}}}]})
    assert out["UnprocessedItems"] == {}
    assert "Item" not in ddb.get_item(TableName="bat", Key={"pk": {"S": "bat-1"}})


def test_batch_get_limits_and_errors(ddb):
    keys = [{"pk": {"S": f"k{i}"}} for i in range(100)]
    assert ddb.batch_get_item(RequestItems={"bat": {"Keys": keys}})["UnprocessedKeys"] == {}
    message = validation_message(ddb.batch_get_item, RequestItems={
        "bat": {"Keys": keys + [{"pk": {"S": "k100"}}]}})
    assert message == ("1 validation error detected: Value at 'RequestItems.bat.member.Keys' "
                       "failed to satisfy constraint: Member must have length less than or "
                       "equal to 100")
    message = validation_message(ddb.batch_get_item, RequestItems={
        "bat": {"Keys": keys[:60]},
        "bat2": {"Keys": [{"pk": {"S": "x"}, "sk": {"N": str(i)}} for i in range(41)]}})
    assert message == "Too many items requested for the BatchGetItem call"
    message = validation_message(ddb.batch_get_item, RequestItems={
        "bat": {"Keys": [{"pk": {"S": "d"}}, {"pk": {"S": "d"}}]}})
    assert message == "Provided list of item keys contains duplicates"
    message = validation_message(ddb.batch_get_item, RequestItems={"bat": {"Keys": []}})
    assert message == ("1 validation error detected: Value at 'RequestItems.bat.member.Keys' "
                       "failed to satisfy constraint: Member must have length greater than or "
                       "equal to 1")
    message = validation_message(ddb.batch_get_item, RequestItems={})
    assert message == ("1 validation error detected: Value at 'RequestItems' failed to satisfy "
                       "constraint: Member must have length greater than or equal to 1")
    code, message, _ = error_of(ddb.batch_get_item, RequestItems={
        "bat": {"Keys": keys[:1]}, "missing-table": {"Keys": keys[:1]}})
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")
    message = validation_message(ddb.batch_get_item, RequestItems={
        "bad!name": {"Keys": [{"pk": {"S": "a"}}]}})
    assert message == (
        "1 validation error detected: Value '{\"bad!name\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}}]}}' "
        "at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: "
        "[Member must have length less than or equal to 255, Member must have length greater "
        "than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]")
    message = validation_message(ddb.batch_get_item, RequestItems={
        "bat": {"Keys": [{"pk": {"S": "a"}}], "ProjectionExpression": "a, a"}})
    assert message == ("Invalid ProjectionExpression: Two document paths overlap with each "
                       "other; must remove or rewrite one of these paths; path one: [a], path "
                       "two: [a]")
    message = validation_message(ddb.batch_get_item, RequestItems={
        "bat": {"Keys": [{"pk": {"N": "1"}}]}})
    assert message == "The provided key element does not match the schema"


def test_batch_write_limits(ddb):
    before = count(ddb, "bat")
    message = validation_message(ddb.batch_write_item, RequestItems={"bat": puts("lim", 26)})
    assert re.fullmatch(r"1 validation error detected: Value '\{bat=\[.+\]\}' at 'requestItems' "
                        r"failed to satisfy constraint: Map value must satisfy constraint: "
                        r"\[Member must have length less than or equal to 25, Member must have "
                        r"length greater than or equal to 1\]", message, re.S), message
    message = validation_message(ddb.batch_write_item, RequestItems={"bat": []})
    assert message == ("1 validation error detected: Value '{bat=[]}' at 'requestItems' failed "
                       "to satisfy constraint: Map value must satisfy constraint: [Member must "
                       "have length less than or equal to 25, Member must have length greater "
                       "than or equal to 1]")
    message = validation_message(ddb.batch_write_item, RequestItems={
        "bat": puts("lim", 20), "bat2": [{"PutRequest": {"Item": {"pk": {"S": "y"}, "sk": {"N": str(i)}}}}
                                         for i in range(6)]})
    assert message == "Too many items requested for the BatchWriteItem call"
    message = validation_message(ddb.batch_write_item, RequestItems={
        "bad!name": [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}]})
    assert re.fullmatch(r"1 validation error detected: Value '\{bad!name=\[WriteRequest\("
                        r"putRequest=PutRequest\(item=\{pk=.+\}.*\)\]\}' at 'requestItems' failed "
                        r"to satisfy constraint: Map keys must satisfy constraint: \[Member must "
                        r"have length less than or equal to 255, Member must have length greater "
                        r"than or equal to 3, Member must satisfy regular expression pattern: "
                        r"\[a-zA-Z0-9_.-\]\+\]", message), message
    message = validation_message(ddb.batch_write_item, RequestItems={})
    assert message == ("1 validation error detected: Value at 'RequestItems' failed to satisfy "
                       "constraint: Member must have length greater than or equal to 1")
    assert count(ddb, "bat") == before


def test_batch_write_duplicate_keys(ddb):
    for requests in (
            [{"PutRequest": {"Item": {"pk": {"S": "dup"}}}}, {"PutRequest": {"Item": {"pk": {"S": "dup"}}}}],
            [{"PutRequest": {"Item": {"pk": {"S": "dup"}}}}, {"DeleteRequest": {"Key": {"pk": {"S": "dup"}}}}]):
        assert validation_message(ddb.batch_write_item, RequestItems={"bat": requests}) == (
            "Provided list of item keys contains duplicates")
    assert "Item" not in ddb.get_item(TableName="bat", Key={"pk": {"S": "dup"}})


def test_a_bad_later_request_writes_nothing(ddb):
    before = count(ddb, "batgsi")
    good = [{"PutRequest": {"Item": {"pk": {"S": f"ok{i}"}, "g": {"N": "1"}}}} for i in range(5)]
    cases = [
        ({"PutRequest": {"Item": {"pk": {"S": "bad"}, "g": {"S": "not a number"}}}},
         "One or more parameter values were invalid: Type mismatch for Index Key g Expected: N "
         "Actual: S IndexName: byg"),
        ({"PutRequest": {"Item": {"pk": {"S": "big"}, "p": {"S": "x" * (400 * 1024)}}}},
         "Item size has exceeded the maximum allowed size"),
        ({"PutRequest": {"Item": {"other": {"S": "x"}}}},
         "The provided key element does not match the schema"),
        ({"PutRequest": {"Item": {"pk": {"N": "5"}}}},
         "The provided key element does not match the schema"),
        ({"PutRequest": {"Item": {"pk": {"S": ""}}}},
         "One or more parameter values are not valid. The AttributeValue for a key attribute "
         "cannot contain an empty string value. Key: pk"),
        ({"DeleteRequest": {"Key": {"pk": {"S": "x"}, "extra": {"S": "y"}}}},
         "The provided key element does not match the schema"),
    ]
    for bad, message in cases:
        got = validation_message(ddb.batch_write_item, RequestItems={"batgsi": good + [bad]})
        assert got == message
        assert count(ddb, "batgsi") == before
    code, message, _ = error_of(ddb.batch_write_item, RequestItems={
        "batgsi": good, "missing-table": puts("m", 1)})
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")
    assert count(ddb, "batgsi") == before
    # The index saw nothing either.
    out = ddb.query(TableName="batgsi", IndexName="byg", KeyConditionExpression="g = :g",
                    ExpressionAttributeValues={":g": {"N": "1"}})
    assert out["Count"] == 0


def test_batch_write_item_with_aws_cli(aws_env, stack, tmp_path):
    import json
    import subprocess

    from conftest import AWS_CLI
    request = {"bat": [{"PutRequest": {"Item": {"pk": {"S": "cli"}, "v": {"N": "1"}}}}]}
    path = tmp_path / "req.json"
    path.write_text(json.dumps(request))
    out = subprocess.run([AWS_CLI, "dynamodb", "batch-write-item", "--endpoint-url",
                          stack.aws_url, "--request-items", f"file://{path}"],
                         env=aws_env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"UnprocessedItems": {}}

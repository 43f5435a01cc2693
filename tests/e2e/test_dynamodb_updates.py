"""UpdateExpression through boto3: SET arithmetic and functions, nested paths and list
indexes, REMOVE, ADD, DELETE, and the errors DynamoDB gives for bad updates."""
import pytest

from ddb_helpers import ENVELOPE, client, create_table, validation_message


@pytest.fixture(scope="module")
def ddb(stack):
    c = client(stack)
    create_table(c, "upd", range_key=("sk", "N"))
    return c


def key(name):
    return {"pk": {"S": name}, "sk": {"N": "1"}}


def update(ddb, name, expression, values=None, names=None):
    kwargs = {"ReturnValues": "ALL_NEW"}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    out = ddb.update_item(TableName="upd", Key=key(name), UpdateExpression=expression, **kwargs)
    return out.get("Attributes", {})


def fails(ddb, name, expression, values=None, names=None):
    kwargs = {}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    return validation_message(ddb.update_item, TableName="upd", Key=key(name),
                              UpdateExpression=expression, **kwargs)


def test_update_creates_the_item(ddb):
    got = update(ddb, "create", "SET a = :v", {":v": {"S": "x"}})
    assert got == {**key("create"), "a": {"S": "x"}}
    got = ddb.get_item(TableName="upd", Key=key("create"), ConsistentRead=True)["Item"]
    assert got == {**key("create"), "a": {"S": "x"}}


def test_set_arithmetic_and_functions(ddb):
    update(ddb, "arith", "SET n = :ten, l = :l", {":ten": {"N": "10"}, ":l": {"L": [{"N": "1"}]}})
    assert update(ddb, "arith", "SET n = n + :v", {":v": {"N": "2.5"}})["n"] == {"N": "12.5"}
    assert update(ddb, "arith", "SET n = n - :v", {":v": {"N": "20"}})["n"] == {"N": "-7.5"}
    assert update(ddb, "arith", "SET m = :a - n", {":a": {"N": "0"}})["m"] == {"N": "7.5"}
    got = update(ddb, "arith", "SET c = if_not_exists(c, :z) + :one, n = if_not_exists(n, :z)",
                 {":z": {"N": "0"}, ":one": {"N": "1"}})
    assert got["c"] == {"N": "1"} and got["n"] == {"N": "-7.5"}
    got = update(ddb, "arith", "SET l = list_append(l, :more), k = list_append(:more, l)",
                 {":more": {"L": [{"S": "x"}]}})
    assert got["l"] == {"L": [{"N": "1"}, {"S": "x"}]}
    assert got["k"] == {"L": [{"S": "x"}, {"N": "1"}]}  # operands read the item before the update


def test_nested_paths_and_list_indexes(ddb):
    update(ddb, "nest", "SET m = :m", {":m": {"M": {"l": {"L": [{"S": "a"}, {"S": "b"}]}}}})
    got = update(ddb, "nest", "SET m.l[0] = :x, m.nest = :y",
                 {":x": {"S": "A"}, ":y": {"M": {}}})
    assert got["m"]["M"]["l"] == {"L": [{"S": "A"}, {"S": "b"}]}
    got = update(ddb, "nest", "SET m.nest.deep = :x", {":x": {"N": "1"}})
    assert got["m"]["M"]["nest"] == {"M": {"deep": {"N": "1"}}}
    # An index past the end appends.
    got = update(ddb, "nest", "SET m.l[10] = :x", {":x": {"S": "c"}})
    assert got["m"]["M"]["l"] == {"L": [{"S": "A"}, {"S": "b"}, {"S": "c"}]}
    # A path through something missing or of the wrong shape is refused.
    assert fails(ddb, "nest", "SET nothere.x = :x", {":x": {"S": "c"}}) == (
        "The document path provided in the update expression is invalid for update")
    assert fails(ddb, "nest", "SET m.l.x = :x", {":x": {"S": "c"}}) == (
        "The document path provided in the update expression is invalid for update")
    assert fails(ddb, "nest", "SET m[0] = :x", {":x": {"S": "c"}}) == (
        "The document path provided in the update expression is invalid for update")


def test_remove_attributes_and_list_elements(ddb):
    update(ddb, "rm", "SET a = :a, l = :l",
           {":a": {"S": "x"}, ":l": {"L": [{"N": str(i)} for i in range(5)]}})
    got = update(ddb, "rm", "REMOVE a, l[1], l[3], l[40]")
    assert "a" not in got
    assert got["l"] == {"L": [{"N": "0"}, {"N": "2"}, {"N": "4"}]}


def test_add_numbers_and_sets(ddb):
    assert update(ddb, "add", "ADD n :v", {":v": {"N": "3"}})["n"] == {"N": "3"}
    assert update(ddb, "add", "ADD n :v", {":v": {"N": "-1"}})["n"] == {"N": "2"}
    got = update(ddb, "add", "ADD s :v", {":v": {"SS": ["a", "b"]}})
    got = update(ddb, "add", "ADD s :v", {":v": {"SS": ["b", "c"]}})
    assert sorted(got["s"]["SS"]) == ["a", "b", "c"]
    assert fails(ddb, "add", "ADD s :v", {":v": {"NS": ["1"]}}) == (
        "An operand in the update expression has an incorrect data type")
    assert fails(ddb, "add", "ADD n :v", {":v": {"S": "x"}}) == (
        ENVELOPE + "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                   "operator: ADD, operand type: STRING")


def test_delete_from_sets(ddb):
    update(ddb, "del", "SET s = :s", {":s": {"NS": ["1", "2", "3"]}})
    got = update(ddb, "del", "DELETE s :v", {":v": {"NS": ["1", "9"]}})
    assert sorted(got["s"]["NS"]) == ["2", "3"]
    got = update(ddb, "del", "DELETE s :v", {":v": {"NS": ["2", "3"]}})
    assert "s" not in got  # a set emptied by DELETE is removed
    assert fails(ddb, "del", "DELETE s :v", {":v": {"N": "1"}}) == (
        ENVELOPE + "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                   "operator: DELETE, operand type: NUMBER")


def test_type_mismatches(ddb):
    update(ddb, "types", "SET s = :s, l = :l", {":s": {"S": "x"}, ":l": {"L": []}})
    message = "An operand in the update expression has an incorrect data type"
    assert fails(ddb, "types", "SET n = s + :one", {":one": {"N": "1"}}) == message
    assert fails(ddb, "types", "SET l = list_append(s, l)") == message
    assert fails(ddb, "types", "SET n = :s + :one", {":s": {"S": "x"}, ":one": {"N": "1"}}) == (
        ENVELOPE + "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                   "operator or function: +, operand type: S")
    assert fails(ddb, "types", "SET l = list_append(l, :s)", {":s": {"S": "x"}}) == (
        ENVELOPE + "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                   "operator or function: list_append, operand type: S")
    assert fails(ddb, "types", "SET n = nothere + :one", {":one": {"N": "1"}}) == (
        "The provided expression refers to an attribute that does not exist in the item")


def test_overlapping_paths_and_repeated_clauses(ddb):
    assert fails(ddb, "ovl", "SET a = :v, a.b = :v", {":v": {"S": "x"}}) == (
        ENVELOPE + "Invalid UpdateExpression: Two document paths overlap with each other; must "
                   "remove or rewrite one of these paths; path one: [a], path two: [a, b]")
    assert fails(ddb, "ovl", "SET a = :v REMOVE a", {":v": {"S": "x"}}).endswith(
        "path one: [a], path two: [a]")
    assert fails(ddb, "ovl", "SET a = :v SET b = :v", {":v": {"S": "x"}}) == (
        ENVELOPE + 'Invalid UpdateExpression: The "SET" section can only be used once in an '
                   "update expression;")


def test_key_attributes_cannot_be_updated(ddb):
    for expression, values in (("SET pk = :v", {":v": {"S": "x"}}), ("REMOVE sk", None),
                               ("ADD sk :n", {":n": {"N": "1"}})):
        assert fails(ddb, "keys", expression, values) in (
            "One or more parameter values were invalid: Cannot update attribute pk. This "
            "attribute is part of the key",
            "One or more parameter values were invalid: Cannot update attribute sk. This "
            "attribute is part of the key")


def test_syntax_and_placeholder_errors(ddb):
    assert fails(ddb, "syn", "INVALID SYNTAX HERE") == (
        ENVELOPE + 'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"')
    assert fails(ddb, "syn", "SET a = :v") == (
        ENVELOPE + "Invalid UpdateExpression: An expression attribute value used in expression "
                   "is not defined; attribute value: :v")
    assert fails(ddb, "syn", "") == ENVELOPE + "Invalid UpdateExpression: The expression can not be empty;"


def test_failed_update_changes_nothing(ddb):
    update(ddb, "atomic", "SET a = :one, s = :s", {":one": {"N": "1"}, ":s": {"S": "x"}})
    fails(ddb, "atomic", "SET a = :two, b = s + :two", {":two": {"N": "2"}})
    got = ddb.get_item(TableName="upd", Key=key("atomic"))["Item"]
    assert got == {**key("atomic"), "a": {"N": "1"}, "s": {"S": "x"}}

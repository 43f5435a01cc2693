"""ConditionExpression: every function and operator, precedence, and the errors a bad
expression gets, through boto3."""
import pytest
from botocore.exceptions import ClientError

from ddb_helpers import ENVELOPE, client, create_table, validation_message

KEY = {"pk": {"S": "c"}}
ITEM = {
    **KEY,
    "s": {"S": "hello"}, "n": {"N": "5"}, "b": {"B": b"\x01\x02\x03"},
    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "bs": {"BS": [b"\x01"]},
    "l": {"L": [{"S": "x"}, {"N": "1"}]}, "m": {"M": {"k": {"S": "v"}, "deep": {"M": {"z": {"N": "0"}}}}},
    "nul": {"NULL": True}, "t": {"BOOL": True},
}


@pytest.fixture(scope="module")
def ddb(stack):
    c = client(stack)
    create_table(c, "cond")
    c.put_item(TableName="cond", Item=ITEM)
    return c


def holds(ddb, expression, values=None, names=None):
    """Whether the condition holds on ITEM (a conditional no-op update tells)."""
    kwargs = {}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if names:
        kwargs["ExpressionAttributeNames"] = names
    try:
        ddb.update_item(TableName="cond", Key=KEY, UpdateExpression="SET s = s",
                        ConditionExpression=expression, **kwargs)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def test_attribute_exists_and_not_exists(ddb):
    assert holds(ddb, "attribute_exists(s)")
    assert holds(ddb, "attribute_exists(m.deep.z)")
    assert holds(ddb, "attribute_exists(l[1])")
    assert not holds(ddb, "attribute_exists(l[2])")
    assert not holds(ddb, "attribute_exists(nothere)")
    assert holds(ddb, "attribute_not_exists(nothere)")
    assert not holds(ddb, "attribute_not_exists(#k)", names={"#k": "pk"})


@pytest.mark.parametrize("attr,type_name", [
    ("s", "S"), ("n", "N"), ("b", "B"), ("ss", "SS"), ("ns", "NS"), ("bs", "BS"), ("l", "L"),
    ("m", "M"), ("nul", "NULL"), ("t", "BOOL")])
def test_attribute_type_for_every_type(ddb, attr, type_name):
    assert holds(ddb, f"attribute_type({attr}, :t)", {":t": {"S": type_name}})
    other = "N" if type_name != "N" else "S"
    assert not holds(ddb, f"attribute_type({attr}, :t)", {":t": {"S": other}})


def test_attribute_type_with_unknown_type(ddb):
    message = validation_message(ddb.update_item, TableName="cond", Key=KEY,
                                 UpdateExpression="SET s = s",
                                 ConditionExpression="attribute_type(s, :t)",
                                 ExpressionAttributeValues={":t": {"S": "STRING"}})
    assert "Invalid attribute type name found; type: STRING" in message


def test_begins_with(ddb):
    assert holds(ddb, "begins_with(s, :p)", {":p": {"S": "hel"}})
    assert not holds(ddb, "begins_with(s, :p)", {":p": {"S": "el"}})
    assert holds(ddb, "begins_with(b, :p)", {":p": {"B": b"\x01\x02"}})
    assert not holds(ddb, "begins_with(n, :p)", {":p": {"S": "5"}})


def test_contains_on_strings_sets_and_lists(ddb):
    assert holds(ddb, "contains(s, :v)", {":v": {"S": "ell"}})
    assert holds(ddb, "contains(ss, :v)", {":v": {"S": "a"}})
    assert not holds(ddb, "contains(ss, :v)", {":v": {"S": "c"}})
    assert holds(ddb, "contains(ns, :v)", {":v": {"N": "2.0"}})
    assert holds(ddb, "contains(bs, :v)", {":v": {"B": b"\x01"}})
    assert holds(ddb, "contains(l, :v)", {":v": {"N": "1"}})
    assert not holds(ddb, "contains(l, :v)", {":v": {"S": "1"}})
    assert holds(ddb, "contains(b, :v)", {":v": {"B": b"\x02"}})


@pytest.mark.parametrize("attr,size", [
    ("s", 5), ("b", 3), ("ss", 2), ("ns", 2), ("bs", 1), ("l", 2), ("m", 2)])
def test_size_of_every_sized_type(ddb, attr, size):
    assert holds(ddb, f"size({attr}) = :n", {":n": {"N": str(size)}})
    assert holds(ddb, f"size({attr}) > :n", {":n": {"N": str(size - 1)}})


def test_size_of_unsized_types_never_holds(ddb):
    for attr in ("n", "t", "nul", "nothere"):
        assert not holds(ddb, f"size({attr}) >= :z", {":z": {"N": "0"}})


def test_comparisons(ddb):
    five = {":v": {"N": "5"}}
    assert holds(ddb, "n = :v", five)
    assert not holds(ddb, "n <> :v", five)
    assert holds(ddb, "n <= :v", five) and holds(ddb, "n >= :v", five)
    assert not holds(ddb, "n < :v", five) and not holds(ddb, "n > :v", five)
    assert holds(ddb, "s < :v", {":v": {"S": "world"}})
    assert holds(ddb, "b > :v", {":v": {"B": b"\x01"}})
    # Different types never compare, except for <> which holds.
    assert not holds(ddb, "n < :v", {":v": {"S": "9"}})
    assert holds(ddb, "n <> :v", {":v": {"S": "5"}})
    assert holds(ddb, "nothere <> :v", five)
    assert holds(ddb, "m = :m", {":m": ITEM["m"]})
    assert holds(ddb, "ss = :v", {":v": {"SS": ["b", "a"]}})
    assert holds(ddb, "m.k = :v", {":v": {"S": "v"}})
    assert holds(ddb, "l[0] = :v", {":v": {"S": "x"}})


def test_between_and_in(ddb):
    assert holds(ddb, "n BETWEEN :a AND :b", {":a": {"N": "5"}, ":b": {"N": "6"}})
    assert not holds(ddb, "n BETWEEN :a AND :b", {":a": {"N": "6"}, ":b": {"N": "7"}})
    message = validation_message(ddb.update_item, TableName="cond", Key=KEY,
                                 UpdateExpression="SET s = s",
                                 ConditionExpression="n BETWEEN :a AND :b",
                                 ExpressionAttributeValues={":a": {"N": "7"}, ":b": {"N": "6"}})
    assert "The BETWEEN operator requires upper bound to be greater than or equal to lower bound" \
        in message
    assert holds(ddb, "s IN (:a, :b)", {":a": {"S": "x"}, ":b": {"S": "hello"}})
    assert not holds(ddb, "s IN (:a)", {":a": {"S": "x"}})


def test_in_takes_at_most_100_values(ddb):
    values = {f":v{i}": {"N": str(i)} for i in range(100)}
    listed = ", ".join(values)
    assert holds(ddb, f"n IN ({listed})", values)
    values[":v100"] = {"N": "100"}
    message = validation_message(ddb.update_item, TableName="cond", Key=KEY,
                                 UpdateExpression="SET s = s",
                                 ConditionExpression=f"n IN ({', '.join(values)})",
                                 ExpressionAttributeValues=values)
    assert "The IN operator is provided with too many operands; number of operands: 101" in message


def test_and_or_not_precedence_and_parentheses(ddb):
    t, f = "attribute_exists(s)", "attribute_exists(nothere)"
    # NOT binds tighter than AND, AND tighter than OR.
    assert holds(ddb, f"{t} OR {t} AND {f}")
    assert not holds(ddb, f"({t} OR {t}) AND {f}")
    assert holds(ddb, f"NOT {f} AND {t}")
    assert not holds(ddb, f"NOT ({f} OR {t})")
    assert holds(ddb, f"{f} or not {f}")  # keywords are case-insensitive


def test_condition_on_missing_item(ddb):
    ddb.put_item(TableName="cond", Item={"pk": {"S": "new"}},
                 ConditionExpression="attribute_not_exists(pk)")
    with pytest.raises(ClientError) as e:
        ddb.delete_item(TableName="cond", Key={"pk": {"S": "absent"}},
                        ConditionExpression="attribute_exists(pk)")
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def error(ddb, expression, values=None, names=None):
    kwargs = {}
    if values is not None:
        kwargs["ExpressionAttributeValues"] = values
    if names is not None:
        kwargs["ExpressionAttributeNames"] = names
    return validation_message(ddb.put_item, TableName="cond", Item={"pk": {"S": "err"}},
                              ConditionExpression=expression, **kwargs)


def test_syntax_errors(ddb):
    assert error(ddb, "s = ").startswith(
        ENVELOPE + 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ')
    assert error(ddb, "s == :v", {":v": {"S": "x"}}).startswith(
        ENVELOPE + 'Invalid ConditionExpression: Syntax error; token: "="')
    assert error(ddb, "") == ENVELOPE + "Invalid ConditionExpression: The expression can not be empty;"
    assert "Invalid ConditionExpression: Invalid character encountered; token: \"$\"" in error(ddb, "s = $")
    assert "Invalid function name; function: nosuch" in error(ddb, "nosuch(s)")
    assert error(ddb, "((attribute_exists(s)))") == (
        ENVELOPE + "Invalid ConditionExpression: The expression has redundant parentheses;")


def test_placeholder_errors(ddb):
    assert error(ddb, "s = :v") == (
        ENVELOPE + "Invalid ConditionExpression: An expression attribute value used in expression "
                   "is not defined; attribute value: :v")
    assert error(ddb, "#s = :v", {":v": {"S": "x"}}) == (
        ENVELOPE + "Invalid ConditionExpression: An expression attribute name used in the document "
                   "path is not defined; attribute name: #s")
    assert error(ddb, "s = :v", {":v": {"S": "x"}, ":w": {"S": "y"}}) == (
        ENVELOPE + "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")
    assert error(ddb, "s = :v", {":v": {"S": "x"}}, {"#n": "n"}) == (
        ENVELOPE + "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}")
    message = validation_message(ddb.put_item, TableName="cond", Item={"pk": {"S": "err"}},
                                 ExpressionAttributeValues={":v": {"S": "x"}})
    assert message == ENVELOPE + "ExpressionAttributeValues can only be specified when using expressions"


def test_reserved_words_need_placeholders(ddb):
    assert error(ddb, "size = :v", {":v": {"N": "1"}}) == (
        ENVELOPE + "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
                   "keyword: size")
    assert not holds(ddb, "#size = :v", {":v": {"N": "1"}}, {"#size": "size"})


def test_wrong_operand_types(ddb):
    assert "Incorrect number of operands for operator or function; operator or function: " \
           "attribute_exists, number of operands: 2" in error(ddb, "attribute_exists(s, n)")
    assert "Operator or function requires a document path; operator or function: " \
           "attribute_exists" in error(ddb, "attribute_exists(:v)", {":v": {"S": "x"}})
    assert error(ddb, "contains(#a, #a)", names={"#a": "data"}) == (
        ENVELOPE + "Invalid ConditionExpression: The first operand must be distinct from the "
                   "remaining operands for this operator or function; operator: contains, first "
                   "operand: [data]")
    assert "The function is not allowed to be used this way in an expression; function: " \
           "if_not_exists" in error(ddb, "if_not_exists(s, :v) = :v", {":v": {"S": "x"}})


def test_path_depth_limit(ddb):
    ok = ".".join(["a"] * 32)
    assert not holds(ddb, f"attribute_exists({ok})")
    message = error(ddb, f"attribute_exists({ok}.a)")
    assert "The document path has too many nesting levels; nesting levels: 33" in message


def test_deeply_nested_parentheses_are_refused_not_crashing(ddb):
    depth = 2000  # about 4 KB of expression
    expression = "(" * depth + "attribute_exists(s)" + ")" * depth
    assert len(expression) <= 4096
    message = error(ddb, expression)
    assert message.startswith(ENVELOPE + "Invalid ConditionExpression: ")
    nots = "NOT " * 1000 + "attribute_exists(s)"
    assert error(ddb, nots).startswith(ENVELOPE + "Invalid ConditionExpression: ")
    # The service is still answering.
    assert holds(ddb, "attribute_exists(s)")


def test_expression_length_limit(ddb):
    expression = "attribute_exists(s)" + " AND attribute_exists(s)" * 200
    assert len(expression) > 4096
    assert "Expression size has exceeded the maximum allowed size" in error(ddb, expression)

"""Query and Scan through boto3: key conditions, filters, ordering, Limit and paging (on the
table and on its indexes), Select, the 1 MB page, and parallel Scan segments."""
import pytest

from ddb_helpers import client, create_table, error_of, validation_message

PARTITIONS = 4
PER_PARTITION = 10


@pytest.fixture(scope="module")
def ddb(stack):
    c = client(stack)
    create_table(c, "qsx", range_key=("sk", "N"),
                 gsis=[("byg", ("g", "S"), ("sk", "N"))],
                 lsis=[("byl", ("pk", "S"), ("l", "S"))])
    create_table(c, "qsstr", range_key=("sk", "S"))
    for p in range(PARTITIONS):
        for i in range(PER_PARTITION):
            c.put_item(TableName="qsx", Item={
                "pk": {"S": f"p{p}"}, "sk": {"N": str(i)}, "g": {"S": "all" if i % 2 else "odd"},
                "l": {"S": f"l{9 - i}"}, "even": {"BOOL": i % 2 == 0}, "data": {"S": "d" * i}})
    for sk in ("apple", "apricot", "banana", "cherry"):
        c.put_item(TableName="qsstr", Item={"pk": {"S": "f"}, "sk": {"S": sk}})
    return c


def query_sks(ddb, condition, values, table="qsx", **kwargs):
    out = ddb.query(TableName=table, KeyConditionExpression=condition,
                    ExpressionAttributeValues=values, **kwargs)
    return [item["sk"].get("N", item["sk"].get("S")) for item in out["Items"]]


def test_key_condition_forms(ddb):
    p = {":p": {"S": "p1"}}
    assert query_sks(ddb, "pk = :p", p) == [str(i) for i in range(PER_PARTITION)]
    assert query_sks(ddb, "pk = :p AND sk = :s", {**p, ":s": {"N": "3"}}) == ["3"]
    assert query_sks(ddb, "pk = :p AND sk < :s", {**p, ":s": {"N": "3"}}) == ["0", "1", "2"]
    assert query_sks(ddb, "pk = :p AND sk <= :s", {**p, ":s": {"N": "1"}}) == ["0", "1"]
    assert query_sks(ddb, "pk = :p AND sk > :s", {**p, ":s": {"N": "7"}}) == ["8", "9"]
    assert query_sks(ddb, "pk = :p AND sk >= :s", {**p, ":s": {"N": "8"}}) == ["8", "9"]
    assert query_sks(ddb, ":s <= sk AND pk = :p", {**p, ":s": {"N": "8"}}) == ["8", "9"]
    assert query_sks(ddb, "pk = :p AND sk BETWEEN :a AND :b",
                     {**p, ":a": {"N": "2"}, ":b": {"N": "4"}}) == ["2", "3", "4"]
    assert query_sks(ddb, "pk = :p AND begins_with(sk, :b)", {":p": {"S": "f"}, ":b": {"S": "ap"}},
                     table="qsstr") == ["apple", "apricot"]
    assert query_sks(ddb, "#k = :p", {":p": {"S": "nobody"}},
                     ExpressionAttributeNames={"#k": "pk"}) == []


def test_invalid_key_conditions(ddb):
    def message(condition, values, table="qsx"):
        return validation_message(ddb.query, TableName=table, KeyConditionExpression=condition,
                                  ExpressionAttributeValues=values)

    assert message("sk = :s", {":s": {"N": "1"}}) == (
        "Query condition missed key schema element: pk")
    assert message("pk < :p", {":p": {"S": "x"}}) == "Query key condition not supported"
    assert message("pk = :p", {":p": {"N": "1"}}) == (
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type")
    assert "begins_with" in message("pk = :p AND begins_with(sk, :s)",
                                    {":p": {"S": "x"}, ":s": {"N": "1"}})
    assert "KeyConditionExpression" in message("pk = :p OR sk = :s",
                                               {":p": {"S": "x"}, ":s": {"N": "1"}})
    assert message("pk = :p AND extra = :s", {":p": {"S": "x"}, ":s": {"N": "1"}}) == (
        "Query key condition not supported")
    assert "BETWEEN" in message("pk = :p AND sk BETWEEN :b AND :a",
                                {":p": {"S": "x"}, ":a": {"N": "1"}, ":b": {"N": "2"}})
    code, msg, _ = error_of(ddb.query, TableName="qsx")
    assert code == "ValidationException"
    assert msg == ("Either the KeyConditions or KeyConditionExpression parameter must be "
                   "specified in the request.")


def test_filter_limit_and_counts(ddb):
    out = ddb.query(TableName="qsx", KeyConditionExpression="pk = :p", FilterExpression="even = :t",
                    ExpressionAttributeValues={":p": {"S": "p2"}, ":t": {"BOOL": True}})
    assert (out["Count"], out["ScannedCount"]) == (5, 10)
    # Limit counts items read, before the filter.
    out = ddb.query(TableName="qsx", KeyConditionExpression="pk = :p", FilterExpression="even = :t",
                    ExpressionAttributeValues={":p": {"S": "p2"}, ":t": {"BOOL": True}}, Limit=3)
    assert (out["Count"], out["ScannedCount"]) == (2, 3)
    assert out["LastEvaluatedKey"] == {"pk": {"S": "p2"}, "sk": {"N": "2"}}
    message = validation_message(ddb.query, TableName="qsx", KeyConditionExpression="pk = :p",
                                 FilterExpression="sk > :s",
                                 ExpressionAttributeValues={":p": {"S": "p2"}, ":s": {"N": "1"}})
    assert message == ("Filter Expression can only contain non-primary key attributes: Primary "
                       "key attribute: sk")
    message = validation_message(ddb.query, TableName="qsx", KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "p2"}}, Limit=0)
    assert message == ("1 validation error detected: Value '0' at 'limit' failed to satisfy "
                       "constraint: Member must have value greater than or equal to 1")


def test_scan_index_forward(ddb):
    values = {":p": {"S": "p3"}, ":s": {"N": "6"}}
    assert query_sks(ddb, "pk = :p AND sk > :s", values, ScanIndexForward=False) == ["9", "8", "7"]
    out = ddb.query(TableName="qsx", KeyConditionExpression="pk = :p", ScanIndexForward=False,
                    ExpressionAttributeValues={":p": {"S": "p3"}}, Limit=2)
    assert [i["sk"]["N"] for i in out["Items"]] == ["9", "8"]
    out = ddb.query(TableName="qsx", KeyConditionExpression="pk = :p", ScanIndexForward=False,
                    ExpressionAttributeValues={":p": {"S": "p3"}}, Limit=2,
                    ExclusiveStartKey=out["LastEvaluatedKey"])
    assert [i["sk"]["N"] for i in out["Items"]] == ["7", "6"]


def pages(call, **kwargs):
    """Every item of a paged Query or Scan, following LastEvaluatedKey."""
    items, start = [], None
    for _ in range(1000):
        if start:
            kwargs["ExclusiveStartKey"] = start
        out = call(**kwargs)
        items += out["Items"]
        start = out.get("LastEvaluatedKey")
        if not start:
            return items
    raise AssertionError("paging did not end")


def test_paging_over_table_and_indexes(ddb):
    items = pages(ddb.query, TableName="qsx", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "p0"}}, Limit=3)
    assert [i["sk"]["N"] for i in items] == [str(i) for i in range(PER_PARTITION)]
    # The LSI orders by its own sort key (l = l9 .. l0 as sk rises).
    items = pages(ddb.query, TableName="qsx", IndexName="byl", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "p0"}}, Limit=4)
    assert [i["sk"]["N"] for i in items] == [str(i) for i in reversed(range(PER_PARTITION))]
    out = ddb.query(TableName="qsx", IndexName="byl", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "p0"}}, Limit=1)
    assert out["LastEvaluatedKey"] == {"pk": {"S": "p0"}, "sk": {"N": "9"}, "l": {"S": "l0"}}
    items = pages(ddb.query, TableName="qsx", IndexName="byg", KeyConditionExpression="g = :g",
                  ExpressionAttributeValues={":g": {"S": "all"}}, Limit=3)
    assert len(items) == PARTITIONS * PER_PARTITION // 2
    assert [int(i["sk"]["N"]) for i in items] == sorted(int(i["sk"]["N"]) for i in items)
    items = pages(ddb.scan, TableName="qsx", IndexName="byg", Limit=7)
    assert len(items) == PARTITIONS * PER_PARTITION
    items = pages(ddb.scan, TableName="qsx", Limit=7)
    assert len(items) == PARTITIONS * PER_PARTITION
    message = validation_message(ddb.query, TableName="qsx", IndexName="byg",
                                 KeyConditionExpression="g = :g", ConsistentRead=True,
                                 ExpressionAttributeValues={":g": {"S": "all"}})
    assert message == "Consistent reads are not supported on global secondary indexes"
    message = validation_message(ddb.query, TableName="qsx", IndexName="nope",
                                 KeyConditionExpression="g = :g",
                                 ExpressionAttributeValues={":g": {"S": "all"}})
    assert message == "The table does not have the specified index: nope"


def test_select(ddb):
    q = {"TableName": "qsx", "KeyConditionExpression": "pk = :p",
         "ExpressionAttributeValues": {":p": {"S": "p1"}}}
    out = ddb.query(Select="COUNT", **q)
    assert out["Count"] == PER_PARTITION and "Items" not in out
    out = ddb.query(Select="ALL_ATTRIBUTES", **q)
    assert len(out["Items"][0]) == 6
    out = ddb.query(Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="sk", **q)
    assert out["Items"][0] == {"sk": {"N": "0"}}
    out = ddb.query(Select="ALL_PROJECTED_ATTRIBUTES", IndexName="byl", **q)
    assert len(out["Items"]) == PER_PARTITION
    assert validation_message(ddb.query, Select="ALL_PROJECTED_ATTRIBUTES", **q) == (
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
    assert validation_message(ddb.query, Select="ALL_ATTRIBUTES", ProjectionExpression="sk",
                              **q) == ("Cannot specify the ProjectionExpression when choosing "
                                       "to get ALL_ATTRIBUTES")
    assert validation_message(ddb.query, Select="COUNT", ProjectionExpression="sk", **q) == (
        "Cannot specify the ProjectionExpression when choosing to get only the Count")
    assert validation_message(ddb.scan, TableName="qsx", Select="SOME") == (
        "1 validation error detected: Value 'SOME' at 'select' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
        "ALL_PROJECTED_ATTRIBUTES]")


def test_one_megabyte_page(ddb):
    create_table(ddb, "qsxbig", range_key=("sk", "N"))
    blob = "x" * (100 * 1024)
    for i in range(12):  # 1.2 MB in one partition
        ddb.put_item(TableName="qsxbig", Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                              "blob": {"S": blob}})
    out = ddb.query(TableName="qsxbig", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "p"}})
    assert 0 < out["Count"] < 12
    assert out["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": str(out["Count"] - 1)}}
    rest = ddb.query(TableName="qsxbig", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}},
                     ExclusiveStartKey=out["LastEvaluatedKey"])
    assert out["Count"] + rest["Count"] == 12
    scan = ddb.scan(TableName="qsxbig", Select="COUNT")
    assert scan["ScannedCount"] < 12 and "LastEvaluatedKey" in scan


def test_parallel_scan_covers_every_item_once(ddb):
    for total in (1, 3, 8):
        seen = []
        for segment in range(total):
            for item in pages(ddb.scan, TableName="qsx", Segment=segment, TotalSegments=total,
                              Limit=5):
                seen.append((item["pk"]["S"], item["sk"]["N"]))
        assert len(seen) == PARTITIONS * PER_PARTITION
        assert len(set(seen)) == len(seen)
    # A partition stays within one segment.
    owners = {}
    for segment in range(8):
        for item in pages(ddb.scan, TableName="qsx", Segment=segment, TotalSegments=8):
            owners.setdefault(item["pk"]["S"], set()).add(segment)
    assert all(len(s) == 1 for s in owners.values())


def test_parallel_scan_validation(ddb):
    assert validation_message(ddb.scan, TableName="qsx", Segment=1) == (
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present")
    assert validation_message(ddb.scan, TableName="qsx", TotalSegments=2) == (
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present")
    assert validation_message(ddb.scan, TableName="qsx", Segment=2, TotalSegments=2) == (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 2 is not less than TotalSegments: 2")
    assert validation_message(ddb.scan, TableName="qsx", Segment=0, TotalSegments=1000001) == (
        "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy "
        "constraint: Member must have value less than or equal to 1000000")
    assert validation_message(ddb.scan, TableName="qsx", Segment=-1, TotalSegments=0) == (
        "2 validation errors detected: Value '-1' at 'segment' failed to satisfy constraint: "
        "Member must have value greater than or equal to 0; Value '0' at 'totalSegments' failed "
        "to satisfy constraint: Member must have value greater than or equal to 1")

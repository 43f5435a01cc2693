// Control plane through Service::Handle: CreateTable, DescribeTable, ListTables, DeleteTable,
// dispatch and wire error shapes.
#include <gtest/gtest.h>

#include "dynamodb/limits.h"
#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

constexpr const char* kPeople = R"({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"personId","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"personId","KeyType":"HASH"}]})";

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    service_.reset();
    auto s = Service::Open({.data_dir = dir_.path() / "db"});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  std::string CreateNamed(const std::string& name) {
    std::string body = kPeople;
    body.replace(body.find("people"), 6, name);
    return Do("CreateTable", body).type();
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(TableTest, CreateDescribesTheTable) {
  Call c = Do("CreateTable", kPeople);
  ASSERT_EQ(c.status, 200) << boost::json::serialize(c.body);
  const auto& d = c.body.at("TableDescription").as_object();
  EXPECT_EQ(d.at("TableName"), "people");
  EXPECT_EQ(d.at("TableArn"), "arn:aws:dynamodb:us-east-1:000000000000:table/people");
  EXPECT_EQ(d.at("TableStatus"), "ACTIVE");
  EXPECT_EQ(d.at("TableId").as_string().size(), 36u);
  EXPECT_TRUE(d.at("CreationDateTime").is_double());
  EXPECT_EQ(d.at("ItemCount"), 0);
  EXPECT_EQ(d.at("TableSizeBytes"), 0);
  EXPECT_EQ(d.at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST");
  EXPECT_EQ(d.at("ProvisionedThroughput").at("ReadCapacityUnits"), 0);
  EXPECT_EQ(d.at("ProvisionedThroughput").at("NumberOfDecreasesToday"), 0);
  EXPECT_EQ(boost::json::serialize(d.at("KeySchema")),
            R"([{"AttributeName":"personId","KeyType":"HASH"}])");

  Call described = Do("DescribeTable", R"({"TableName":"people"})");
  ASSERT_EQ(described.status, 200);
  EXPECT_EQ(described.body.at("Table").at("TableId"), d.at("TableId"));
}

TEST_F(TableTest, ProvisionedTableWithIndexes) {
  Call c = Do("CreateTable", R"({"TableName":"orders",
    "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
      {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"email","AttributeType":"S"},
      {"AttributeName":"lsk","AttributeType":"B"}],
    "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
    "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":3},
    "GlobalSecondaryIndexes":[{"IndexName":"byEmail",
      "KeySchema":[{"AttributeName":"email","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"},
      "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}],
    "LocalSecondaryIndexes":[{"IndexName":"byLsk",
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"lsk","KeyType":"RANGE"}],
      "Projection":{"ProjectionType":"KEYS_ONLY"}}]})");
  ASSERT_EQ(c.status, 200) << boost::json::serialize(c.body);
  const auto& d = c.body.at("TableDescription").as_object();
  EXPECT_FALSE(d.contains("BillingModeSummary"));
  EXPECT_EQ(d.at("ProvisionedThroughput").at("ReadCapacityUnits"), 5);
  const auto& gsi = d.at("GlobalSecondaryIndexes").at(0);
  EXPECT_EQ(gsi.at("IndexName"), "byEmail");
  EXPECT_EQ(gsi.at("IndexStatus"), "ACTIVE");
  EXPECT_EQ(gsi.at("IndexArn"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/orders/index/byEmail");
  EXPECT_EQ(d.at("LocalSecondaryIndexes").at(0).at("IndexName"), "byLsk");
}

TEST_F(TableTest, CreateValidation) {
  EXPECT_EQ(CreateNamed("people"), "");
  Call dup = Do("CreateTable", kPeople);
  EXPECT_EQ(dup.type(), "ResourceInUseException");
  EXPECT_EQ(dup.message(), "Table already exists: people");

  EXPECT_EQ(CreateNamed("ab"), "ValidationException");
  EXPECT_EQ(CreateNamed(std::string(limits::kMinTableNameLength, 'a')), "");
  EXPECT_EQ(CreateNamed(std::string(limits::kMaxTableNameLength, 'b')), "");
  EXPECT_EQ(CreateNamed(std::string(limits::kMaxTableNameLength + 1, 'c')), "ValidationException");
  Call bad = Do("CreateTable", R"({"TableName":"bad name"})");
  EXPECT_EQ(bad.message(),
            "1 validation error detected: Value 'bad name' at 'tableName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");

  Call undefined = Do("CreateTable", R"({"TableName":"tbl1","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"x","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
  EXPECT_EQ(undefined.message(),
            "One or more parameter values were invalid: Some index key attributes are not "
            "defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [x]");
  Call extra = Do("CreateTable", R"({"TableName":"tbl1","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
      {"AttributeName":"x","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
  EXPECT_NE(extra.message().find("does not exactly match"), std::string::npos);
  Call no_throughput = Do("CreateTable", R"({"TableName":"tbl1",
    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
  EXPECT_EQ(no_throughput.type(), "ValidationException");
  Call range_first = Do("CreateTable", R"({"TableName":"tbl1","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"id","KeyType":"RANGE"}]})");
  EXPECT_EQ(range_first.message(),
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  Call bad_type = Do("CreateTable", R"({"TableName":"tbl1","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"BOOL"}],
    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})");
  EXPECT_NE(bad_type.message().find("[B, N, S]"), std::string::npos);
}

TEST_F(TableTest, MissingTables) {
  Call d = Do("DescribeTable", R"({"TableName":"ghost"})");
  EXPECT_EQ(d.status, 400);
  EXPECT_EQ(boost::json::serialize(d.body),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
            R"("message":"Requested resource not found: Table: ghost not found"})");
  EXPECT_EQ(Do("DeleteTable", R"({"TableName":"ghost"})").message(),
            "Requested resource not found: Table: ghost not found");
  EXPECT_EQ(Do("GetItem", R"({"TableName":"ghost","Key":{"id":{"S":"1"}}})").message(),
            "Requested resource not found");
}

TEST_F(TableTest, ListTablesPages) {
  for (const char* n : {"delta", "alpha", "charlie", "bravo", "echo"})
    ASSERT_EQ(CreateNamed(n), "");
  Call all = Do("ListTables", "{}");
  EXPECT_EQ(boost::json::serialize(all.body),
            R"({"TableNames":["alpha","bravo","charlie","delta","echo"]})");
  Call p1 = Do("ListTables", R"({"Limit":2})");
  EXPECT_EQ(boost::json::serialize(p1.body),
            R"({"TableNames":["alpha","bravo"],"LastEvaluatedTableName":"bravo"})");
  Call p2 = Do("ListTables", R"({"Limit":2,"ExclusiveStartTableName":"bravo"})");
  EXPECT_EQ(boost::json::serialize(p2.body),
            R"({"TableNames":["charlie","delta"],"LastEvaluatedTableName":"delta"})");
  Call p3 = Do("ListTables", R"({"Limit":2,"ExclusiveStartTableName":"delta"})");
  EXPECT_EQ(boost::json::serialize(p3.body), R"({"TableNames":["echo"]})");
  EXPECT_EQ(Do("ListTables", R"({"Limit":0})").type(), "ValidationException");
  EXPECT_EQ(Do("ListTables", R"({"Limit":101})").type(), "ValidationException");
}

TEST_F(TableTest, DeleteTableRemovesItemsAndNameCanBeReused) {
  ASSERT_EQ(CreateNamed("people"), "");
  ASSERT_EQ(Do("PutItem", R"({"TableName":"people","Item":{"personId":{"S":"p1"}}})").status, 200);
  Call del = Do("DeleteTable", R"({"TableName":"people"})");
  ASSERT_EQ(del.status, 200);
  EXPECT_EQ(del.body.at("TableDescription").at("TableStatus"), "DELETING");
  EXPECT_EQ(del.body.at("TableDescription").at("ItemCount"), 1);
  EXPECT_EQ(Do("DescribeTable", R"({"TableName":"people"})").type(), "ResourceNotFoundException");
  ASSERT_EQ(CreateNamed("people"), "");
  Call get = Do("GetItem", R"({"TableName":"people","Key":{"personId":{"S":"p1"}}})");
  EXPECT_EQ(boost::json::serialize(get.body), "{}");
}

TEST_F(TableTest, TablesAndItemsSurviveRestart) {
  ASSERT_EQ(CreateNamed("people"), "");
  ASSERT_EQ(Do("PutItem", R"({"TableName":"people","Item":{"personId":{"S":"p1"},
    "n":{"N":"1.50"}}})")
                .status,
            200);
  Call before = Do("DescribeTable", R"({"TableName":"people"})");
  Reopen();
  Call after = Do("DescribeTable", R"({"TableName":"people"})");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body.at("Table").at("TableId"), before.body.at("Table").at("TableId"));
  EXPECT_EQ(after.body.at("Table").at("ItemCount"), 1);
  Call get = Do("GetItem", R"({"TableName":"people","Key":{"personId":{"S":"p1"}}})");
  EXPECT_EQ(boost::json::serialize(get.body),
            R"({"Item":{"n":{"N":"1.5"},"personId":{"S":"p1"}}})");
  // A table created after the restart must not reuse the old table's internal id.
  ASSERT_EQ(CreateNamed("other"), "");
  EXPECT_EQ(boost::json::serialize(Do("Scan", R"({"TableName":"other"})").body.at("Count")), "0");
}

TEST_F(TableTest, DispatchAndWireErrors) {
  Call unknown = Do("FlyToTheMoon", "{}");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body.at("__type"), "com.amazon.coral.service#UnknownOperationException");
  Call malformed = Do("ListTables", "{not json");
  EXPECT_EQ(malformed.body.at("__type"), "com.amazon.coral.service#SerializationException");
  Call array = Do("ListTables", "[]");
  EXPECT_EQ(array.type(), "SerializationException");
  Call missing = Do("DescribeTable", "{}");
  EXPECT_EQ(missing.message(),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
}

}  // namespace
}  // namespace nimbus::dynamodb

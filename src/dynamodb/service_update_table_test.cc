// UpdateTable through Service::Handle: GSI create with its build over the existing items, GSI
// delete and throughput updates, billing mode and throughput changes, validation errors, and
// persistence across a restart. The background thread is off: builds run when the test says.
#include <gtest/gtest.h>

#include <set>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

constexpr const char* kCreateByCity = R"j({"TableName":"people",
  "AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],
  "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity",
    "KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],
    "Projection":{"ProjectionType":"ALL"}}}]})j";

class UpdateTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})j")
                  .status,
              200);
  }
  void Reopen() {
    service_.reset();
    auto s = Service::Open({.data_dir = dir_.path() / "db", .background_thread = false});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  void Put(const std::string& item) {
    Call c = Do("PutItem", R"j({"TableName":"people","Item":)j" + item + "}");
    ASSERT_EQ(c.status, 200) << S(c.body);
  }
  boost::json::object Describe(const std::string& table = "people") {
    return Do("DescribeTable", R"({"TableName":")" + table + R"("})").body.at("Table").as_object();
  }
  static const boost::json::object* Gsi(const boost::json::object& d, std::string_view name) {
    const auto* list = d.if_contains("GlobalSecondaryIndexes");
    if (list == nullptr) return nullptr;
    for (const auto& e : list->as_array()) {
      if (e.at("IndexName").as_string() == name) return &e.as_object();
    }
    return nullptr;
  }
  std::set<std::string> QueryCity(const std::string& city) {
    Call c = Do("Query", R"j({"TableName":"people","IndexName":"byCity",
      "KeyConditionExpression":"city = :c","ExpressionAttributeValues":{":c":{"S":")j" +
                             city + R"j("}}})j");
    EXPECT_EQ(c.status, 200) << S(c.body);
    std::set<std::string> ids;
    if (c.status != 200) return ids;
    for (const auto& item : c.body.at("Items").as_array()) {
      ids.emplace(item.at("id").at("S").as_string());
    }
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(UpdateTableTest, CreateIndexBuildsItFromTheExistingItems) {
  Put(R"j({"id":{"S":"a"},"city":{"S":"Oslo"}})j");
  Put(R"j({"id":{"S":"b"},"city":{"S":"Oslo"}})j");
  Put(R"j({"id":{"S":"c"},"city":{"S":"Rome"}})j");
  Put(R"j({"id":{"S":"d"},"city":{"N":"7"}})j");  // wrong type: left out of the index
  Put(R"j({"id":{"S":"e"},"city":{"S":""}})j");   // empty: left out
  Put(R"j({"id":{"S":"f"}})j");                   // no city: left out

  Call reply = Do("UpdateTable", kCreateByCity);
  ASSERT_EQ(reply.status, 200) << S(reply.body);
  const auto& d = reply.body.at("TableDescription").as_object();
  EXPECT_EQ(d.at("TableStatus"), "UPDATING");
  const auto* created = Gsi(d, "byCity");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->at("IndexStatus"), "CREATING");
  EXPECT_EQ(created->at("Backfilling"), false);
  EXPECT_EQ(created->at("IndexArn"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/people/index/byCity");
  EXPECT_EQ(S(created->at("ProvisionedThroughput")),
            R"({"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0})");
  EXPECT_EQ(S(d.at("AttributeDefinitions")), R"([{"AttributeName":"city","AttributeType":"S"},)"
                                             R"({"AttributeName":"id","AttributeType":"S"}])");

  auto building = Describe();
  EXPECT_EQ(building.at("TableStatus"), "ACTIVE");
  EXPECT_EQ(Gsi(building, "byCity")->at("IndexStatus"), "CREATING");
  EXPECT_EQ(Gsi(building, "byCity")->at("Backfilling"), true);
  Call early = Do("Query", R"j({"TableName":"people","IndexName":"byCity",
    "KeyConditionExpression":"city = :c","ExpressionAttributeValues":{":c":{"S":"Oslo"}}})j");
  EXPECT_EQ(early.type(), "ValidationException");
  EXPECT_EQ(early.message(), "Cannot read from backfilling global secondary index: byCity");
  EXPECT_EQ(Do("DeleteTable", R"({"TableName":"people"})").message(),
            "Attempt to change a resource which is still in use: Cannot delete table while "
            "indexes are being created, updated, or deleted.");

  service_->FinishIndexBuilds();
  auto active = Describe();
  const auto* index = Gsi(active, "byCity");
  EXPECT_EQ(index->at("IndexStatus"), "ACTIVE");
  EXPECT_FALSE(index->contains("Backfilling"));
  EXPECT_EQ(index->at("ItemCount"), 3);
  EXPECT_EQ(QueryCity("Oslo"), (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(QueryCity("Rome"), (std::set<std::string>{"c"}));

  // Now an index key: a write of the wrong type is refused, a missing city is fine.
  Call mismatch = Do("PutItem", R"j({"TableName":"people","Item":{"id":{"S":"g"},
    "city":{"N":"1"}}})j");
  EXPECT_EQ(mismatch.type(), "ValidationException");
  Put(R"j({"id":{"S":"h"}})j");
  Put(R"j({"id":{"S":"c"},"city":{"S":"Oslo"}})j");
  EXPECT_EQ(QueryCity("Oslo"), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(QueryCity("Rome").empty());
  EXPECT_EQ(Gsi(Describe(), "byCity")->at("ItemCount"), 3);
}

TEST_F(UpdateTableTest, WritesDuringTheBuildEndUpInTheIndexOnce) {
  for (char c = 'a'; c <= 'j'; ++c) {
    Put(std::string(R"j({"id":{"S":")j") + c + R"j("},"city":{"S":"Oslo"}})j");
  }
  ASSERT_EQ(Do("UpdateTable", kCreateByCity).status, 200);
  // Writes while the index is CREATING: updates, deletes and new items on either side of
  // wherever the build is; the build has not run at all yet.
  Put(R"j({"id":{"S":"a"},"city":{"S":"Rome"}})j");
  ASSERT_EQ(Do("DeleteItem", R"j({"TableName":"people","Key":{"id":{"S":"b"}}})j").status, 200);
  Put(R"j({"id":{"S":"z"},"city":{"S":"Oslo"}})j");
  service_->FinishIndexBuilds();
  EXPECT_EQ(QueryCity("Oslo"),
            (std::set<std::string>{"c", "d", "e", "f", "g", "h", "i", "j", "z"}));
  EXPECT_EQ(QueryCity("Rome"), (std::set<std::string>{"a"}));
  EXPECT_EQ(Gsi(Describe(), "byCity")->at("ItemCount"), 10);
}

TEST_F(UpdateTableTest, DeleteIndexRemovesItsEntriesAndDefinitions) {
  Put(R"j({"id":{"S":"a"},"city":{"S":"Oslo"}})j");
  ASSERT_EQ(Do("UpdateTable", kCreateByCity).status, 200);
  service_->FinishIndexBuilds();
  Call del = Do("UpdateTable", R"j({"TableName":"people",
    "GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byCity"}}]})j");
  ASSERT_EQ(del.status, 200) << S(del.body);
  EXPECT_EQ(del.body.at("TableDescription").at("TableStatus"), "UPDATING");
  EXPECT_EQ(Gsi(del.body.at("TableDescription").as_object(), "byCity")->at("IndexStatus"),
            "DELETING");
  auto d = Describe();
  EXPECT_FALSE(d.contains("GlobalSecondaryIndexes"));
  EXPECT_EQ(S(d.at("AttributeDefinitions")), R"([{"AttributeName":"id","AttributeType":"S"}])");
  Call gone = Do("Query", R"j({"TableName":"people","IndexName":"byCity",
    "KeyConditionExpression":"city = :c","ExpressionAttributeValues":{":c":{"S":"Oslo"}}})j");
  EXPECT_EQ(gone.message(), "The table does not have the specified index: byCity");
  // Any type is fine again, and the name can be used for a new index.
  Put(R"j({"id":{"S":"b"},"city":{"N":"3"}})j");
  ASSERT_EQ(Do("UpdateTable", kCreateByCity).status, 200);
  service_->FinishIndexBuilds();
  EXPECT_EQ(QueryCity("Oslo"), (std::set<std::string>{"a"}));
  EXPECT_EQ(Gsi(Describe(), "byCity")->at("ItemCount"), 1);
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"nope"}}]})j")
                .message(),
            "Requested resource not found: Index nope for table people");
}

TEST_F(UpdateTableTest, IndexesAndBuildsSurviveRestart) {
  Put(R"j({"id":{"S":"a"},"city":{"S":"Oslo"}})j");
  ASSERT_EQ(Do("UpdateTable", kCreateByCity).status, 200);
  Reopen();  // cut short before the build ran: it starts again
  EXPECT_EQ(Gsi(Describe(), "byCity")->at("IndexStatus"), "CREATING");
  Put(R"j({"id":{"S":"b"},"city":{"S":"Oslo"}})j");
  service_->FinishIndexBuilds();
  Reopen();
  auto d = Describe();
  EXPECT_EQ(Gsi(d, "byCity")->at("IndexStatus"), "ACTIVE");
  EXPECT_EQ(Gsi(d, "byCity")->at("ItemCount"), 2);
  EXPECT_EQ(QueryCity("Oslo"), (std::set<std::string>{"a", "b"}));
}

TEST_F(UpdateTableTest, BillingModeAndThroughput) {
  ASSERT_EQ(Do("UpdateTable", kCreateByCity).status, 200);
  service_->FinishIndexBuilds();
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}})j")
                .message(),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people","BillingMode":"PROVISIONED"})j").message(),
            "One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "when BillingMode is PROVISIONED");
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people","BillingMode":"PROVISIONED",
    "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}})j")
                .message(),
            "One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "for index: byCity");
  Call to_provisioned = Do("UpdateTable", R"j({"TableName":"people","BillingMode":"PROVISIONED",
    "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},
    "GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"byCity",
      "ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":2}}}]})j");
  ASSERT_EQ(to_provisioned.status, 200) << S(to_provisioned.body);
  auto d = Describe();
  EXPECT_EQ(d.at("BillingModeSummary").at("BillingMode"), "PROVISIONED");
  EXPECT_EQ(d.at("ProvisionedThroughput").at("ReadCapacityUnits"), 5);
  EXPECT_EQ(Gsi(d, "byCity")->at("ProvisionedThroughput").at("WriteCapacityUnits"), 2);

  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}})j")
                .message(),
            "The provisioned throughput for the table will not change. The requested value "
            "equals the current value. Current ReadCapacityUnits provisioned for the table: 5. "
            "Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the "
            "table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer "
            "Guide for current limits and how to request higher limits.");
  ASSERT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":9}})j")
                .status,
            200);
  auto pt = Describe().at("ProvisionedThroughput").as_object();
  EXPECT_EQ(pt.at("ReadCapacityUnits"), 3);
  EXPECT_EQ(pt.at("NumberOfDecreasesToday"), 1);
  EXPECT_TRUE(pt.contains("LastDecreaseDateTime"));
  EXPECT_TRUE(pt.contains("LastIncreaseDateTime"));
  Call too_much = Do("UpdateTable", R"j({"TableName":"people",
    "ProvisionedThroughput":{"ReadCapacityUnits":40001,"WriteCapacityUnits":1}})j");
  EXPECT_EQ(too_much.type(), "LimitExceededException");

  ASSERT_EQ(Do("UpdateTable", R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST"})j").status,
            200);
  d = Describe();
  EXPECT_EQ(d.at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST");
  EXPECT_EQ(d.at("ProvisionedThroughput").at("ReadCapacityUnits"), 0);
  EXPECT_EQ(Gsi(d, "byCity")->at("ProvisionedThroughput").at("ReadCapacityUnits"), 0);
  Reopen();
  EXPECT_EQ(Describe().at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST");
}

TEST_F(UpdateTableTest, DeletionProtectionAndTableClass) {
  Call dp = Do("UpdateTable", R"j({"TableName":"people","DeletionProtectionEnabled":true})j");
  ASSERT_EQ(dp.status, 200);
  EXPECT_EQ(dp.body.at("TableDescription").at("TableStatus"), "ACTIVE");
  EXPECT_EQ(Do("DeleteTable", R"({"TableName":"people"})").type(), "ValidationException");
  ASSERT_EQ(
      Do("UpdateTable", R"j({"TableName":"people","DeletionProtectionEnabled":false})j").status,
      200);
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people","TableClass":"COLD"})j").type(),
            "ValidationException");
  ASSERT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "TableClass":"STANDARD_INFREQUENT_ACCESS"})j")
                .status,
            200);
  EXPECT_EQ(Describe().at("TableClassSummary").at("TableClass"), "STANDARD_INFREQUENT_ACCESS");
}

TEST_F(UpdateTableTest, ValidationErrors) {
  const std::string kNothing =
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
      "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
      "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
      "OnDemandThroughput, WarmThroughput or TableClass is required";
  EXPECT_EQ(Do("UpdateTable", R"({"TableName":"people"})").message(), kNothing);
  EXPECT_EQ(Do("UpdateTable", R"({"TableName":"ghost"})").message(), kNothing);
  EXPECT_EQ(
      Do("UpdateTable", R"({"TableName":"people","GlobalSecondaryIndexUpdates":[]})").message(),
      kNothing);
  EXPECT_EQ(Do("UpdateTable", R"({"TableName":"people","GlobalSecondaryIndexUpdates":[],
    "DeletionProtectionEnabled":true})")
                .message(),
            "One or more parameter values were invalid: List of GlobalSecondaryIndexUpdates is "
            "empty");
  EXPECT_EQ(
      Do("UpdateTable", R"({"TableName":"ghost","DeletionProtectionEnabled":true})").message(),
      "Requested resource not found: Table: ghost not found");
  EXPECT_EQ(
      Do("UpdateTable", R"({"TableName":"people","GlobalSecondaryIndexUpdates":[{}]})").message(),
      "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
      "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be "
      "null");
  EXPECT_EQ(Do("UpdateTable", R"({"TableName":"people","GlobalSecondaryIndexUpdates":[
    {"Delete":{"IndexName":"abc"},"Update":{"IndexName":"abc"}}]})")
                .message(),
            "One or more parameter values were invalid: Only one global secondary index action "
            "is allowed per GlobalSecondaryIndexUpdate object");
  Call two = Do("UpdateTable", R"({"TableName":"people","GlobalSecondaryIndexUpdates":[
    {"Delete":{"IndexName":"abc"}},{"Delete":{"IndexName":"def"}}]})");
  EXPECT_EQ(two.type(), "LimitExceededException");
  EXPECT_EQ(two.message(),
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table");
  EXPECT_EQ(Do("UpdateTable", R"({"TableName":"people","GlobalSecondaryIndexUpdates":[
    {"Delete":{"IndexName":"abc"}},{"Update":{"IndexName":"abc"}}]})")
                .message(),
            "One or more parameter values were invalid: Only one global secondary index update "
            "per index is allowed simultaneously. Index: abc");
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people","GlobalSecondaryIndexUpdates":[{"Create":{
    "IndexName":"byCity","KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],
    "Projection":{"ProjectionType":"ALL"}}}]})j")
                .message(),
            "One or more parameter values were invalid: AttributeDefinitions is not specified "
            "for index: byCity");
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],
    "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity",
      "KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],
      "Projection":{"ProjectionType":"INCLUDE"}}}]})j")
                .message(),
            "One or more parameter values were invalid: ProjectionType is INCLUDE, but "
            "NonKeyAttributes is not specified");
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people",
    "AttributeDefinitions":[{"AttributeName":"city","AttributeType":"S"}],
    "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byCity",
      "KeySchema":[{"AttributeName":"city","KeyType":"HASH"}],
      "Projection":{"ProjectionType":"ALL"},
      "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}}]})j")
                .message(),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified for index: byCity when BillingMode is "
            "PAY_PER_REQUEST");
  Call redefine = Do("UpdateTable", R"j({"TableName":"people",
    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"N"}],
    "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byId",
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
      "Projection":{"ProjectionType":"ALL"}}}]})j");
  EXPECT_NE(redefine.message().find("Attributes cannot be redefined"), std::string::npos)
      << redefine.message();

  ASSERT_EQ(Do("UpdateTable", kCreateByCity).status, 200);
  EXPECT_EQ(Do("UpdateTable", kCreateByCity).message(),
            "Attempting to create an index which already exists");
  Call second = Do("UpdateTable", R"j({"TableName":"people",
    "AttributeDefinitions":[{"AttributeName":"zip","AttributeType":"S"}],
    "GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byZip",
      "KeySchema":[{"AttributeName":"zip","KeyType":"HASH"}],
      "Projection":{"ProjectionType":"KEYS_ONLY"}}}]})j");
  EXPECT_EQ(second.type(), "LimitExceededException");
  EXPECT_EQ(Do("UpdateTable", R"j({"TableName":"people","DeletionProtectionEnabled":true,
    "BillingMode":"PAY_PER_REQUEST"})j")
                .message(),
            "One or more parameter values were invalid: DeletionProtection modification must be "
            "the only operation in the request");
  // None of the refused requests changed the table.
  service_->FinishIndexBuilds();
  auto d = Describe();
  EXPECT_EQ(d.at("GlobalSecondaryIndexes").as_array().size(), 1u);
  EXPECT_EQ(d.at("DeletionProtectionEnabled"), false);
}

TEST_F(UpdateTableTest, DescribeLimitsAndEndpoints) {
  EXPECT_EQ(S(Do("DescribeLimits", "{}").body),
            R"({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,)"
            R"("TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})");
  EXPECT_EQ(S(Do("DescribeEndpoints", "{}").body),
            R"({"Endpoints":[{"Address":"dynamodb.us-east-1.amazonaws.com",)"
            R"("CachePeriodInMinutes":1440}]})");
}

}  // namespace
}  // namespace nimbus::dynamodb

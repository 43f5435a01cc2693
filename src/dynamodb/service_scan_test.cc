// Scan through Service::Handle: paging with Limit / ExclusiveStartKey, filters, projection,
// Select COUNT, segments.
#include <gtest/gtest.h>

#include <set>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Service::Open({.data_dir = dir_.path() / "db"});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"events","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
        {"AttributeName":"ts","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
        {"AttributeName":"ts","KeyType":"RANGE"}]})j")
                  .status,
              200);
    for (const char* pk : {"b", "a"}) {
      for (const char* ts : {"10", "-1", "2.5", "3"}) {
        std::string body = std::string(R"j({"TableName":"events","Item":{"pk":{"S":")j") + pk +
                           R"j("},"ts":{"N":")j" + ts + R"j("},"kind":{"S":")j" +
                           (std::string(ts) == "3" ? "odd" : "even") + R"j("}}})j";
        ASSERT_EQ(Do("PutItem", body).status, 200);
      }
    }
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }

  // pk:ts of each item in a Scan reply.
  static std::string Keys(const Call& c) {
    std::string out;
    for (const auto& item : c.body.at("Items").as_array()) {
      out += (out.empty() ? "" : " ") + std::string(item.at("pk").at("S").as_string()) + ":" +
             std::string(item.at("ts").at("N").as_string());
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

// Partitions come in the order of their key hash (b's sorts before a's), items within a
// partition in sort-key order, as DynamoDB's Scan returns them.
TEST_F(ScanTest, ReturnsItemsInKeyOrder) {
  Call c = Do("Scan", R"j({"TableName":"events"})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(Keys(c), "b:-1 b:2.5 b:3 b:10 a:-1 a:2.5 a:3 a:10");
  EXPECT_EQ(c.body.at("Count"), 8);
  EXPECT_EQ(c.body.at("ScannedCount"), 8);
  EXPECT_FALSE(c.body.as_object().contains("LastEvaluatedKey"));
}

TEST_F(ScanTest, PagesWithLimitAndExclusiveStartKey) {
  std::string seen;
  std::string start;
  int pages = 0;
  while (true) {
    std::string body = R"j({"TableName":"events","Limit":3)j" +
                       (start.empty() ? "" : ",\"ExclusiveStartKey\":" + start) + "}";
    Call c = Do("Scan", body);
    ASSERT_EQ(c.status, 200) << S(c.body);
    ++pages;
    std::string keys = Keys(c);
    if (!keys.empty()) seen += (seen.empty() ? "" : " ") + keys;
    const auto* lek = c.body.as_object().if_contains("LastEvaluatedKey");
    if (lek == nullptr) break;
    start = S(*lek);
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(seen, "b:-1 b:2.5 b:3 b:10 a:-1 a:2.5 a:3 a:10");
  EXPECT_EQ(pages, 3);

  // A page that ends exactly on the limit carries a LastEvaluatedKey, as DynamoDB's does.
  Call exact = Do("Scan", R"j({"TableName":"events","Limit":8})j");
  EXPECT_EQ(S(exact.body.at("LastEvaluatedKey")), R"j({"pk":{"S":"a"},"ts":{"N":"10"}})j");
  Call after = Do("Scan", R"j({"TableName":"events","ExclusiveStartKey":{"pk":{"S":"a"},
    "ts":{"N":"10"}}})j");
  EXPECT_EQ(after.body.at("Count"), 0);
}

TEST_F(ScanTest, FilterCountsScannedAndMatched) {
  Call c = Do("Scan", R"j({"TableName":"events","FilterExpression":"kind = :k AND ts > :z",
    "ExpressionAttributeValues":{":k":{"S":"even"},":z":{"N":"0"}}})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(Keys(c), "b:2.5 b:10 a:2.5 a:10");
  EXPECT_EQ(c.body.at("Count"), 4);
  EXPECT_EQ(c.body.at("ScannedCount"), 8);
  // Limit bounds the items scanned, not the ones that match.
  Call limited = Do("Scan", R"j({"TableName":"events","Limit":2,"FilterExpression":"kind = :k",
    "ExpressionAttributeValues":{":k":{"S":"odd"}}})j");
  EXPECT_EQ(limited.body.at("Count"), 0);
  EXPECT_EQ(limited.body.at("ScannedCount"), 2);
}

TEST_F(ScanTest, SelectCountAndProjection) {
  Call count = Do("Scan", R"j({"TableName":"events","Select":"COUNT"})j");
  EXPECT_EQ(S(count.body), R"j({"Count":8,"ScannedCount":8})j");
  Call projected = Do("Scan", R"j({"TableName":"events","Limit":1,
    "ProjectionExpression":"#k","ExpressionAttributeNames":{"#k":"kind"}})j");
  EXPECT_EQ(S(projected.body.at("Items")), R"j([{"kind":{"S":"even"}}])j");
  EXPECT_EQ(Do("Scan", R"j({"TableName":"events","Select":"ALL_PROJECTED_ATTRIBUTES"})j").type(),
            "ValidationException");
  EXPECT_EQ(Do("Scan", R"j({"TableName":"events","Limit":0})j").type(), "ValidationException");
}

TEST_F(ScanTest, InvalidStartKey) {
  Call c = Do("Scan", R"j({"TableName":"events","ExclusiveStartKey":{"pk":{"S":"a"}}})j");
  EXPECT_EQ(c.message(),
            "The provided starting key is invalid: The provided key element does not match the "
            "schema");
}

TEST_F(ScanTest, SegmentsPartitionTheTable) {
  std::multiset<std::string> all;
  for (int segment = 0; segment < 3; ++segment) {
    Call c = Do("Scan", R"j({"TableName":"events","TotalSegments":3,"Segment":)j" +
                            std::to_string(segment) + "}");
    ASSERT_EQ(c.status, 200) << S(c.body);
    for (const auto& item : c.body.at("Items").as_array())
      all.insert(S(item.at("pk")) + S(item.at("ts")));
  }
  EXPECT_EQ(all.size(), 8u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 8u);
  EXPECT_EQ(Do("Scan", R"j({"TableName":"events","TotalSegments":2,"Segment":2})j").type(),
            "ValidationException");
  EXPECT_EQ(Do("Scan", R"j({"TableName":"events","Segment":0})j").type(), "ValidationException");
}

}  // namespace
}  // namespace nimbus::dynamodb

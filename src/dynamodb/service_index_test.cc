// Secondary indexes through Service::Handle: maintenance on every write, Query and Scan by
// IndexName, projections, sparse indexes, type checks of index keys.
#include <gtest/gtest.h>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    service_.reset();
    auto s = Service::Open({.data_dir = dir_.path() / "db"});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
    if (Do("DescribeTable", R"j({"TableName":"people"})j").status == 200) return;
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
        {"AttributeName":"email","AttributeType":"S"},{"AttributeName":"city","AttributeType":"S"},
        {"AttributeName":"age","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
      "GlobalSecondaryIndexes":[
        {"IndexName":"byEmail","KeySchema":[{"AttributeName":"email","KeyType":"HASH"}],
         "Projection":{"ProjectionType":"KEYS_ONLY"}},
        {"IndexName":"byCity","KeySchema":[{"AttributeName":"city","KeyType":"HASH"},
          {"AttributeName":"age","KeyType":"RANGE"}],
         "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["name"]}}]})j")
                  .status,
              200);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  void Put(const std::string& item) {
    Call c = Do("PutItem", R"j({"TableName":"people","Item":)j" + item + "}");
    ASSERT_EQ(c.status, 200) << S(c.body);
  }
  Call ByCity(const std::string& city, const std::string& extra = "") {
    return Do("Query", R"j({"TableName":"people","IndexName":"byCity",
      "KeyConditionExpression":"city = :c","ExpressionAttributeValues":{":c":{"S":")j" +
                           city + R"j("}})j" + extra + "}");
  }
  static std::string Ids(const Call& c) {
    std::string out;
    for (const auto& item : c.body.at("Items").as_array()) {
      out += (out.empty() ? "" : " ") + std::string(item.at("id").at("S").as_string());
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(IndexTest, QueryByIndexFollowsWrites) {
  Put(R"j({"id":{"S":"p1"},"email":{"S":"a@x"},"city":{"S":"Oslo"},"age":{"N":"40"},
    "name":{"S":"Ada"},"secret":{"S":"s"}})j");
  Put(R"j({"id":{"S":"p2"},"city":{"S":"Oslo"},"age":{"N":"30"},"name":{"S":"Bo"}})j");
  Put(R"j({"id":{"S":"p3"},"city":{"S":"Rome"},"age":{"N":"20"}})j");
  Put(R"j({"id":{"S":"p4"},"name":{"S":"no index keys"}})j");

  Call oslo = ByCity("Oslo");
  ASSERT_EQ(oslo.status, 200) << S(oslo.body);
  EXPECT_EQ(Ids(oslo), "p2 p1");  // by age
  // INCLUDE projects keys plus `name`, never `secret`.
  EXPECT_EQ(S(oslo.body.at("Items").at(1)),
            R"j({"age":{"N":"40"},"city":{"S":"Oslo"},"id":{"S":"p1"},"name":{"S":"Ada"}})j");

  // Moving p1 to Rome moves its index entry; deleting p2 removes it.
  ASSERT_EQ(Do("UpdateItem", R"j({"TableName":"people","Key":{"id":{"S":"p1"}},
    "UpdateExpression":"SET city = :r","ExpressionAttributeValues":{":r":{"S":"Rome"}}})j")
                .status,
            200);
  ASSERT_EQ(Do("DeleteItem", R"j({"TableName":"people","Key":{"id":{"S":"p2"}}})j").status, 200);
  EXPECT_EQ(Ids(ByCity("Oslo")), "");
  EXPECT_EQ(Ids(ByCity("Rome")), "p3 p1");
  EXPECT_EQ(Ids(ByCity("Rome", R"j(,"ScanIndexForward":false)j")), "p1 p3");

  Call email = Do("Query", R"j({"TableName":"people","IndexName":"byEmail",
    "KeyConditionExpression":"email = :e","ExpressionAttributeValues":{":e":{"S":"a@x"}}})j");
  EXPECT_EQ(S(email.body.at("Items")), R"j([{"email":{"S":"a@x"},"id":{"S":"p1"}}])j");

  Call scan = Do("Scan", R"j({"TableName":"people","IndexName":"byEmail"})j");
  EXPECT_EQ(scan.body.at("Count"), 1);  // sparse: only items with an email
  Call described = Do("DescribeTable", R"j({"TableName":"people"})j");
  EXPECT_EQ(described.body.at("Table").at("GlobalSecondaryIndexes").at(1).at("ItemCount"), 2);
}

TEST_F(IndexTest, PagingThroughAnIndex) {
  for (int i = 0; i < 5; ++i) {
    Put(R"j({"id":{"S":"p)j" + std::to_string(i) + R"j("},"city":{"S":"Oslo"},"age":{"N":"7"}})j");
  }
  std::string seen, start;
  for (int pages = 0; pages < 10; ++pages) {
    Call c = ByCity("Oslo",
                    R"j(,"Limit":2)j" + (start.empty() ? "" : ",\"ExclusiveStartKey\":" + start));
    ASSERT_EQ(c.status, 200) << S(c.body);
    std::string ids = Ids(c);
    if (!ids.empty()) seen += (seen.empty() ? "" : " ") + ids;
    const auto* lek = c.body.as_object().if_contains("LastEvaluatedKey");
    if (lek == nullptr) break;
    EXPECT_EQ(lek->as_object().size(), 3u);  // id, city, age
    start = S(*lek);
  }
  EXPECT_EQ(seen, "p0 p1 p2 p3 p4");  // equal ages: ordered by the table key
}

TEST_F(IndexTest, IndexesSurviveRestart) {
  Put(R"j({"id":{"S":"p1"},"city":{"S":"Oslo"},"age":{"N":"1"}})j");
  Reopen();
  EXPECT_EQ(Ids(ByCity("Oslo")), "p1");
  Put(R"j({"id":{"S":"p1"},"city":{"S":"Rome"},"age":{"N":"1"}})j");
  EXPECT_EQ(Ids(ByCity("Oslo")), "");
}

TEST_F(IndexTest, Errors) {
  Call wrong_type = Do("PutItem", R"j({"TableName":"people","Item":{"id":{"S":"p"},
    "age":{"S":"old"}}})j");
  EXPECT_EQ(wrong_type.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key age "
            "Expected: N Actual: S IndexName: byCity");
  EXPECT_EQ(Do("Query", R"j({"TableName":"people","IndexName":"nope",
    "KeyConditionExpression":"id = :i","ExpressionAttributeValues":{":i":{"S":"x"}}})j")
                .message(),
            "The table does not have the specified index: nope");
  EXPECT_EQ(ByCity("Oslo", R"j(,"ConsistentRead":true)j").message(),
            "Consistent reads are not supported on global secondary indexes");
  EXPECT_EQ(ByCity("Oslo", R"j(,"ExclusiveStartKey":{"id":{"S":"p1"}})j").message(),
            "The provided starting key is invalid: The provided key element does not match the "
            "schema");
}

}  // namespace
}  // namespace nimbus::dynamodb

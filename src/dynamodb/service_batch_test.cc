// BatchGetItem / BatchWriteItem through Service::Handle.
#include <gtest/gtest.h>

#include "dynamodb/limits.h"
#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Service::Open({.data_dir = dir_.path() / "db"});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})j")
                  .status,
              200);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  static std::string Puts(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
      out += (i ? "," : "") + std::string(R"j({"PutRequest":{"Item":{"id":{"S":"p)j") +
             std::to_string(i) + R"j("},"n":{"N":")j" + std::to_string(i) + R"j("}}}})j";
    }
    return R"j({"RequestItems":{"people":[)j" + out + "]}}";
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(BatchTest, WriteThenGet) {
  Call w = Do("BatchWriteItem", Puts(limits::kMaxBatchWriteRequests));
  ASSERT_EQ(w.status, 200) << S(w.body);
  EXPECT_EQ(S(w.body), R"j({"UnprocessedItems":{}})j");
  Call d = Do("BatchWriteItem", R"j({"RequestItems":{"people":[
    {"DeleteRequest":{"Key":{"id":{"S":"p1"}}}}]}})j");
  ASSERT_EQ(d.status, 200) << S(d.body);
  Call g = Do("BatchGetItem", R"j({"RequestItems":{"people":{"Keys":[{"id":{"S":"p0"}},
    {"id":{"S":"p1"}},{"id":{"S":"p2"}}],"ProjectionExpression":"#n",
    "ExpressionAttributeNames":{"#n":"n"}}}})j");
  ASSERT_EQ(g.status, 200) << S(g.body);
  EXPECT_EQ(S(g.body),
            R"j({"Responses":{"people":[{"n":{"N":"0"}},{"n":{"N":"2"}}]},"UnprocessedKeys":{}})j");
}

TEST_F(BatchTest, Limits) {
  Call too_many = Do("BatchWriteItem", Puts(limits::kMaxBatchWriteRequests + 1));
  EXPECT_EQ(too_many.type(), "ValidationException");
  EXPECT_EQ(S(Do("Scan", R"j({"TableName":"people","Select":"COUNT"})j").body.at("Count")), "0");
  std::string keys;
  for (std::size_t i = 0; i <= limits::kMaxBatchGetKeys; ++i) {
    keys += (i ? "," : "") + std::string(R"j({"id":{"S":"k)j") + std::to_string(i) + "\"}}";
  }
  Call get = Do("BatchGetItem", R"j({"RequestItems":{"people":{"Keys":[)j" + keys + "]}}}");
  EXPECT_EQ(get.message(),
            "1 validation error detected: Value at 'RequestItems.people.member.Keys' failed to "
            "satisfy constraint: Member must have length less than or equal to 100");
}

TEST_F(BatchTest, ValidationChangesNothing) {
  Call dup = Do("BatchWriteItem", R"j({"RequestItems":{"people":[
    {"PutRequest":{"Item":{"id":{"S":"x"}}}},{"DeleteRequest":{"Key":{"id":{"S":"x"}}}}]}})j");
  EXPECT_EQ(dup.message(), "Provided list of item keys contains duplicates");
  Call bad = Do("BatchWriteItem", R"j({"RequestItems":{"people":[
    {"PutRequest":{"Item":{"id":{"S":"ok"}}}},{"PutRequest":{"Item":{"nokey":{"S":"x"}}}}]}})j");
  EXPECT_EQ(bad.message(), "The provided key element does not match the schema");
  EXPECT_EQ(S(Do("Scan", R"j({"TableName":"people","Select":"COUNT"})j").body.at("Count")), "0");
  EXPECT_EQ(
      Do("BatchGetItem", R"j({"RequestItems":{"ghost":{"Keys":[{"id":{"S":"x"}}]}}})j").type(),
      "ResourceNotFoundException");
  EXPECT_EQ(Do("BatchGetItem", R"j({"RequestItems":{}})j").type(), "ValidationException");
}

}  // namespace
}  // namespace nimbus::dynamodb

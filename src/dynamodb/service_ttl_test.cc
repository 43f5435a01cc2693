// Time to Live through Service::Handle: UpdateTimeToLive/DescribeTimeToLive and their errors,
// and the sweep (run by the test hook on an injected clock) deleting expired items with their
// index entries and counters, never resurrected by a restart.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

constexpr double kNow = 1'700'000'000;  // the injected clock's epoch seconds

class TtlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"sessions","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
        {"AttributeName":"user","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
      "GlobalSecondaryIndexes":[{"IndexName":"byUser",
        "KeySchema":[{"AttributeName":"user","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"KEYS_ONLY"}}]})j")
                  .status,
              200);
  }
  void Reopen() {
    service_.reset();
    auto s =
        Service::Open({.data_dir = dir_.path() / "db", .background_thread = false, .clock = [this] {
                         return now_;
                       }});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  Call Ttl(bool enabled, const std::string& attribute) {
    return Do("UpdateTimeToLive", R"({"TableName":"sessions","TimeToLiveSpecification":{
      "Enabled":)" + std::string(enabled ? "true" : "false") +
                                      R"(,"AttributeName":")" + attribute + R"("}})");
  }
  std::string DescribeTtl() {
    return S(Do("DescribeTimeToLive", R"({"TableName":"sessions"})").body);
  }
  void Put(const std::string& id, const std::string& expires) {
    std::string item = R"j({"id":{"S":")j" + id + R"j("},"user":{"S":"u1"})j";
    if (!expires.empty()) item += R"j(,"expires":)j" + expires;
    Call c = Do("PutItem", R"j({"TableName":"sessions","Item":)j" + item + "}}");
    ASSERT_EQ(c.status, 200) << S(c.body);
  }
  bool Exists(const std::string& id) {
    Call c = Do("GetItem", R"j({"TableName":"sessions","Key":{"id":{"S":")j" + id + R"j("}}})j");
    return c.body.as_object().contains("Item");
  }
  std::string N(double v) {
    return R"({"N":")" + std::to_string(static_cast<long long>(v)) + R"("})";
  }

  double now_ = kNow;
  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(TtlTest, EnableDescribeDisable) {
  EXPECT_EQ(DescribeTtl(), R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  Call enabled = Ttl(true, "expires");
  ASSERT_EQ(enabled.status, 200);
  EXPECT_EQ(S(enabled.body),
            R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}})");
  EXPECT_EQ(
      DescribeTtl(),
      R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"expires"}})");
  EXPECT_EQ(Ttl(true, "expires").message(), "TimeToLive is already enabled");
  EXPECT_EQ(Ttl(true, "other").message(),
            "TimeToLive is active on a different AttributeName: current AttributeName is expires");
  EXPECT_EQ(Ttl(false, "other").message(),
            "TimeToLive is active on a different AttributeName: current AttributeName is expires");
  Reopen();
  EXPECT_EQ(
      DescribeTtl(),
      R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"expires"}})");
  ASSERT_EQ(Ttl(false, "expires").status, 200);
  EXPECT_EQ(DescribeTtl(), R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  EXPECT_EQ(Ttl(false, "expires").message(), "TimeToLive is already disabled");
}

TEST_F(TtlTest, RequestErrors) {
  EXPECT_EQ(Do("UpdateTimeToLive", R"({"TableName":"sessions"})").message(),
            "1 validation error detected: Value null at 'timeToLiveSpecification' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(Do("UpdateTimeToLive", R"({"TableName":"sessions",
    "TimeToLiveSpecification":{"Enabled":true}})")
                .message(),
            "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' "
            "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(Do("UpdateTimeToLive", R"({"TableName":"sessions",
    "TimeToLiveSpecification":{"AttributeName":"x"}})")
                .message(),
            "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed "
            "to satisfy constraint: Member must not be null");
  EXPECT_EQ(Ttl(true, "").type(), "ValidationException");
  EXPECT_EQ(Ttl(true, std::string(limits::kMaxTtlAttributeNameLength + 1, 'a')).type(),
            "ValidationException");
  ASSERT_EQ(Ttl(true, std::string(limits::kMaxTtlAttributeNameLength, 'a')).status, 200);
  EXPECT_EQ(Do("UpdateTimeToLive", R"({"TableName":"sessions",
    "TimeToLiveSpecification":{"AttributeName":"x","Enabled":"yes"}})")
                .type(),
            "SerializationException");
  Call missing = Do("UpdateTimeToLive", R"({"TableName":"ghost",
    "TimeToLiveSpecification":{"AttributeName":"x","Enabled":true}})");
  EXPECT_EQ(missing.type(), "ResourceNotFoundException");
  EXPECT_EQ(Do("DescribeTimeToLive", R"({"TableName":"ghost"})").type(),
            "ResourceNotFoundException");
}

TEST_F(TtlTest, SweepDeletesExpiredItemsOnly) {
  Put("expired", N(kNow - 10));
  Put("now", N(kNow));  // not less than now: not yet
  Put("future", N(kNow + 60));
  Put("ancient", N(kNow - limits::kTtlMaxPastSeconds - 10));  // over five years: ignored
  Put("text", R"({"S":"1"})");                                // not a Number: never expires
  Put("none", "");
  Put("fraction", R"({"N":")" + std::to_string(kNow - 0.5) + R"("})");
  EXPECT_EQ(service_->SweepExpiredItems(), 0u);  // TTL is not enabled yet
  ASSERT_EQ(Ttl(true, "expires").status, 200);

  EXPECT_EQ(service_->SweepExpiredItems(), 2u);
  EXPECT_FALSE(Exists("expired"));
  EXPECT_FALSE(Exists("fraction"));
  for (const char* id : {"now", "future", "ancient", "text", "none"}) EXPECT_TRUE(Exists(id)) << id;
  auto d = Do("DescribeTable", R"({"TableName":"sessions"})").body.at("Table");
  EXPECT_EQ(d.at("ItemCount"), 5);
  EXPECT_EQ(d.at("GlobalSecondaryIndexes").at(0).at("ItemCount"), 5);
  Call by_user = Do("Query", R"j({"TableName":"sessions","IndexName":"byUser",
    "KeyConditionExpression":"#u = :u","ExpressionAttributeNames":{"#u":"user"},
    "ExpressionAttributeValues":{":u":{"S":"u1"}},"Select":"COUNT"})j");
  EXPECT_EQ(by_user.body.at("Count"), 5);

  now_ = kNow + 61;
  EXPECT_EQ(service_->SweepExpiredItems(), 2u);  // "now" and "future"
  EXPECT_FALSE(Exists("future"));
  // An item whose expiry was moved ahead is kept.
  Put("renewed", N(now_ - 1));
  Put("renewed", N(now_ + 3600));
  EXPECT_EQ(service_->SweepExpiredItems(), 0u);
  EXPECT_TRUE(Exists("renewed"));

  Reopen();
  EXPECT_FALSE(Exists("expired"));
  EXPECT_FALSE(Exists("future"));
  EXPECT_EQ(Do("DescribeTable", R"({"TableName":"sessions"})").body.at("Table").at("ItemCount"), 4);
}

TEST_F(TtlTest, BackgroundThreadSweepsOnItsOwn) {
  ASSERT_EQ(Ttl(true, "expires").status, 200);
  Put("expired", N(kNow - 10));
  service_.reset();
  auto s = Service::Open({.data_dir = dir_.path() / "db",
                          .ttl_sweep_interval = std::chrono::milliseconds(10),
                          .clock = [this] { return now_; }});
  ASSERT_TRUE(s.has_value());
  service_ = std::move(*s);
  // Polls with a deadline: the thread runs on its own schedule.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (Exists("expired") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_FALSE(Exists("expired"));
}

}  // namespace
}  // namespace nimbus::dynamodb

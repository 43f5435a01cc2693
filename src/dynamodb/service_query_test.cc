// Query through Service::Handle: key conditions, order, paging, filters.
#include <gtest/gtest.h>

#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

class QueryTest : public ::testing::Test {
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
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"docs","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
        {"AttributeName":"sk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
        {"AttributeName":"sk","KeyType":"RANGE"}]})j")
                  .status,
              200);
    // "a" and "ab" are adjacent partitions: a query on "a" must not leak "ab" items.
    for (const char* pk : {"a", "ab"}) {
      for (const char* ts : {"-7", "0", "1", "1.5", "20", "100"}) {
        ASSERT_EQ(Put("events", pk, "ts", "N", ts), 200);
      }
    }
    for (const char* sk : {"user#1", "user#2", "user", "order#1", "userz", "user#10"}) {
      ASSERT_EQ(Put("docs", "a", "sk", "S", sk), 200);
    }
  }
  int Put(const char* table, const char* pk, const char* attr, const char* type, const char* v) {
    std::string body = std::string(R"j({"TableName":")j") + table + R"j(","Item":{"pk":{"S":")j" +
                       pk + R"j("},")j" + attr + R"j(":{")j" + type + R"j(":")j" + v +
                       R"j("},"flag":{"BOOL":true}}})j";
    return Do("PutItem", body).status;
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }
  Call Q(const std::string& table, const std::string& cond, const std::string& values,
         const std::string& extra = "") {
    return Do("Query", R"j({"TableName":")j" + table + R"j(","KeyConditionExpression":")j" + cond +
                           R"j(","ExpressionAttributeValues":)j" + values + extra + "}");
  }
  static std::string Ranges(const Call& c, const char* attr) {
    std::string out;
    for (const auto& item : c.body.at("Items").as_array()) {
      const auto& v = item.at(attr).as_object().begin()->value();
      out += (out.empty() ? "" : " ") + std::string(v.as_string());
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

constexpr const char* kA = R"j({":p":{"S":"a"}})j";

TEST_F(QueryTest, PartitionInRangeOrder) {
  Call c = Q("events", "pk = :p", kA);
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(Ranges(c, "ts"), "-7 0 1 1.5 20 100");
  EXPECT_EQ(c.body.at("Count"), 6);
  Call reversed = Q("events", "pk = :p", kA, R"j(,"ScanIndexForward":false)j");
  EXPECT_EQ(Ranges(reversed, "ts"), "100 20 1.5 1 0 -7");
}

TEST_F(QueryTest, RangeConditions) {
  auto q = [&](const std::string& cond, const std::string& v) {
    std::string w = cond.find(":w") != std::string::npos ? R"j(,":w":{"N":"20"})j" : "";
    Call c = Q("events", "pk = :p AND " + cond,
               R"j({":p":{"S":"a"},":v":{"N":")j" + v + R"j("})j" + w + "}");
    return c.status == 200 ? Ranges(c, "ts") : c.message();
  };
  EXPECT_EQ(q("ts = :v", "1.50"), "1.5");
  EXPECT_EQ(q("ts < :v", "1"), "-7 0");
  EXPECT_EQ(q("ts <= :v", "1"), "-7 0 1");
  EXPECT_EQ(q("ts > :v", "1"), "1.5 20 100");
  EXPECT_EQ(q("ts >= :v", "1"), "1 1.5 20 100");
  EXPECT_EQ(q(":v < ts", "20"), "100");  // value on the left
  EXPECT_EQ(q("ts BETWEEN :v AND :w", "0"), "0 1 1.5 20");
  EXPECT_NE(q("ts BETWEEN :w AND :v", "0").find("BETWEEN operator requires"), std::string::npos);
}

TEST_F(QueryTest, BeginsWithOnStrings) {
  Call c =
      Q("docs", "pk = :p AND begins_with(sk, :pre)", R"j({":p":{"S":"a"},":pre":{"S":"user#"}})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(Ranges(c, "sk"), "user#1 user#10 user#2");
}

TEST_F(QueryTest, PagesInBothDirections) {
  for (bool forward : {true, false}) {
    std::string seen, start;
    for (int pages = 0; pages < 10; ++pages) {
      std::string extra = std::string(R"j(,"Limit":4,"ScanIndexForward":)j") +
                          (forward ? "true" : "false") +
                          (start.empty() ? "" : ",\"ExclusiveStartKey\":" + start);
      Call c = Q("events", "pk = :p", kA, extra);
      ASSERT_EQ(c.status, 200) << S(c.body);
      std::string r = Ranges(c, "ts");
      if (!r.empty()) seen += (seen.empty() ? "" : " ") + r;
      const auto* lek = c.body.as_object().if_contains("LastEvaluatedKey");
      if (lek == nullptr) break;
      start = S(*lek);
    }
    EXPECT_EQ(seen, forward ? "-7 0 1 1.5 20 100" : "100 20 1.5 1 0 -7");
  }
}

TEST_F(QueryTest, FilterAndCount) {
  Call c = Q("events", "pk = :p", R"j({":p":{"S":"a"},":t":{"BOOL":true}})j",
             R"j(,"FilterExpression":"flag = :t","Select":"COUNT")j");
  EXPECT_EQ(S(c.body), R"j({"Count":6,"ScannedCount":6})j");
  Call on_key = Q("events", "pk = :p", R"j({":p":{"S":"a"},":z":{"N":"0"}})j",
                  R"j(,"FilterExpression":"ts > :z")j");
  EXPECT_EQ(on_key.message(),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: ts");
}

TEST_F(QueryTest, InvalidKeyConditions) {
  EXPECT_EQ(Q("events", "ts = :z", R"j({":z":{"N":"0"}})j").message(),
            "Query condition missed key schema element: pk");
  EXPECT_EQ(Q("events", "pk = :p OR pk = :p", kA).message(),
            "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(Q("events", "pk = :p AND flag = :p", kA).message(),
            "Query key condition not supported");
  EXPECT_EQ(Q("events", "pk > :p", kA).message(), "Query key condition not supported");
  EXPECT_EQ(Q("events", "pk = :z", R"j({":z":{"N":"0"}})j").message(),
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type");
  EXPECT_EQ(Do("Query", R"j({"TableName":"events"})j").type(), "ValidationException");
}

}  // namespace
}  // namespace nimbus::dynamodb

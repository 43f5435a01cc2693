// Items through Service::Handle: the People CRUD flow, key validation, limits, return values,
// conditional writes under concurrency.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "dynamodb/limits.h"
#include "dynamodb/test_util.h"

namespace nimbus::dynamodb {
namespace {

using testing::Call;
using testing::Invoke;

std::string S(const boost::json::value& v) { return boost::json::serialize(v); }

class ItemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Service::Open({.data_dir = dir_.path() / "db"});
    ASSERT_TRUE(s.has_value()) << s.error();
    service_ = std::move(*s);
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"people","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"personId","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"personId","KeyType":"HASH"}]})j")
                  .status,
              200);
    ASSERT_EQ(Do("CreateTable", R"j({"TableName":"events","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
        {"AttributeName":"ts","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
        {"AttributeName":"ts","KeyType":"RANGE"}]})j")
                  .status,
              200);
  }
  Call Do(std::string_view op, std::string_view body) { return Invoke(*service_, op, body); }

  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(ItemTest, PeopleCrudFlow) {
  const char* create = R"j({"TableName":"people","Item":{"personId":{"S":"p1"},
    "firstName":{"S":"Ada"},"age":{"N":"36"}},
    "ConditionExpression":"attribute_not_exists(personId)"})j";
  Call put = Do("PutItem", create);
  ASSERT_EQ(put.status, 200) << S(put.body);
  EXPECT_EQ(S(put.body), "{}");
  Call again = Do("PutItem", create);
  EXPECT_EQ(S(again.body),
            R"j({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)j"
            R"j("message":"The conditional request failed"})j");

  Call get = Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"S":"p1"}},
    "ConsistentRead":true})j");
  EXPECT_EQ(S(get.body),
            R"j({"Item":{"age":{"N":"36"},"firstName":{"S":"Ada"},"personId":{"S":"p1"}}})j");

  Call update = Do("UpdateItem", R"j({"TableName":"people","Key":{"personId":{"S":"p1"}},
    "UpdateExpression":"SET #f = :f, age = age + :one",
    "ConditionExpression":"attribute_exists(personId)",
    "ExpressionAttributeNames":{"#f":"firstName"},
    "ExpressionAttributeValues":{":f":{"S":"Grace"},":one":{"N":"1"}},
    "ReturnValues":"ALL_NEW"})j");
  EXPECT_EQ(
      S(update.body),
      R"j({"Attributes":{"age":{"N":"37"},"firstName":{"S":"Grace"},"personId":{"S":"p1"}}})j");
  Call update_missing = Do("UpdateItem", R"j({"TableName":"people","Key":{"personId":{"S":"nope"}},
    "UpdateExpression":"SET age = :a","ConditionExpression":"attribute_exists(personId)",
    "ExpressionAttributeValues":{":a":{"N":"1"}},"ReturnValues":"ALL_NEW"})j");
  EXPECT_EQ(update_missing.type(), "ConditionalCheckFailedException");

  Call del = Do("DeleteItem", R"j({"TableName":"people","Key":{"personId":{"S":"p1"}},
    "ConditionExpression":"attribute_exists(personId)","ReturnValues":"ALL_OLD"})j");
  EXPECT_EQ(
      S(del.body),
      R"j({"Attributes":{"age":{"N":"37"},"firstName":{"S":"Grace"},"personId":{"S":"p1"}}})j");
  Call del_again = Do("DeleteItem", R"j({"TableName":"people","Key":{"personId":{"S":"p1"}},
    "ConditionExpression":"attribute_exists(personId)","ReturnValues":"ALL_OLD"})j");
  EXPECT_EQ(del_again.type(), "ConditionalCheckFailedException");
  EXPECT_EQ(S(Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"S":"p1"}}})j").body),
            "{}");
}

TEST_F(ItemTest, PutReturnsOldItemAndProjectionWorks) {
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p1"},"a":{"N":"1"},
    "m":{"M":{"x":{"S":"1"},"y":{"S":"2"}}}}})j")
                .status,
            200);
  Call put = Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p1"},"a":{"N":"2"}},
    "ReturnValues":"ALL_OLD"})j");
  EXPECT_EQ(S(put.body.at("Attributes").at("a")), R"j({"N":"1"})j");
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p1"}},
    "ReturnValues":"ALL_NEW"})j")
                .message(),
            "ReturnValues can only be ALL_OLD or NONE");
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p2"},"a":{"N":"1"},
    "#b":{"S":"hash"},"m":{"M":{"x":{"S":"1"},"y":{"S":"2"}}}}})j")
                .status,
            200);
  Call get = Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"S":"p2"}},
    "ProjectionExpression":"a, #m.y","ExpressionAttributeNames":{"#m":"m"}})j");
  EXPECT_EQ(S(get.body), R"j({"Item":{"a":{"N":"1"},"m":{"M":{"y":{"S":"2"}}}}})j");
}

TEST_F(ItemTest, UpdateReturnValues) {
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p1"},"a":{"N":"1"},
    "b":{"N":"2"}}})j")
                .status,
            200);
  auto update = [&](const char* rv) {
    std::string body = R"j({"TableName":"people","Key":{"personId":{"S":"p1"}},
      "UpdateExpression":"SET a = a + :one REMOVE b","ExpressionAttributeValues":{":one":{"N":"1"}},
      "ReturnValues":")j" +
                       std::string(rv) + "\"}";
    return S(Do("UpdateItem", body).body);
  };
  EXPECT_EQ(update("UPDATED_OLD"), R"j({"Attributes":{"a":{"N":"1"},"b":{"N":"2"}}})j");
  EXPECT_EQ(update("UPDATED_NEW"), R"j({"Attributes":{"a":{"N":"3"}}})j");
  EXPECT_EQ(update("ALL_OLD"), R"j({"Attributes":{"a":{"N":"3"},"personId":{"S":"p1"}}})j");
  EXPECT_EQ(update("ALL_NEW"), R"j({"Attributes":{"a":{"N":"5"},"personId":{"S":"p1"}}})j");
  EXPECT_EQ(update("NONE"), "{}");
  EXPECT_EQ(Do("UpdateItem", R"j({"TableName":"people","Key":{"personId":{"S":"p1"}},
    "UpdateExpression":"SET personId = :v","ExpressionAttributeValues":{":v":{"S":"x"}}})j")
                .message(),
            "One or more parameter values were invalid: Cannot update attribute personId. This "
            "attribute is part of the key");
  // UpdateItem on a missing item creates it from the key.
  Call created = Do("UpdateItem", R"j({"TableName":"people","Key":{"personId":{"S":"new"}},
    "UpdateExpression":"SET tags = list_append(if_not_exists(tags, :empty), :t)",
    "ExpressionAttributeValues":{":empty":{"L":[]},":t":{"L":[{"S":"a"}]}},
    "ReturnValues":"ALL_NEW"})j");
  EXPECT_EQ(S(created.body),
            R"j({"Attributes":{"personId":{"S":"new"},"tags":{"L":[{"S":"a"}]}}})j");
}

TEST_F(ItemTest, ReturnValuesOnConditionCheckFailure) {
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p1"}}})j").status,
            200);
  Call c = Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p1"}},
    "ConditionExpression":"attribute_not_exists(personId)",
    "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})j");
  EXPECT_EQ(c.type(), "ConditionalCheckFailedException");
  EXPECT_EQ(S(c.body.at("Item")), R"j({"personId":{"S":"p1"}})j");
}

TEST_F(ItemTest, KeyValidation) {
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"name":{"S":"x"}}})j").message(),
            "One or more parameter values were invalid: Missing the key personId in the item");
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"N":"1"}}})j").message(),
            "One or more parameter values were invalid: Type mismatch for key personId expected: "
            "S actual: N");
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":""}}})j").message(),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: personId");
  const char* mismatch = "The provided key element does not match the schema";
  EXPECT_EQ(Do("GetItem", R"j({"TableName":"people","Key":{"id":{"S":"1"}}})j").message(),
            mismatch);
  EXPECT_EQ(Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"N":"1"}}})j").message(),
            mismatch);
  EXPECT_EQ(Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"S":"1"},
    "x":{"S":"1"}}})j")
                .message(),
            mismatch);
  EXPECT_EQ(Do("DeleteItem", R"j({"TableName":"events","Key":{"pk":{"S":"1"}}})j").message(),
            mismatch);
  EXPECT_EQ(Do("GetItem", R"j({"TableName":"people"})j").message(),
            "1 validation error detected: Value null at 'key' failed to satisfy constraint: "
            "Member must not be null");
}

TEST_F(ItemTest, SizeLimits) {
  auto put = [&](const std::string& pk, std::size_t payload) {
    std::string body = R"j({"TableName":"people","Item":{"personId":{"S":")j" + pk +
                       R"j("},"d":{"S":")j" + std::string(payload, 'x') + R"j("}}})j";
    return Do("PutItem", body).message();
  };
  std::size_t overhead = std::string("personId").size() + 2 + 1;  // names + key value "pk"
  EXPECT_EQ(put("pk", limits::kMaxItemSizeBytes - overhead), "");
  EXPECT_EQ(put("pk", limits::kMaxItemSizeBytes - overhead + 1),
            "Item size has exceeded the maximum allowed size");
  EXPECT_EQ(put(std::string(limits::kMaxHashKeyBytes, 'k'), 1), "");
  EXPECT_EQ(put(std::string(limits::kMaxHashKeyBytes + 1, 'k'), 1),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
            "size limit of2048 bytes");
  auto put_range = [&](std::size_t digits) {
    // A range key of N is limited too; use an S range table substitute via binary encoding.
    std::string body = R"j({"TableName":"events","Item":{"pk":{"S":"a"},"ts":{"N":")j" +
                       std::string(digits, '9') + R"j("}}})j";
    return Do("PutItem", body).type();
  };
  EXPECT_EQ(put_range(38), "");
  EXPECT_EQ(put_range(39), "ValidationException");
}

TEST_F(ItemTest, RangeKeyLimit) {
  ASSERT_EQ(Do("CreateTable", R"j({"TableName":"ranged","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"h","AttributeType":"S"},
      {"AttributeName":"r","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"h","KeyType":"HASH"},{"AttributeName":"r","KeyType":"RANGE"}]})j")
                .status,
            200);
  auto put = [&](std::size_t n) {
    return Do("PutItem", R"j({"TableName":"ranged","Item":{"h":{"S":"a"},"r":{"S":")j" +
                             std::string(n, 'r') + R"j("}}})j")
        .message();
  };
  EXPECT_EQ(put(limits::kMaxRangeKeyBytes), "");
  EXPECT_EQ(put(limits::kMaxRangeKeyBytes + 1),
            "One or more parameter values were invalid: Aggregated size of all range keys has "
            "exceeded the size limit of 1024 bytes");
}

TEST_F(ItemTest, NestingLimit) {
  auto nested = [](int levels) {
    std::string v = R"j({"S":"leaf"})j";
    for (int i = 0; i < levels; ++i) v = R"j({"M":{"k":)j" + v + "}}";
    return R"j({"TableName":"people","Item":{"personId":{"S":"n"},"deep":)j" + v + "}}";
  };
  EXPECT_EQ(Do("PutItem", nested(limits::kMaxDocumentPathDepth)).status, 200);
  EXPECT_EQ(Do("PutItem", nested(limits::kMaxDocumentPathDepth + 1)).message(),
            "1 validation error detected: Nesting Levels have exceeded supported limits: "
            "Attributes in the item have nested "
            "levels beyond supported limit");
}

TEST_F(ItemTest, UpdateCannotNestDeeperThanPutItemCan) {
  std::string deep = R"j({"S":"leaf"})j";
  for (int i = 0; i < limits::kMaxDocumentPathDepth; ++i) deep = R"j({"M":{"k":)j" + deep + "}}";
  ASSERT_EQ(
      Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"n"},"deep":)j" + deep + "}}")
          .status,
      200);
  // Copying the value one level into itself would nest it 33 levels deep.
  Call update = Do("UpdateItem", R"j({"TableName":"people","Key":{"personId":{"S":"n"}},
    "UpdateExpression":"SET deep.k = deep"})j");
  EXPECT_EQ(update.message(),
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
            "levels beyond supported limit");
  // The stored item is untouched and still readable.
  Call get = Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"S":"n"}}})j");
  EXPECT_EQ(get.status, 200);
  EXPECT_NE(S(get.body).find(deep), std::string::npos);
}

TEST_F(ItemTest, ConditionFailureReturnsEvenTheDeepestItem) {
  std::string deep = R"j({"S":"leaf"})j";
  for (int i = 0; i < limits::kMaxDocumentPathDepth; ++i) deep = R"j({"M":{"k":)j" + deep + "}}";
  const std::string item = R"j({"personId":{"S":"d"},"deep":)j" + deep + "}";
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"people","Item":)j" + item + "}").status, 200);
  Call put = Do("PutItem", R"j({"TableName":"people","Item":)j" + item +
                               R"j(,"ConditionExpression":"attribute_not_exists(personId)",
    "ReturnValuesOnConditionCheckFailure":"ALL_OLD"})j");
  EXPECT_EQ(put.status, 400);
  EXPECT_EQ(put.message(), "The conditional request failed");
  EXPECT_NE(S(put.body).find(R"j("Item":)j"), std::string::npos);
}

TEST_F(ItemTest, NumericKeysAreCanonical) {
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"events","Item":{"pk":{"S":"a"},"ts":{"N":"1.0"},
    "v":{"S":"first"}}})j")
                .status,
            200);
  Call get = Do("GetItem", R"j({"TableName":"events","Key":{"pk":{"S":"a"},"ts":{"N":"10E-1"}}})j");
  EXPECT_EQ(S(get.body), R"j({"Item":{"pk":{"S":"a"},"ts":{"N":"1"},"v":{"S":"first"}}})j");
}

TEST_F(ItemTest, ExpressionPlaceholderChecks) {
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p"}},
    "ConditionExpression":"attribute_not_exists(personId)",
    "ExpressionAttributeValues":{":unused":{"S":"x"}}})j")
                .message(),
            "1 validation error detected: Value provided in ExpressionAttributeValues unused in "
            "expressions: keys: {:unused}");
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p"}},
    "ExpressionAttributeValues":{":v":{"S":"x"}}})j")
                .message(),
            "1 validation error detected: ExpressionAttributeValues can only be specified when "
            "using expressions");
  EXPECT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"p"}},
    "Expected":{"personId":{"Exists":false}},"ExpressionAttributeValues":{":v":{"S":"x"}}})j")
                .type(),
            "ValidationException");
}

TEST_F(ItemTest, ConcurrentUpdatesLoseNothing) {
  ASSERT_EQ(Do("PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"c"},"n":{"N":"0"}}})j")
                .status,
            200);
  constexpr int kThreads = 4, kPerThread = 50;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        Reply r = service_->Handle("UpdateItem", R"j({"TableName":"people",
          "Key":{"personId":{"S":"c"}},"UpdateExpression":"SET n = n + :one",
          "ExpressionAttributeValues":{":one":{"N":"1"}}})j");
        if (r.http_status != 200) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  Call get = Do("GetItem", R"j({"TableName":"people","Key":{"personId":{"S":"c"}}})j");
  EXPECT_EQ(S(get.body.at("Item").at("n")), R"j({"N":"200"})j");
}

TEST_F(ItemTest, ConcurrentCreatesHaveOneWinner) {
  std::atomic<int> wins = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Reply r = service_->Handle(
          "PutItem", R"j({"TableName":"people","Item":{"personId":{"S":"x"},
        "by":{"N":")j" + std::to_string(t) +
                         R"j("}},"ConditionExpression":"attribute_not_exists(personId)"})j");
      if (r.http_status == 200) ++wins;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins, 1);
}

}  // namespace
}  // namespace nimbus::dynamodb

// TransactWriteItems and TransactGetItems: success, every cancellation reason, atomicity
// (items and index entries), ClientRequestToken idempotency on an injected clock, limits with
// DynamoDB's messages, and concurrency (transfers conserve their sum; no deadlock with
// single-item writes on the same keys).
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dynamodb/operations.h"
#include "dynamodb/test_util.h"
#include "dynamodb/transact_token.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;
using testing::Call;

std::string S(const json::value& v) { return json::serialize(v); }

std::string Repeat(char c, std::size_t n) { return std::string(n, c); }

// Operations are called directly with an OperationContext whose clock the test sets.
class TransactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.data_dir = dir_.path() / "db";
    auto storage = Storage::Open(options_.data_dir, false);
    ASSERT_TRUE(storage.has_value()) << storage.error();
    storage_ = std::move(*storage);
    auto catalog = TableCatalog::Load(*storage_);
    ASSERT_TRUE(catalog.has_value()) << catalog.error();
    catalog_ = std::move(*catalog);
    ctx_ = std::make_unique<OperationContext>(
        OperationContext{*storage_, *catalog_, options_, [this] { return now_.load(); }});
    ASSERT_EQ(Do(&CreateTable, R"j({"TableName":"accounts","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})j")
                  .status,
              200);
    ASSERT_EQ(Do(&CreateTable, R"j({"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
        {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"status","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
      "GlobalSecondaryIndexes":[{"IndexName":"by_status",
        "KeySchema":[{"AttributeName":"status","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"ALL"}}]})j")
                  .status,
              200);
  }

  Call Do(Operation op, std::string_view body) {
    json::parse_options options;
    options.max_depth = limits::kMaxJsonDepth;
    json::value request = json::parse(body, {}, options);
    ReplyBody result = op(*ctx_, request.as_object());
    Reply reply = result ? Reply{200, S(*result)} : ToReply(result.error());
    return {reply.http_status, json::parse(reply.body, {}, options)};
  }
  Call Write(std::string_view body) { return Do(&TransactWriteItems, body); }
  Call Get(std::string_view body) { return Do(&TransactGetItems, body); }

  void PutAccount(const std::string& id, int balance) {
    ASSERT_EQ(Do(&PutItem, R"({"TableName":"accounts","Item":{"id":{"S":")" + id +
                               R"("},"balance":{"N":")" + std::to_string(balance) + R"("}}})")
                  .status,
              200);
  }
  // The stored item, "{}" when absent.
  std::string Item(const std::string& table, const std::string& key_json) {
    Call c = Do(&GetItem, R"({"TableName":")" + table + R"(","Key":)" + key_json + "}");
    const json::value* item = c.body.as_object().if_contains("Item");
    return item ? S(*item) : "{}";
  }
  std::string Account(const std::string& id) {
    return Item("accounts", R"({"id":{"S":")" + id + R"("}})");
  }
  long Balance(const std::string& id) {
    json::value v = json::parse(Account(id));
    return std::stol(std::string(v.at("balance").at("N").as_string()));
  }

  testing::TempDir dir_;
  Options options_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<TableCatalog> catalog_;
  std::unique_ptr<OperationContext> ctx_;
  std::atomic<double> now_{1'700'000'000.0};
};

const char* kCanceledType = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";

TEST_F(TransactTest, AllFourActionsCommitTogether) {
  PutAccount("a", 100);
  PutAccount("b", 5);
  PutAccount("gone", 1);
  Call c = Write(R"j({"TransactItems":[
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"new"},"balance":{"N":"0"}},
      "ConditionExpression":"attribute_not_exists(id)"}},
    {"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},
      "UpdateExpression":"SET balance = balance - :v, #n = :n","ConditionExpression":"balance >= :v",
      "ExpressionAttributeNames":{"#n":"note"},
      "ExpressionAttributeValues":{":v":{"N":"30"},":n":{"S":"paid"}}}},
    {"Delete":{"TableName":"accounts","Key":{"id":{"S":"gone"}}}},
    {"ConditionCheck":{"TableName":"accounts","Key":{"id":{"S":"b"}},
      "ConditionExpression":"attribute_exists(id)"}}]})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(S(c.body), "{}");
  EXPECT_EQ(Account("new"), R"({"balance":{"N":"0"},"id":{"S":"new"}})");
  EXPECT_EQ(Account("a"), R"({"balance":{"N":"70"},"id":{"S":"a"},"note":{"S":"paid"}})");
  EXPECT_EQ(Account("gone"), "{}");
  EXPECT_EQ(Account("b"), R"({"balance":{"N":"5"},"id":{"S":"b"}})");
}

TEST_F(TransactTest, UpdateCreatesAMissingItemFromItsKey) {
  Call c = Write(R"j({"TransactItems":[{"Update":{"TableName":"accounts",
    "Key":{"id":{"S":"fresh"}},"UpdateExpression":"ADD balance :one",
    "ExpressionAttributeValues":{":one":{"N":"1"}}}}]})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(Account("fresh"), R"({"balance":{"N":"1"},"id":{"S":"fresh"}})");
}

TEST_F(TransactTest, ConditionalCheckFailedCancelsEverythingWithReasonsInOrder) {
  PutAccount("a", 10);
  PutAccount("b", 10);
  Call c = Write(R"j({"TransactItems":[
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"c"},"balance":{"N":"1"}}}},
    {"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},"UpdateExpression":"SET balance = :z",
      "ConditionExpression":"balance > :big","ReturnValuesOnConditionCheckFailure":"ALL_OLD",
      "ExpressionAttributeValues":{":z":{"N":"0"},":big":{"N":"100"}}}},
    {"ConditionCheck":{"TableName":"accounts","Key":{"id":{"S":"b"}},
      "ConditionExpression":"attribute_not_exists(id)"}},
    {"Delete":{"TableName":"accounts","Key":{"id":{"S":"zz"}}}}]})j");
  EXPECT_EQ(c.status, 400);
  EXPECT_EQ(
      S(c.body),
      std::string(R"({"__type":")") + kCanceledType +
          R"(","CancellationReasons":[{"Code":"None"},)"
          R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed",)"
          R"("Item":{"balance":{"N":"10"},"id":{"S":"a"}}},)"
          R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed"},)"
          R"({"Code":"None"}],)"
          R"("Message":"Transaction cancelled, please refer cancellation reasons )"
          R"(for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed, None]"})");
  EXPECT_EQ(Account("c"), "{}");
  EXPECT_EQ(Balance("a"), 10);
}

TEST_F(TransactTest, AllOldOnAMissingItemCarriesNoItem) {
  Call c = Write(R"j({"TransactItems":[{"ConditionCheck":{"TableName":"accounts",
    "Key":{"id":{"S":"nobody"}},"ConditionExpression":"attribute_exists(id)",
    "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}}]})j");
  EXPECT_EQ(S(c.body.at("CancellationReasons")),
            R"([{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}])");
}

TEST_F(TransactTest, ValidationErrorsFoundWhileApplyingCancel) {
  PutAccount("a", 1);
  ASSERT_EQ(
      Do(&PutItem, R"({"TableName":"accounts","Item":{"id":{"S":"s"},"name":{"S":"x"}}})").status,
      200);
  std::string big = Repeat('x', 300 * 1024);
  Call c = Write(R"j({"TransactItems":[
    {"Update":{"TableName":"accounts","Key":{"id":{"S":"s"}},"UpdateExpression":"ADD #n :one",
      "ExpressionAttributeNames":{"#n":"name"},"ExpressionAttributeValues":{":one":{"N":"1"}}}},
    {"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},
      "UpdateExpression":"SET b1 = :big, b2 = :big","ExpressionAttributeValues":{":big":{"S":")j" +
                 big + R"j("}}}},
    {"Delete":{"TableName":"accounts","Key":{"nope":{"S":"a"}}}},
    {"Put":{"TableName":"accounts","Item":{"id":{"N":"1"}}}},
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"ok"}}}}]})j");
  ASSERT_EQ(c.status, 400);
  EXPECT_EQ(c.type(), "TransactionCanceledException");
  const json::array& reasons = c.body.at("CancellationReasons").as_array();
  ASSERT_EQ(reasons.size(), 5u);
  EXPECT_EQ(reasons[0].at("Code"), "ValidationError");
  EXPECT_EQ(reasons[0].at("Message"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(
      S(reasons[1]),
      R"({"Code":"ValidationError","Message":"Item size to update has exceeded the maximum allowed size"})");
  EXPECT_EQ(
      S(reasons[2]),
      R"({"Code":"ValidationError","Message":"The provided key element does not match the schema"})");
  EXPECT_EQ(S(reasons[3]), R"({"Code":"ValidationError","Message":"One or more parameter values )"
                           R"(were invalid: Type mismatch for key id expected: S actual: N"})");
  EXPECT_EQ(S(reasons[4]), R"({"Code":"None"})");
  EXPECT_EQ(c.body.at("Message"),
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[ValidationError, ValidationError, ValidationError, ValidationError, None]");
  EXPECT_EQ(Account("ok"), "{}");
  EXPECT_EQ(Account("a"), R"({"balance":{"N":"1"},"id":{"S":"a"}})");
}

TEST_F(TransactTest, NothingIsWrittenOnFailureIndexEntriesIncluded) {
  Call c = Write(R"j({"TransactItems":[
    {"Put":{"TableName":"orders","Item":{"pk":{"S":"o1"},"sk":{"N":"1"},"status":{"S":"open"}}}},
    {"ConditionCheck":{"TableName":"accounts","Key":{"id":{"S":"missing"}},
      "ConditionExpression":"attribute_exists(id)"}}]})j");
  ASSERT_EQ(c.type(), "TransactionCanceledException");
  Call q = Do(&Query, R"j({"TableName":"orders","IndexName":"by_status",
    "KeyConditionExpression":"#s = :s","ExpressionAttributeNames":{"#s":"status"},
    "ExpressionAttributeValues":{":s":{"S":"open"}}})j");
  ASSERT_EQ(q.status, 200) << S(q.body);
  EXPECT_EQ(q.body.at("Count"), 0);
  EXPECT_EQ(Item("orders", R"({"pk":{"S":"o1"},"sk":{"N":"1"}})"), "{}");

  // The same transaction with the check satisfied writes the item and its index entry.
  PutAccount("missing", 0);
  ASSERT_EQ(Write(R"j({"TransactItems":[
    {"Put":{"TableName":"orders","Item":{"pk":{"S":"o1"},"sk":{"N":"1"},"status":{"S":"open"}}}},
    {"ConditionCheck":{"TableName":"accounts","Key":{"id":{"S":"missing"}},
      "ConditionExpression":"attribute_exists(id)"}}]})j")
                .status,
            200);
  q = Do(&Query, R"j({"TableName":"orders","IndexName":"by_status",
    "KeyConditionExpression":"#s = :s","ExpressionAttributeNames":{"#s":"status"},
    "ExpressionAttributeValues":{":s":{"S":"open"}}})j");
  EXPECT_EQ(q.body.at("Count"), 1);
  // An Update moving the item out of the index removes the entry in the same commit.
  ASSERT_EQ(Write(R"j({"TransactItems":[{"Update":{"TableName":"orders",
    "Key":{"pk":{"S":"o1"},"sk":{"N":"1"}},"UpdateExpression":"REMOVE #s",
    "ExpressionAttributeNames":{"#s":"status"}}}]})j")
                .status,
            200);
  q = Do(&Query, R"j({"TableName":"orders","IndexName":"by_status",
    "KeyConditionExpression":"#s = :s","ExpressionAttributeNames":{"#s":"status"},
    "ExpressionAttributeValues":{":s":{"S":"open"}}})j");
  EXPECT_EQ(q.body.at("Count"), 0);
}

TEST_F(TransactTest, ClientRequestTokenReplaysWithinTenMinutes) {
  PutAccount("a", 0);
  const std::string body = R"j({"ClientRequestToken":"tok-1","TransactItems":[
    {"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},"UpdateExpression":"ADD balance :one",
      "ExpressionAttributeValues":{":one":{"N":"1"}}}}]})j";
  ASSERT_EQ(Write(body).status, 200);
  EXPECT_EQ(Balance("a"), 1);

  now_ = now_ + limits::kIdempotencyWindowSeconds - 1;
  Call replay = Write(body);
  ASSERT_EQ(replay.status, 200) << S(replay.body);
  EXPECT_EQ(S(replay.body), "{}");
  EXPECT_EQ(Balance("a"), 1);
  // Member order is not part of the request's identity; a replay reports read capacity.
  Call reordered = Write(R"j({"ReturnConsumedCapacity":"TOTAL","TransactItems":[
    {"Update":{"ExpressionAttributeValues":{":one":{"N":"1"}},"UpdateExpression":"ADD balance :one",
      "Key":{"id":{"S":"a"}},"TableName":"accounts"}}],"ClientRequestToken":"tok-1"})j");
  ASSERT_EQ(reordered.status, 200) << S(reordered.body);
  EXPECT_EQ(
      S(reordered.body),
      R"({"ConsumedCapacity":[{"TableName":"accounts","CapacityUnits":2E0,"ReadCapacityUnits":2E0}]})");
  EXPECT_EQ(Balance("a"), 1);

  Call mismatch = Write(R"j({"ClientRequestToken":"tok-1","TransactItems":[
    {"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},"UpdateExpression":"ADD balance :one",
      "ExpressionAttributeValues":{":one":{"N":"2"}}}}]})j");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.type(), "IdempotentParameterMismatchException");
  EXPECT_EQ(Balance("a"), 1);

  // The window runs from the first completed call; past it the token is new again.
  now_ = now_ + 2;
  ASSERT_EQ(Write(body).status, 200);
  EXPECT_EQ(Balance("a"), 2);
  ASSERT_EQ(Write(body).status, 200);
  EXPECT_EQ(Balance("a"), 2);
}

TEST_F(TransactTest, ACancelledTransactionDoesNotClaimItsToken) {
  const std::string body = R"j({"ClientRequestToken":"tok-2","TransactItems":[
    {"ConditionCheck":{"TableName":"accounts","Key":{"id":{"S":"a"}},
      "ConditionExpression":"attribute_exists(id)"}},
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"b"},"balance":{"N":"1"}}}}]})j";
  EXPECT_EQ(Write(body).type(), "TransactionCanceledException");
  PutAccount("a", 0);
  ASSERT_EQ(Write(body).status, 200);
  EXPECT_EQ(Balance("b"), 1);
}

TEST_F(TransactTest, ExpiredTokenRecordsAreDeletedByLaterTransactions) {
  auto write_with = [&](const std::string& token, const std::string& id) {
    return Write(R"({"ClientRequestToken":")" + token +
                 R"(","TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":")" + id +
                 R"("}}}}]})");
  };
  ASSERT_EQ(write_with("old", "x").status, 200);
  ASSERT_TRUE(storage_->Get(ClientTokenKey("old")).value().has_value());
  ASSERT_EQ(write_with("recent", "y").status, 200);
  now_ = now_ + limits::kIdempotencyWindowSeconds;
  // "recent" is 0 s younger than "old" here, so both have expired; a third call clears both.
  ASSERT_EQ(write_with("new", "z").status, 200);
  EXPECT_FALSE(storage_->Get(ClientTokenKey("old")).value().has_value());
  EXPECT_FALSE(storage_->Get(ClientTokenKey("recent")).value().has_value());
  EXPECT_TRUE(storage_->Get(ClientTokenKey("new")).value().has_value());
}

TEST_F(TransactTest, WriteCapacityIsTwoUnitsPerKilobytePerTable) {
  std::string two_kb = Repeat('x', 1500);
  Call c = Write(R"j({"ReturnConsumedCapacity":"INDEXES","ReturnItemCollectionMetrics":"SIZE",
    "TransactItems":[
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"a"},"blob":{"S":")j" +
                 two_kb + R"j("}}}},
    {"Put":{"TableName":"orders","Item":{"pk":{"S":"o"},"sk":{"N":"1"}}}},
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"b"}}}}]})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(S(c.body.at("ConsumedCapacity")),
            R"([{"TableName":"accounts","CapacityUnits":6E0,"WriteCapacityUnits":6E0,)"
            R"("Table":{"CapacityUnits":6E0,"WriteCapacityUnits":6E0}},)"
            R"({"TableName":"orders","CapacityUnits":2E0,"WriteCapacityUnits":2E0,)"
            R"("Table":{"CapacityUnits":2E0,"WriteCapacityUnits":2E0}}])");
}

TEST_F(TransactTest, RequestValidationMessages) {
  auto message = [&](std::string_view body) {
    Call c = Write(body);
    EXPECT_EQ(c.status, 400);
    return c.type() + ": " + c.message();
  };
  EXPECT_EQ(message("{}"),
            "ValidationException: 1 validation error detected: Value null at 'transactItems' "
            "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(message(R"({"TransactItems":[]})"),
            "ValidationException: 1 validation error detected: Value '[]' at 'transactItems' "
            "failed to satisfy constraint: Member must have length greater than or equal to 1");
  EXPECT_EQ(message(R"({"TransactItems":[{"Update":{}}]})"),
            "ValidationException: 3 validation errors detected: Value null at "
            "'transactItems.1.member.update.key' failed to satisfy constraint: Member must not be "
            "null; Value null at 'transactItems.1.member.update.tableName' failed to satisfy "
            "constraint: Member must not be null; Value null at "
            "'transactItems.1.member.update.updateExpression' failed to satisfy constraint: "
            "Member must not be null");
  EXPECT_EQ(message(R"({"ReturnConsumedCapacity":"hi","TransactItems":[{"ConditionCheck":
    {"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})"),
            "ValidationException: 2 validation errors detected: Value 'hi' at "
            "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum "
            "value set: [INDEXES, TOTAL, NONE]; Value null at "
            "'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy "
            "constraint: Member must not be null");
  EXPECT_EQ(message(R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"a"}}},
    "Delete":{"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})"),
            "ValidationException: TransactItems can only contain one of Check, Put, Update or "
            "Delete");
  EXPECT_EQ(message(R"({"TransactItems":[{}]})"),
            "ValidationException: TransactItems can only contain one of Check, Put, Update or "
            "Delete");
  EXPECT_EQ(message(R"({"TransactItems":[{"Put":{"TableName":"nope","Item":{"id":{"S":"a"}}}}]})"),
            "ResourceNotFoundException: Requested resource not found");
  EXPECT_EQ(message(R"({"TransactItems":[
    {"Put":{"TableName":"accounts","Item":{"id":{"S":"a"},"x":{"N":"1"}}}},
    {"Update":{"TableName":"arn:aws:dynamodb:us-east-1:000000000000:table/accounts",
      "Key":{"id":{"S":"a"}},"UpdateExpression":"REMOVE x"}}]})"),
            "ValidationException: Transaction request cannot include multiple operations on one "
            "item");
  EXPECT_EQ(
      message(R"({"TransactItems":[{"Delete":{"TableName":"accounts","Key":{"id":{"S":""}}}}]})"),
      "ValidationException: One or more parameter values are not valid. The AttributeValue "
      "for a key attribute cannot contain an empty string value. Key: id");
  EXPECT_EQ(message(R"({"TransactItems":[{"Update":{"TableName":"accounts","Key":{"id":{"S":"a"}},
    "UpdateExpression":"SET id = :v","ExpressionAttributeValues":{":v":{"S":"b"}}}}]})"),
            "ValidationException: One or more parameter values were invalid: Cannot update "
            "attribute id. This attribute is part of the key");
  EXPECT_EQ(message(R"({"ClientRequestToken":"0123456789012345678901234567890123456",
    "TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"a"}}}}]})"),
            "ValidationException: 1 validation error detected: Value "
            "'0123456789012345678901234567890123456' at 'clientRequestToken' failed to satisfy "
            "constraint: Member must have length less than or equal to 36");
  EXPECT_EQ(Account("a"), "{}");
}

TEST_F(TransactTest, LimitsOnActionsAndSizes) {
  std::string many = R"({"TransactItems":[)";
  for (std::size_t i = 0; i <= limits::kMaxTransactionActions; ++i) {
    if (i > 0) many += ",";
    many +=
        R"({"Put":{"TableName":"accounts","Item":{"id":{"S":"k)" + std::to_string(i) + R"("}}}})";
  }
  many += "]}";
  Call too_many = Write(many);
  EXPECT_EQ(too_many.type(), "ValidationException");
  EXPECT_TRUE(too_many.message().starts_with("1 validation error detected: Value '[{"));
  EXPECT_TRUE(too_many.message().ends_with(
      "' at 'transactItems' failed to satisfy constraint: Member must have length less than or "
      "equal to 100"));

  // Exactly 100 actions is allowed.
  std::string hundred = R"({"TransactItems":[)";
  for (std::size_t i = 0; i < limits::kMaxTransactionActions; ++i) {
    if (i > 0) hundred += ",";
    hundred +=
        R"({"Put":{"TableName":"accounts","Item":{"id":{"S":"k)" + std::to_string(i) + R"("}}}})";
  }
  hundred += "]}";
  ASSERT_EQ(Write(hundred).status, 200);
  EXPECT_EQ(Account("k99"), R"({"id":{"S":"k99"}})");

  std::string huge = Repeat('x', limits::kMaxItemSizeBytes);
  Call too_big = Write(
      R"({"TransactItems":[{"Put":{"TableName":"accounts","Item":{"id":{"S":"h"},"b":{"S":")" +
      huge + R"("}}}}]})");
  EXPECT_EQ(too_big.type() + ": " + too_big.message(),
            "ValidationException: Item size has exceeded the maximum allowed size");

  // Eleven items of 390 KB: each within 400 KB, together over 4 MB.
  std::string chunk = Repeat('y', 390 * 1024);
  std::string aggregate = R"({"TransactItems":[)";
  for (int i = 0; i < 11; ++i) {
    if (i > 0) aggregate += ",";
    aggregate += R"({"Put":{"TableName":"accounts","Item":{"id":{"S":"big)" + std::to_string(i) +
                 R"("},"b":{"S":")" + chunk + R"("}}}})";
  }
  aggregate += "]}";
  Call over = Write(aggregate);
  EXPECT_EQ(over.type(), "ValidationException");
  EXPECT_NE(over.message().find("4MB"), std::string::npos) << over.message();
  EXPECT_EQ(Account("big0"), "{}");
}

TEST_F(TransactTest, TransactGetItemsInRequestOrder) {
  PutAccount("a", 1);
  PutAccount("b", 2);
  ASSERT_EQ(Do(&PutItem, R"({"TableName":"orders","Item":{"pk":{"S":"o"},"sk":{"N":"7"},
    "status":{"S":"new"},"total":{"N":"12"}}})")
                .status,
            200);
  Call c = Get(R"j({"ReturnConsumedCapacity":"TOTAL","TransactItems":[
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"b"}}}},
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"zzz"}}}},
    {"Get":{"TableName":"orders","Key":{"pk":{"S":"o"},"sk":{"N":"7"}},
      "ProjectionExpression":"#t","ExpressionAttributeNames":{"#t":"total"}}},
    {"Get":{"TableName":"orders","Key":{"pk":{"S":"o"},"sk":{"N":"7"}},"ProjectionExpression":"nothere"}},
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})j");
  // The same item twice is refused; drop the last projection-only duplicate first.
  EXPECT_EQ(c.type(), "ValidationException");
  EXPECT_EQ(c.message(), "Transaction request cannot include multiple operations on one item");

  c = Get(R"j({"ReturnConsumedCapacity":"TOTAL","TransactItems":[
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"b"}}}},
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"zzz"}}}},
    {"Get":{"TableName":"orders","Key":{"pk":{"S":"o"},"sk":{"N":"7"}},
      "ProjectionExpression":"#t","ExpressionAttributeNames":{"#t":"total"}}},
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"a"}}}}]})j");
  ASSERT_EQ(c.status, 200) << S(c.body);
  EXPECT_EQ(
      S(c.body),
      R"({"Responses":[{"Item":{"balance":{"N":"2"},"id":{"S":"b"}}},{},)"
      R"({"Item":{"total":{"N":"12"}}},{"Item":{"balance":{"N":"1"},"id":{"S":"a"}}}],)"
      R"("ConsumedCapacity":[{"TableName":"accounts","CapacityUnits":6E0,"ReadCapacityUnits":6E0},)"
      R"({"TableName":"orders","CapacityUnits":2E0,"ReadCapacityUnits":2E0}]})");

  Call missing_projection = Get(R"j({"TransactItems":[{"Get":{"TableName":"orders",
    "Key":{"pk":{"S":"o"},"sk":{"N":"7"}},"ProjectionExpression":"nothere"}}]})j");
  EXPECT_EQ(S(missing_projection.body), R"({"Responses":[{}]})");
}

TEST_F(TransactTest, TransactGetItemsErrors) {
  Call bad_key = Get(R"j({"TransactItems":[
    {"Get":{"TableName":"accounts","Key":{"id":{"S":"a"}}}},
    {"Get":{"TableName":"accounts","Key":{"id":{"N":"1"}}}}]})j");
  EXPECT_EQ(
      S(bad_key.body),
      std::string(R"({"__type":")") + kCanceledType +
          R"(","CancellationReasons":[{"Code":"None"},)"
          R"({"Code":"ValidationError","Message":"The provided key element does not match the schema"}],)"
          R"("Message":"Transaction cancelled, please refer cancellation )"
          R"(reasons for specific reasons [None, ValidationError]"})");
  Call no_table =
      Get(R"j({"TransactItems":[{"Get":{"TableName":"nope","Key":{"id":{"S":"a"}}}}]})j");
  EXPECT_EQ(no_table.type() + ": " + no_table.message(),
            "ResourceNotFoundException: Requested resource not found");
  Call no_get = Get(R"j({"TransactItems":[{}]})j");
  EXPECT_EQ(no_get.message(),
            "1 validation error detected: Value null at 'transactItems.1.member.get' failed to "
            "satisfy constraint: Member must not be null");
  std::string many = R"({"TransactItems":[)";
  for (std::size_t i = 0; i <= limits::kMaxTransactionActions; ++i) {
    if (i > 0) many += ",";
    many +=
        R"({"Get":{"TableName":"accounts","Key":{"id":{"S":"k)" + std::to_string(i) + R"("}}}})";
  }
  many += "]}";
  EXPECT_TRUE(Get(many).message().ends_with("Member must have length less than or equal to 100"));
}

TEST_F(TransactTest, OperationsAreRegisteredWithTheService) {
  auto service = Service::Open({.data_dir = dir_.path() / "svc"});
  ASSERT_TRUE(service.has_value()) << service.error();
  Call w = testing::Invoke(**service, "TransactWriteItems", R"({"TransactItems":[]})");
  EXPECT_EQ(w.type(), "ValidationException");
  Call g = testing::Invoke(**service, "TransactGetItems", R"({"TransactItems":[]})");
  EXPECT_EQ(g.type(), "ValidationException");
}

// Transfers between two accounts, each guarded by "balance >= amount", from several threads,
// while readers check through TransactGetItems that the sum never changes.
TEST_F(TransactTest, ConcurrentTransfersConserveTheSum) {
  PutAccount("a", 500);
  PutAccount("b", 500);
  constexpr int kWriters = 4;
  constexpr int kTransfersEach = 150;
  std::atomic<int> committed{0}, cancelled{0}, bad_reads{0}, other{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(w);
      for (int i = 0; i < kTransfersEach; ++i) {
        bool a_to_b = rng() % 2 == 0;
        std::string from = a_to_b ? "a" : "b", to = a_to_b ? "b" : "a";
        std::string amount = std::to_string(1 + rng() % 400);
        Call c = Write(R"({"TransactItems":[
          {"Update":{"TableName":"accounts","Key":{"id":{"S":")" +
                       from + R"("}},
            "UpdateExpression":"SET balance = balance - :v","ConditionExpression":"balance >= :v",
            "ExpressionAttributeValues":{":v":{"N":")" +
                       amount + R"("}}}},
          {"Update":{"TableName":"accounts","Key":{"id":{"S":")" +
                       to + R"("}},
            "UpdateExpression":"ADD balance :v","ExpressionAttributeValues":{":v":{"N":")" +
                       amount + R"("}}}}]})");
        if (c.status == 200) {
          ++committed;
        } else if (c.type() == "TransactionCanceledException") {
          ++cancelled;
        } else {
          ++other;
        }
      }
    });
  }
  std::thread reader([&] {
    while (!done) {
      Call c = Get(R"({"TransactItems":[{"Get":{"TableName":"accounts","Key":{"id":{"S":"a"}}}},
        {"Get":{"TableName":"accounts","Key":{"id":{"S":"b"}}}}]})");
      const json::array& r = c.body.at("Responses").as_array();
      long sum = std::stol(std::string(r[0].at("Item").at("balance").at("N").as_string())) +
                 std::stol(std::string(r[1].at("Item").at("balance").at("N").as_string()));
      if (sum != 1000) ++bad_reads;
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  reader.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(bad_reads.load(), 0);
  EXPECT_EQ(committed + cancelled, kWriters * kTransfersEach);
  EXPECT_GT(committed.load(), 0);
  EXPECT_GE(Balance("a"), 0);
  EXPECT_GE(Balance("b"), 0);
  EXPECT_EQ(Balance("a") + Balance("b"), 1000);
}

// Transactions over overlapping key sets, listed in varying orders, race single-item writes
// on the same keys. Every call must return: lock ordering leaves no cycle to deadlock on.
TEST_F(TransactTest, NoDeadlockWithConcurrentSingleItemWrites) {
  constexpr int kKeys = 12;
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 3; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(100 + w);
      for (int i = 0; i < 150; ++i) {
        std::vector<int> keys(kKeys);
        for (int k = 0; k < kKeys; ++k) keys[k] = k;
        std::shuffle(keys.begin(), keys.end(), rng);
        std::string body = R"({"TransactItems":[)";
        for (int k = 0; k < 5; ++k) {
          if (k > 0) body += ",";
          body +=
              R"({"Update":{"TableName":"accounts","Key":{"id":{"S":"k)" + std::to_string(keys[k]) +
              R"("}},"UpdateExpression":"ADD n :one","ExpressionAttributeValues":{":one":{"N":"1"}}}})";
        }
        body += "]}";
        EXPECT_EQ(Write(body).status, 200);
      }
      ++finished;
    });
  }
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(200 + w);
      for (int i = 0; i < 300; ++i) {
        std::string id = "k" + std::to_string(rng() % kKeys);
        EXPECT_EQ(Do(&PutItem, R"({"TableName":"accounts","Item":{"id":{"S":")" + id +
                                   R"("},"n":{"N":"0"}}})")
                      .status,
                  200);
        EXPECT_EQ(Do(&UpdateItem, R"({"TableName":"accounts","Key":{"id":{"S":")" + id +
                                      R"("}},"UpdateExpression":"ADD n :one",
                "ExpressionAttributeValues":{":one":{"N":"1"}}})")
                      .status,
                  200);
      }
      ++finished;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(finished.load(), 5);
}

}  // namespace
}  // namespace nimbus::dynamodb

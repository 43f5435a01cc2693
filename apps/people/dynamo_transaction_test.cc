// The TransactItems entries the repositories build: what each writes and on which condition.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "people/dynamo_idempotency.h"
#include "people/dynamo_outbox.h"
#include "people/dynamo_versioned_item.h"
#include "people/email_claim.h"

namespace nimbus::people {
namespace {

boost::json::object Parse(std::string_view json) { return boost::json::parse(json).as_object(); }

TEST(EmailClaimTest, ClaimsTheLowerCasedEmailOnlyWhenFree) {
  EXPECT_EQ(ClaimEmail("customers", "customerId", "Ada@Example.COM", "CUST-1"),
            Parse(R"j({"Put":{"TableName":"customers",
      "Item":{"customerId":{"S":"EMAIL#ada@example.com"},"ownerId":{"S":"CUST-1"}},
      "ConditionExpression":"attribute_not_exists(#key)",
      "ExpressionAttributeNames":{"#key":"customerId"}}})j"));
}

TEST(EmailClaimTest, ReleasesOnlyItsOwnClaim) {
  EXPECT_EQ(ReleaseEmail("people", "personId", "ADA@example.com", "p-1"),
            Parse(R"j({"Delete":{"TableName":"people",
      "Key":{"personId":{"S":"EMAIL#ada@example.com"}},
      "ConditionExpression":"attribute_not_exists(#key) OR ownerId = :owner",
      "ExpressionAttributeNames":{"#key":"personId"},
      "ExpressionAttributeValues":{":owner":{"S":"p-1"}}}})j"));
}

TEST(EmailClaimTest, ComparesEmailsIgnoringCase) {
  EXPECT_TRUE(SameEmail("Ada@Example.com", "ada@example.COM"));
  EXPECT_FALSE(SameEmail("ada@example.com", "ada2@example.com"));
  EXPECT_TRUE(IsEmailClaimKey("EMAIL#a@b.co"));
  EXPECT_FALSE(IsEmailClaimKey("CUST-1"));
}

TEST(VersionedItemTest, WritesAreConditionedOnTheVersionRead) {
  const boost::json::object item = Parse(R"j({"id":{"S":"1"},"version":{"N":"3"}})j");
  EXPECT_EQ(PutNewItem("t", "id", item), Parse(R"j({"Put":{"TableName":"t",
      "Item":{"id":{"S":"1"},"version":{"N":"3"}},
      "ConditionExpression":"attribute_not_exists(#key)",
      "ExpressionAttributeNames":{"#key":"id"}}})j"));
  EXPECT_EQ(PutItemIfVersion("t", item, 2), Parse(R"j({"Put":{"TableName":"t",
      "Item":{"id":{"S":"1"},"version":{"N":"3"}},
      "ConditionExpression":"#version = :expected",
      "ExpressionAttributeNames":{"#version":"version"},
      "ExpressionAttributeValues":{":expected":{"N":"2"}}}})j"));
  EXPECT_EQ(DeleteItemIfVersion("t", Parse(R"j({"id":{"S":"1"}})j"), 3),
            Parse(R"j({"Delete":{"TableName":"t","Key":{"id":{"S":"1"}},
      "ConditionExpression":"#version = :expected",
      "ExpressionAttributeNames":{"#version":"version"},
      "ExpressionAttributeValues":{":expected":{"N":"3"}}}})j"));
  EXPECT_EQ(ReadVersion(item), 3);
  EXPECT_EQ(ReadVersion(Parse(R"j({"version":{"N":"0"}})j")), std::nullopt);
}

TEST(IdempotencyRecordTest, IsWrittenUnlessALiveRecordHoldsTheKey) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
  const IdempotencyWrite write{"customers#0:#k", "[\"a\"]", now, now + std::chrono::hours(24)};
  EXPECT_EQ(PutIdempotencyRecord("idempotency", write, Parse(R"j({"id":{"S":"1"}})j")),
            Parse(R"j({"Put":{"TableName":"idempotency",
      "Item":{"idempotencyKey":{"S":"customers#0:#k"},"fingerprint":{"S":"[\"a\"]"},
              "snapshot":{"M":{"id":{"S":"1"}}},"expiresAt":{"N":"87400"}},
      "ConditionExpression":"attribute_not_exists(idempotencyKey) OR expiresAt <= :now",
      "ExpressionAttributeValues":{":now":{"N":"1000"}}}})j"));
}

TEST(OutboxTest, MessageItemFollowsTheDrainerContract) {
  EXPECT_EQ(PutOutboxMessage("outbox", {.id = "e-1",
                                        .topic = "customer-events",
                                        .event_type = "CustomerRegistered",
                                        .message = "{\"eventType\":\"CustomerRegistered\"}",
                                        .created_at = "2024-05-01T12:34:56.000Z"}),
            Parse(R"j({"Put":{"TableName":"outbox","Item":{
      "outboxId":{"S":"e-1"},"topic":{"S":"customer-events"},
      "message":{"S":"{\"eventType\":\"CustomerRegistered\"}"},
      "subject":{"S":"CustomerRegistered"},
      "attributes":{"M":{"eventType":{"S":"CustomerRegistered"}}},
      "createdAt":{"S":"2024-05-01T12:34:56.000Z"}},
      "ConditionExpression":"attribute_not_exists(outboxId)"}})j"));
}

}  // namespace
}  // namespace nimbus::people

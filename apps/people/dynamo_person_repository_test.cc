// Runs DynamoPersonRepository against a live DynamoDB endpoint (the local `dynamodb` service
// or AWS) when AWS_ENDPOINT_URL_DYNAMODB is set; skipped otherwise. Each run makes its own
// tables (people with its list-index GSI, idempotency) and drops them.
#include "people/dynamo_person_repository.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>

#include "people/id_generator.h"
#include "people/person_item_mapper.h"

namespace nimbus::people {
namespace {

using sdk::dynamodb::Client;
using sdk::dynamodb::ClientConfig;
using Code = RepositoryError::Code;

boost::json::object Attribute(std::string_view name) {
  return {{"AttributeName", name}, {"AttributeType", "S"}};
}
boost::json::object KeyPart(std::string_view name, std::string_view type) {
  return {{"AttributeName", name}, {"KeyType", type}};
}

class DynamoPersonRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("AWS_ENDPOINT_URL_DYNAMODB") == nullptr) {
      GTEST_SKIP() << "AWS_ENDPOINT_URL_DYNAMODB not set";
    }
    client_.emplace(ClientConfig::FromEnvironment());
    tables_ = {"people-test-" + ids_.NewId(), "idempotency-test-" + ids_.NewId()};
    auto people = client_->Call(
        "CreateTable",
        {{"TableName", tables_.people},
         {"AttributeDefinitions", boost::json::array{Attribute("personId"), Attribute("listShard"),
                                                     Attribute("createdAt")}},
         {"KeySchema", boost::json::array{KeyPart("personId", "HASH")}},
         {"GlobalSecondaryIndexes",
          boost::json::array{{{"IndexName", kPeopleListIndex},
                              {"KeySchema", boost::json::array{KeyPart("listShard", "HASH"),
                                                               KeyPart("createdAt", "RANGE")}},
                              {"Projection", {{"ProjectionType", "ALL"}}}}}},
         {"BillingMode", "PAY_PER_REQUEST"}});
    ASSERT_TRUE(people.has_value()) << people.error().type << ": " << people.error().message;
    auto idempotency = client_->Call(
        "CreateTable", {{"TableName", tables_.idempotency},
                        {"AttributeDefinitions", boost::json::array{Attribute("idempotencyKey")}},
                        {"KeySchema", boost::json::array{KeyPart("idempotencyKey", "HASH")}},
                        {"BillingMode", "PAY_PER_REQUEST"}});
    ASSERT_TRUE(idempotency.has_value()) << idempotency.error().message;
    // AWS creates tables asynchronously; the local service answers ACTIVE at once.
    for (int attempt = 0;
         attempt < 60 && !(IsActive(tables_.people) && IsActive(tables_.idempotency)); ++attempt) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    repository_.emplace(*client_, tables_);
  }

  bool IsActive(const std::string& table) {
    auto described = client_->Call("DescribeTable", {{"TableName", table}});
    if (!described) return false;
    const auto* description = described->if_contains("Table");
    const auto* status = description && description->is_object()
                             ? description->get_object().if_contains("TableStatus")
                             : nullptr;
    return status != nullptr && *status == "ACTIVE";
  }

  void TearDown() override {
    if (!client_) return;
    (void)client_->Call("DeleteTable", {{"TableName", tables_.people}});
    (void)client_->Call("DeleteTable", {{"TableName", tables_.idempotency}});
  }

  Person Make(std::string name, std::optional<std::string> phone = std::nullopt) {
    const std::string email = name + "-" + ids_.NewId() + "@example.com";
    return {ids_.NewId(), std::move(name), email, std::move(phone), "t0", "t0", 1};
  }

  UuidV4Generator ids_;
  std::optional<Client> client_;
  PeopleTables tables_;
  std::optional<DynamoPersonRepository> repository_;
};

TEST_F(DynamoPersonRepositoryTest, CreateFindReplaceRemove) {
  const Person ada = Make("Ada", "+44 1");
  ASSERT_TRUE(repository_->Create(ada, std::nullopt).has_value());
  EXPECT_EQ(repository_->Create(ada, std::nullopt).error().code, Code::kAlreadyExists);
  EXPECT_EQ(repository_->Find(ada.id).value(), ada);

  Person king = ada;
  king.name = "Ada King";
  king.email = "king-" + ids_.NewId() + "@example.org";
  king.phone.reset();
  king.version = 2;
  auto replaced = repository_->Replace(ada, king);
  ASSERT_TRUE(replaced.has_value()) << replaced.error().detail;
  EXPECT_EQ(repository_->Find(ada.id).value(), king);
  EXPECT_EQ(repository_->Replace(ada, king).error().code, Code::kVersionMismatch);

  EXPECT_EQ(repository_->Remove(ada).error().code, Code::kVersionMismatch);
  ASSERT_TRUE(repository_->Remove(king).has_value());
  EXPECT_EQ(repository_->Remove(king).error().code, Code::kVersionMismatch);
  EXPECT_EQ(repository_->Find(ada.id).value(), std::nullopt);
}

TEST_F(DynamoPersonRepositoryTest, EmailsAreClaimedSwappedAndFreed) {
  const Person ada = Make("Ada");
  ASSERT_TRUE(repository_->Create(ada, std::nullopt).has_value());
  Person twin = Make("Twin");
  twin.email = ada.email;
  EXPECT_EQ(repository_->Create(twin, std::nullopt).error().code, Code::kEmailTaken);
  twin.email = "OTHER-" + ada.email;
  ASSERT_TRUE(repository_->Create(twin, std::nullopt).has_value());
  // Taking someone else's email (in any case) is refused and changes nothing.
  Person taker = twin;
  taker.email = "other-" + ada.email;
  taker.version = 2;
  EXPECT_EQ(repository_
                ->Replace(twin, {.id = twin.id,
                                 .name = twin.name,
                                 .email = ada.email,
                                 .created_at = "t0",
                                 .updated_at = "t1",
                                 .version = 2})
                .error()
                .code,
            Code::kEmailTaken);
  EXPECT_EQ(repository_->Find(twin.id).value(), twin);
  // Changing only the case keeps the claim; removing frees it.
  ASSERT_TRUE(repository_->Replace(twin, taker).has_value());
  ASSERT_TRUE(repository_->Remove(ada).has_value());
  Person again = Make("Again");
  again.email = ada.email;
  EXPECT_TRUE(repository_->Create(again, std::nullopt).has_value());
}

TEST_F(DynamoPersonRepositoryTest, IdempotencyRecordsAreWrittenWithTheCreate) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1714566896));
  const IdempotencyWrite write{"people#0:#k1", "[\"Ada\"]", now, now + std::chrono::hours(24)};
  const Person ada = Make("Ada");
  ASSERT_TRUE(repository_->Create(ada, write).has_value());
  auto record = repository_->FindIdempotency(write.key);
  ASSERT_TRUE(record.has_value() && record->has_value());
  EXPECT_EQ((*record)->fingerprint, write.fingerprint);
  EXPECT_EQ((*record)->expires_at, write.expires_at);
  EXPECT_EQ((*record)->entity, ada);
  // A second create with the live key writes nothing, not even the person.
  const Person other = Make("Other");
  EXPECT_EQ(repository_->Create(other, write).error().code, Code::kIdempotencyKeyTaken);
  EXPECT_EQ(repository_->Find(other.id).value(), std::nullopt);
  // Once expired, the key can be used again.
  IdempotencyWrite later = write;
  later.now = write.expires_at;
  later.expires_at = later.now + std::chrono::hours(24);
  EXPECT_TRUE(repository_->Create(other, later).has_value());
  EXPECT_EQ(repository_->FindIdempotency("people#0:#none").value(), std::nullopt);
}

TEST_F(DynamoPersonRepositoryTest, ListQueriesTheShardsAndPagesThroughEveryoneOnce) {
  std::set<std::string> created;
  for (int i = 0; i < 9; ++i) {
    const Person person = Make("P" + std::to_string(i));
    ASSERT_TRUE(repository_->Create(person, std::nullopt));
    created.insert(person.id);
  }
  std::set<std::string> seen;
  std::optional<std::string> token;
  for (int pages = 0; pages < 20; ++pages) {
    auto page = repository_->List({2, token});
    ASSERT_TRUE(page.has_value()) << page.error().detail;
    EXPECT_LE(page->items.size(), 2u);
    for (const Person& person : page->items) EXPECT_TRUE(seen.insert(person.id).second);
    token = page->next_token;
    if (!token) break;
  }
  EXPECT_EQ(seen, created);  // and no email claim among them
  EXPECT_EQ(token, std::nullopt);
  EXPECT_EQ(repository_->List({2, "garbage"}).error().code, Code::kInvalidPageToken);
}

TEST_F(DynamoPersonRepositoryTest, StoreErrorsKeepTheirDetailForTheLog) {
  DynamoPersonRepository missing(*client_, {tables_.people + "-missing", tables_.idempotency});
  auto found = missing.Find("x");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, Code::kStorage);
  EXPECT_NE(found.error().detail.find("ResourceNotFoundException"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::people

// Runs DynamoPersonRepository against a live DynamoDB endpoint (the local `dynamodb` service
// or AWS) when AWS_ENDPOINT_URL_DYNAMODB is set; skipped otherwise. Each run makes its own
// table and drops it.
#include "people/dynamo_person_repository.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "people/id_generator.h"
#include "people/page_token.h"

namespace nimbus::people {
namespace {

using sdk::dynamodb::Client;
using sdk::dynamodb::ClientConfig;

class DynamoPersonRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("AWS_ENDPOINT_URL_DYNAMODB") == nullptr) {
      GTEST_SKIP() << "AWS_ENDPOINT_URL_DYNAMODB not set";
    }
    client_.emplace(ClientConfig::FromEnvironment());
    table_ = "people-test-" + ids_.NewId();
    auto created = client_->Call(
        "CreateTable",
        {{"TableName", table_},
         {"AttributeDefinitions",
          boost::json::array{{{"AttributeName", "personId"}, {"AttributeType", "S"}}}},
         {"KeySchema", boost::json::array{{{"AttributeName", "personId"}, {"KeyType", "HASH"}}}},
         {"BillingMode", "PAY_PER_REQUEST"}});
    ASSERT_TRUE(created.has_value()) << created.error().type << ": " << created.error().message;
    // AWS creates tables asynchronously; the local service answers ACTIVE at once.
    for (int attempt = 0; attempt < 60 && !IsActive(); ++attempt) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    repository_.emplace(*client_, table_);
  }

  bool IsActive() {
    auto described = client_->Call("DescribeTable", {{"TableName", table_}});
    if (!described) return false;
    const auto* table = described->if_contains("Table");
    const auto* status =
        table && table->is_object() ? table->get_object().if_contains("TableStatus") : nullptr;
    return status != nullptr && *status == "ACTIVE";
  }

  void TearDown() override {
    if (client_) (void)client_->Call("DeleteTable", {{"TableName", table_}});
  }

  Person Make(std::string name, std::optional<std::string> phone = std::nullopt) {
    return {ids_.NewId(), std::move(name), "a@b.co", std::move(phone), "t0", "t0"};
  }

  UuidV4Generator ids_;
  std::optional<Client> client_;
  std::string table_;
  std::optional<DynamoPersonRepository> repository_;
};

TEST_F(DynamoPersonRepositoryTest, CreateFindUpdateRemove) {
  const Person ada = Make("Ada", "+44 1");
  ASSERT_TRUE(repository_->Create(ada).has_value());
  EXPECT_EQ(repository_->Create(ada).error().code, RepositoryError::Code::kAlreadyExists);
  EXPECT_EQ(repository_->Find(ada.id).value(), ada);

  auto updated = repository_->Update({ada.id, "Ada King", "ada@king.org", std::nullopt, "t1"});
  ASSERT_TRUE(updated.has_value()) << updated.error().detail;
  EXPECT_EQ(*updated, (Person{ada.id, "Ada King", "ada@king.org", std::nullopt, "t0", "t1"}));
  EXPECT_EQ(repository_->Find(ada.id).value(), *updated);

  EXPECT_EQ(repository_->Remove(ada.id).value(), true);
  EXPECT_EQ(repository_->Remove(ada.id).value(), false);
  EXPECT_EQ(repository_->Find(ada.id).value(), std::nullopt);
}

TEST_F(DynamoPersonRepositoryTest, UpdateNeverCreates) {
  const std::string id = ids_.NewId();
  EXPECT_EQ(repository_->Update({id, "Ada", "a@b.co", std::nullopt, "t1"}).value(), std::nullopt);
  EXPECT_EQ(repository_->Find(id).value(), std::nullopt);
}

TEST_F(DynamoPersonRepositoryTest, ListPagesThroughEveryone) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(repository_->Create(Make("P" + std::to_string(i))));
  std::size_t seen = 0;
  std::optional<std::string> token;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = repository_->List({2, token});
    ASSERT_TRUE(page.has_value()) << page.error().detail;
    EXPECT_LE(page->items.size(), 2u);
    seen += page->items.size();
    token = page->next_token;
    if (!token) break;
  }
  EXPECT_EQ(seen, 5u);
  EXPECT_EQ(token, std::nullopt);
  EXPECT_EQ(repository_->List({2, "garbage"}).error().code,
            RepositoryError::Code::kInvalidPageToken);
}

TEST_F(DynamoPersonRepositoryTest, StoreErrorsKeepTheirDetailForTheLog) {
  DynamoPersonRepository missing(*client_, table_ + "-missing");
  auto found = missing.Find("x");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, RepositoryError::Code::kStorage);
  EXPECT_NE(found.error().detail.find("ResourceNotFoundException"), std::string::npos);
}

}  // namespace
}  // namespace nimbus::people

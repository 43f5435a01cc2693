#include "people/person_service.h"

#include <gtest/gtest.h>

#include "people/in_memory_person_repository.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using testing::FakeClock;
using testing::SequentialIds;

class PersonServiceTest : public ::testing::Test {
 protected:
  InMemoryPersonRepository repository_;
  FakeClock clock_;
  SequentialIds ids_;
  PersonService service_{repository_, clock_, ids_};
};

const PersonInput kAda{"Ada", "ada@example.com", "+44 1"};

TEST_F(PersonServiceTest, CreateChoosesIdAndTimestampsAndStores) {
  auto person = service_.Create(kAda);
  ASSERT_TRUE(person.has_value());
  const Person expected{"00000000-0000-4000-8000-000000000001",
                        "Ada",
                        "ada@example.com",
                        "+44 1",
                        "2024-05-01T12:34:56.000Z",
                        "2024-05-01T12:34:56.000Z"};
  EXPECT_EQ(*person, expected);
  EXPECT_EQ(repository_.people().at(expected.id), expected);
}

TEST_F(PersonServiceTest, CreateRejectsInvalidInputAndStoresNothing) {
  auto person = service_.Create({"Ada", "not-an-email", std::nullopt});
  ASSERT_FALSE(person.has_value());
  EXPECT_EQ(person.error().kind, ServiceError::Kind::kInvalidInput);
  EXPECT_EQ(person.error().errors, (FieldErrors{{"email", "must be a valid email address"}}));
  EXPECT_TRUE(repository_.people().empty());
}

TEST_F(PersonServiceTest, GetFindsOrReportsNotFound) {
  const Person created = *service_.Create(kAda);
  EXPECT_EQ(service_.Get(created.id), created);
  EXPECT_EQ(service_.Get("missing").error().kind, ServiceError::Kind::kNotFound);
  EXPECT_EQ(service_.Get("").error().kind, ServiceError::Kind::kNotFound);
  EXPECT_EQ(service_.Get(std::string(3000, 'x')).error().kind, ServiceError::Kind::kNotFound);
}

TEST_F(PersonServiceTest, ReplaceKeepsCreatedAtAndMovesUpdatedAt) {
  const Person created = *service_.Create(kAda);
  clock_.Advance(std::chrono::milliseconds(1500));
  auto replaced = service_.Replace(created.id, {"Ada King", "ada@king.org", std::nullopt});
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(*replaced, (Person{created.id, "Ada King", "ada@king.org", std::nullopt,
                               "2024-05-01T12:34:56.000Z", "2024-05-01T12:34:57.500Z"}));
}

TEST_F(PersonServiceTest, ReplaceNeverCreates) {
  auto replaced = service_.Replace("00000000-0000-4000-8000-000000000009", kAda);
  ASSERT_FALSE(replaced.has_value());
  EXPECT_EQ(replaced.error().kind, ServiceError::Kind::kNotFound);
  EXPECT_TRUE(repository_.people().empty());
}

TEST_F(PersonServiceTest, ReplaceValidatesBeforeLookingUp) {
  auto replaced = service_.Replace("missing", {"", "a@b.co", std::nullopt});
  ASSERT_FALSE(replaced.has_value());
  EXPECT_EQ(replaced.error().kind, ServiceError::Kind::kInvalidInput);
}

TEST_F(PersonServiceTest, RemoveDeletesOnceThenReportsNotFound) {
  const Person created = *service_.Create(kAda);
  EXPECT_TRUE(service_.Remove(created.id).has_value());
  EXPECT_TRUE(repository_.people().empty());
  EXPECT_EQ(service_.Remove(created.id).error().kind, ServiceError::Kind::kNotFound);
}

TEST_F(PersonServiceTest, ListPagesThroughEveryone) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_.Create(kAda).has_value());
  auto first = service_.List({2, std::nullopt});
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->items.size(), 2u);
  ASSERT_TRUE(first->next_token.has_value());
  auto second = service_.List({2, first->next_token});
  auto third = service_.List({2, second->next_token});
  EXPECT_EQ(third->items.size(), 1u);
  EXPECT_EQ(third->next_token, std::nullopt);
  EXPECT_NE(first->items[0].id, second->items[0].id);
}

TEST_F(PersonServiceTest, ListDefaultsToTheMaximumPage) {
  for (int i = 0; i < 101; ++i) ASSERT_TRUE(service_.Create(kAda).has_value());
  auto page = service_.List({});
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->items.size(), 100u);
  EXPECT_TRUE(page->next_token.has_value());
}

TEST_F(PersonServiceTest, ListRejectsLimitsOutOfRange) {
  for (int limit : {0, -1, 101}) {
    auto page = service_.List({limit, std::nullopt});
    ASSERT_FALSE(page.has_value()) << limit;
    EXPECT_EQ(page.error().errors,
              (FieldErrors{{"limit", "must be an integer between 1 and 100"}}));
  }
  EXPECT_TRUE(service_.List({1, std::nullopt}).has_value());
  EXPECT_TRUE(service_.List({100, std::nullopt}).has_value());
}

TEST_F(PersonServiceTest, ListRejectsForeignTokens) {
  auto page = service_.List({10, "forged"});
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().kind, ServiceError::Kind::kInvalidInput);
  EXPECT_EQ(page.error().errors, (FieldErrors{{"nextToken", "is not a valid page token"}}));
}

TEST_F(PersonServiceTest, StoreFailuresAreInternalWithDetailForTheLog) {
  repository_.FailNextCall("GetItem on table people failed");
  auto person = service_.Get("x");
  ASSERT_FALSE(person.has_value());
  EXPECT_EQ(person.error().kind, ServiceError::Kind::kInternal);
  EXPECT_EQ(person.error().detail, "GetItem on table people failed");
}

}  // namespace
}  // namespace nimbus::people

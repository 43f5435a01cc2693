#include "people/person_service.h"

#include <gtest/gtest.h>

#include "people/in_memory_person_repository.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using testing::FakeClock;
using testing::SequentialIds;
using Kind = ServiceError::Kind;

class PersonServiceTest : public ::testing::Test {
 protected:
  Person CreateOk(const PersonInput& input) {
    auto created = service_.Create(input);
    EXPECT_TRUE(created.has_value());
    return created->entity;
  }

  InMemoryPersonRepository repository_;
  FakeClock clock_;
  SequentialIds ids_;
  PersonService service_{repository_, clock_, ids_};
};

const PersonInput kAda{"Ada", "ada@example.com", "+44 1"};

PersonInput Numbered(int i) {
  return {"P" + std::to_string(i), "p" + std::to_string(i) + "@example.com", std::nullopt};
}

IfMatch Versions(std::vector<Version> versions) { return {false, std::move(versions)}; }

TEST_F(PersonServiceTest, CreateChoosesIdTimestampsAndVersionAndStores) {
  auto person = service_.Create(kAda);
  ASSERT_TRUE(person.has_value());
  const Person expected{"00000000-0000-4000-8000-000000000001",
                        "Ada",
                        "ada@example.com",
                        "+44 1",
                        "2024-05-01T12:34:56.000Z",
                        "2024-05-01T12:34:56.000Z",
                        1};
  EXPECT_EQ(person->entity, expected);
  EXPECT_FALSE(person->replayed);
  EXPECT_EQ(repository_.people().at(expected.id), expected);
  EXPECT_EQ(repository_.email_claims().at("ada@example.com"), expected.id);
}

TEST_F(PersonServiceTest, CreateRejectsInvalidInputAndStoresNothing) {
  auto person = service_.Create({"Ada", "not-an-email", std::nullopt});
  ASSERT_FALSE(person.has_value());
  EXPECT_EQ(person.error().kind, Kind::kInvalidInput);
  EXPECT_EQ(person.error().errors, (FieldErrors{{"email", "must be a valid email address"}}));
  EXPECT_TRUE(repository_.people().empty());
}

TEST_F(PersonServiceTest, CreateRefusesATakenEmailInAnyCase) {
  CreateOk(kAda);
  auto again = service_.Create({"Other", "ADA@Example.COM", std::nullopt});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, Kind::kEmailTaken);
  EXPECT_EQ(repository_.people().size(), 1u);
}

TEST_F(PersonServiceTest, CreateRetriesATransactionConflictThenGivesUp) {
  repository_.FailNextWrites(kMaxWriteAttempts - 1, RepositoryError::Code::kConflict);
  EXPECT_TRUE(service_.Create(kAda).has_value());
  repository_.FailNextWrites(kMaxWriteAttempts, RepositoryError::Code::kConflict);
  auto failed = service_.Create(Numbered(2));
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind, Kind::kConcurrentUpdate);
}

TEST_F(PersonServiceTest, AnIdempotencyKeyReplaysForTwentyFourHours) {
  const IdempotencyRequest key{"people#0:#k", PersonService::Fingerprint(kAda)};
  auto first = service_.Create(kAda, key);
  ASSERT_TRUE(first.has_value());
  clock_.Advance(std::chrono::hours(23));
  auto replay = service_.Create(kAda, key);
  ASSERT_TRUE(replay.has_value());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->entity, first->entity);
  EXPECT_EQ(repository_.people().size(), 1u);

  // The replay is the first response even after the person changed.
  ASSERT_TRUE(service_.Replace(first->entity.id, Numbered(5)).has_value());
  EXPECT_EQ(service_.Create(kAda, key)->entity, first->entity);

  const IdempotencyRequest other_body{key.key, PersonService::Fingerprint(Numbered(3))};
  EXPECT_EQ(service_.Create(Numbered(3), other_body).error().kind, Kind::kIdempotencyKeyReused);

  clock_.Advance(std::chrono::hours(1));
  auto after_window = service_.Create(Numbered(3), other_body);
  ASSERT_TRUE(after_window.has_value());
  EXPECT_FALSE(after_window->replayed);
}

TEST_F(PersonServiceTest, GetFindsOrReportsNotFound) {
  const Person created = CreateOk(kAda);
  EXPECT_EQ(service_.Get(created.id), created);
  EXPECT_EQ(service_.Get("missing").error().kind, Kind::kNotFound);
  EXPECT_EQ(service_.Get("").error().kind, Kind::kNotFound);
  EXPECT_EQ(service_.Get(std::string(3000, 'x')).error().kind, Kind::kNotFound);
  EXPECT_EQ(service_.Get("EMAIL#ada@example.com").error().kind, Kind::kNotFound);
}

TEST_F(PersonServiceTest, ReplaceKeepsCreatedAtMovesUpdatedAtAndVersion) {
  const Person created = CreateOk(kAda);
  clock_.Advance(std::chrono::milliseconds(1500));
  auto replaced = service_.Replace(created.id, {"Ada King", "ada@king.org", std::nullopt});
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(*replaced, (Person{created.id, "Ada King", "ada@king.org", std::nullopt,
                               "2024-05-01T12:34:56.000Z", "2024-05-01T12:34:57.500Z", 2}));
  // The old email is free again, the new one taken.
  EXPECT_FALSE(repository_.email_claims().contains("ada@example.com"));
  EXPECT_EQ(repository_.email_claims().at("ada@king.org"), created.id);
}

TEST_F(PersonServiceTest, ReplaceWithAStaleIfMatchIsPreconditionFailed) {
  const Person created = CreateOk(kAda);
  EXPECT_EQ(service_.Replace(created.id, Numbered(1), Versions({2})).error().kind,
            Kind::kPreconditionFailed);
  EXPECT_TRUE(service_.Replace(created.id, Numbered(1), Versions({1})).has_value());
  EXPECT_EQ(service_.Replace(created.id, Numbered(2), Versions({1})).error().kind,
            Kind::kPreconditionFailed);
  EXPECT_EQ(repository_.people().at(created.id).name, "P1");
}

TEST_F(PersonServiceTest, AWriteRacingIfMatchIsPreconditionFailedWithoutItRetried) {
  const Person created = CreateOk(kAda);
  repository_.FailNextWrites(1, RepositoryError::Code::kVersionMismatch);
  EXPECT_EQ(service_.Replace(created.id, Numbered(1), Versions({1})).error().kind,
            Kind::kPreconditionFailed);
  repository_.FailNextWrites(1, RepositoryError::Code::kVersionMismatch);
  EXPECT_TRUE(service_.Replace(created.id, Numbered(1)).has_value());
  repository_.FailNextWrites(kMaxWriteAttempts, RepositoryError::Code::kVersionMismatch);
  EXPECT_EQ(service_.Replace(created.id, Numbered(2)).error().kind, Kind::kConcurrentUpdate);
}

TEST_F(PersonServiceTest, ReplaceToATakenEmailIsRefused) {
  const Person ada = CreateOk(kAda);
  CreateOk(Numbered(2));
  EXPECT_EQ(service_.Replace(ada.id, {"Ada", "P2@example.com", std::nullopt}).error().kind,
            Kind::kEmailTaken);
  // Changing only the case keeps the claim.
  EXPECT_TRUE(service_.Replace(ada.id, {"Ada", "ADA@example.com", std::nullopt}).has_value());
}

TEST_F(PersonServiceTest, ReplaceNeverCreates) {
  auto replaced = service_.Replace("00000000-0000-4000-8000-000000000009", kAda);
  ASSERT_FALSE(replaced.has_value());
  EXPECT_EQ(replaced.error().kind, Kind::kNotFound);
  EXPECT_TRUE(repository_.people().empty());
}

TEST_F(PersonServiceTest, ReplaceValidatesBeforeLookingUp) {
  auto replaced = service_.Replace("missing", {"", "a@b.co", std::nullopt});
  ASSERT_FALSE(replaced.has_value());
  EXPECT_EQ(replaced.error().kind, Kind::kInvalidInput);
}

TEST_F(PersonServiceTest, RemoveDeletesOnceThenReportsNotFound) {
  const Person created = CreateOk(kAda);
  EXPECT_EQ(service_.Remove(created.id, Versions({4})).error().kind, Kind::kPreconditionFailed);
  EXPECT_TRUE(service_.Remove(created.id).has_value());
  EXPECT_TRUE(repository_.people().empty());
  EXPECT_TRUE(repository_.email_claims().empty());
  EXPECT_EQ(service_.Remove(created.id).error().kind, Kind::kNotFound);
}

TEST_F(PersonServiceTest, ListPagesThroughEveryone) {
  for (int i = 0; i < 5; ++i) CreateOk(Numbered(i));
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
  for (int i = 0; i < 101; ++i) CreateOk(Numbered(i));
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
  EXPECT_EQ(page.error().kind, Kind::kInvalidInput);
  EXPECT_EQ(page.error().errors, (FieldErrors{{"nextToken", "is not a valid page token"}}));
}

TEST_F(PersonServiceTest, StoreFailuresAreInternalWithDetailForTheLog) {
  repository_.FailNextCall("GetItem on table people failed");
  auto person = service_.Get("x");
  ASSERT_FALSE(person.has_value());
  EXPECT_EQ(person.error().kind, Kind::kInternal);
  EXPECT_EQ(person.error().detail, "GetItem on table people failed");
}

}  // namespace
}  // namespace nimbus::people

#include "people/customer_service.h"

#include <gtest/gtest.h>

#include "people/in_memory_customer_repository.h"
#include "people/test_support.h"

namespace nimbus::people {
namespace {

using Kind = ServiceError::Kind;

class CustomerServiceTest : public ::testing::Test {
 protected:
  Customer CreateOk(const CustomerInput& input) {
    auto created = service_.Create(input);
    EXPECT_TRUE(created.has_value());
    return created->entity;
  }

  InMemoryCustomerRepository repository_;
  testing::FakeClock clock_;
  testing::SequentialIds ids_;
  CustomerService service_{repository_, clock_, ids_};
};

CustomerInput Numbered(int i, std::optional<CustomerStatus> status = std::nullopt) {
  return {"C" + std::to_string(i), "c" + std::to_string(i) + "@example.com", status};
}

const CustomerInput kAda{"Ada", "ada@example.com", std::nullopt};

TEST_F(CustomerServiceTest, CreateRegistersAnActiveCustomerAndItsEvent) {
  auto created = service_.Create(kAda);
  ASSERT_TRUE(created.has_value());
  const Customer expected{"CUST-00000000-0000-4000-8000-000000000001",
                          "Ada",
                          "ada@example.com",
                          CustomerStatus::kActive,
                          "2024-05-01T12:34:56.000Z",
                          "2024-05-01T12:34:56.000Z",
                          1};
  EXPECT_EQ(created->entity, expected);
  EXPECT_EQ(repository_.customers().at(expected.id), expected);
  ASSERT_EQ(repository_.outbox().size(), 1u);
  EXPECT_EQ(repository_.outbox()[0],
            (CustomerEvent{"00000000-0000-4000-8000-000000000002", CustomerEventType::kRegistered,
                           expected, "2024-05-01T12:34:56.000Z"}));
}

TEST_F(CustomerServiceTest, CreateRejectsInvalidInputAndATakenEmail) {
  EXPECT_EQ(
      service_.Create({" ", "nope", std::nullopt}).error().errors,
      (FieldErrors{{"name", "must not be empty"}, {"email", "must be a valid email address"}}));
  CreateOk(kAda);
  EXPECT_EQ(service_.Create({"Ada 2", "ADA@example.com", std::nullopt}).error().kind,
            Kind::kEmailTaken);
  EXPECT_EQ(repository_.customers().size(), 1u);
  EXPECT_EQ(repository_.outbox().size(), 1u);  // no event for what did not happen
}

TEST_F(CustomerServiceTest, ARepeatedIdempotencyKeyReplaysWithoutASecondEvent) {
  const IdempotencyRequest key{"customers#0:#k", CustomerService::Fingerprint(kAda)};
  const Customer first = service_.Create(kAda, key)->entity;
  auto again = service_.Create(kAda, key);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->entity, first);
  EXPECT_EQ(repository_.customers().size(), 1u);
  EXPECT_EQ(repository_.outbox().size(), 1u);
  // An explicit ACTIVE is the same request as the default.
  const CustomerInput explicit_active{"Ada", "ada@example.com", CustomerStatus::kActive};
  EXPECT_EQ(CustomerService::Fingerprint(explicit_active), key.fingerprint);
  const IdempotencyRequest changed{key.key, CustomerService::Fingerprint(Numbered(2))};
  EXPECT_EQ(service_.Create(Numbered(2), changed).error().kind, Kind::kIdempotencyKeyReused);
}

TEST_F(CustomerServiceTest, ReplaceNeedsAStatusAndPublishesCustomerUpdated) {
  const Customer ada = CreateOk(kAda);
  EXPECT_EQ(service_.Replace(ada.id, kAda).error().errors,
            (FieldErrors{{"status", "is required"}}));
  clock_.Advance(std::chrono::seconds(2));
  auto replaced = service_.Replace(ada.id, Numbered(1, CustomerStatus::kSuspended));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->status, CustomerStatus::kSuspended);
  EXPECT_EQ(replaced->version, 2);
  EXPECT_EQ(replaced->created_date, ada.created_date);
  EXPECT_EQ(replaced->updated_date, "2024-05-01T12:34:58.000Z");
  ASSERT_EQ(repository_.outbox().size(), 2u);
  EXPECT_EQ(repository_.outbox()[1].type, CustomerEventType::kUpdated);
  EXPECT_EQ(repository_.outbox()[1].customer, *replaced);
}

TEST_F(CustomerServiceTest, AStaleIfMatchIsPreconditionFailedAndPublishesNothing) {
  const Customer ada = CreateOk(kAda);
  const IfMatch stale{false, {2}};
  EXPECT_EQ(service_.Replace(ada.id, Numbered(1, CustomerStatus::kActive), stale).error().kind,
            Kind::kPreconditionFailed);
  EXPECT_EQ(service_.Remove(ada.id, stale).error().kind, Kind::kPreconditionFailed);
  EXPECT_EQ(repository_.outbox().size(), 1u);
  EXPECT_TRUE(service_.Remove(ada.id, IfMatch{false, {1}}).has_value());
  ASSERT_EQ(repository_.outbox().size(), 2u);
  EXPECT_EQ(repository_.outbox()[1].type, CustomerEventType::kDeleted);
  EXPECT_EQ(repository_.outbox()[1].customer, ada);
  EXPECT_TRUE(repository_.email_claims().empty());
}

TEST_F(CustomerServiceTest, OnlyServerMadeIdsCanExist) {
  for (const char* id : {"", "CUST-", "EMAIL#ada@example.com", "00000000-0000-4000"}) {
    EXPECT_EQ(service_.Get(id).error().kind, Kind::kNotFound) << id;
    EXPECT_EQ(service_.Remove(id).error().kind, Kind::kNotFound) << id;
  }
}

TEST_F(CustomerServiceTest, ListsAllOrOneStatusPageByPage) {
  for (int i = 0; i < 3; ++i) CreateOk(Numbered(i, CustomerStatus::kActive));
  for (int i = 3; i < 5; ++i) CreateOk(Numbered(i, CustomerStatus::kInactive));
  auto inactive = service_.List({}, CustomerStatus::kInactive);
  ASSERT_TRUE(inactive.has_value());
  EXPECT_EQ(inactive->items.size(), 2u);
  for (const Customer& c : inactive->items) EXPECT_EQ(c.status, CustomerStatus::kInactive);

  std::size_t seen = 0;
  std::optional<std::string> token;
  do {
    auto page = service_.List({2, token});
    ASSERT_TRUE(page.has_value());
    seen += page->items.size();
    token = page->next_token;
  } while (token);
  EXPECT_EQ(seen, 5u);
  EXPECT_EQ(service_.List({0, std::nullopt}).error().kind, Kind::kInvalidInput);
}

}  // namespace
}  // namespace nimbus::people

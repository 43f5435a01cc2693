// CustomerRepository in std::maps: the twin of DynamoCustomerRepository for tests, with the
// same all-or-nothing writes, email claims, versions, idempotency records and outbox. Lists
// all customers in status order (ACTIVE, INACTIVE, SUSPENDED), then id order; its page tokens
// are "after:<status>/<id>". FailNextWrites makes writes fail as a concurrent transaction
// would.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "people/customer_repository.h"

namespace nimbus::people {

class InMemoryCustomerRepository final : public CustomerRepository {
 public:
  RepositoryResult<void> Create(const Customer& customer,
                                const std::optional<IdempotencyWrite>& idempotency,
                                const CustomerEvent& event) override;
  RepositoryResult<std::optional<Customer>> Find(std::string_view id) override;
  RepositoryResult<std::optional<IdempotencyRecord<Customer>>> FindIdempotency(
      std::string_view key) override;
  RepositoryResult<CustomerPage> List(const CustomerPageRequest& request) override;
  RepositoryResult<void> Replace(const Customer& current, const Customer& replacement,
                                 const CustomerEvent& event) override;
  RepositoryResult<void> Remove(const Customer& current, const CustomerEvent& event) override;

  void FailNextWrites(int count, RepositoryError::Code code) {
    failing_writes_ = count;
    write_failure_ = code;
  }
  const std::map<std::string, Customer, std::less<>>& customers() const { return customers_; }
  const std::map<std::string, std::string, std::less<>>& email_claims() const { return claims_; }
  const std::vector<CustomerEvent>& outbox() const { return outbox_; }

 private:
  std::optional<RepositoryError> TakeWriteFailure();

  std::map<std::string, Customer, std::less<>> customers_;
  std::map<std::string, std::string, std::less<>> claims_;
  std::map<std::string, IdempotencyRecord<Customer>, std::less<>> idempotency_;
  std::vector<CustomerEvent> outbox_;
  int failing_writes_ = 0;
  RepositoryError::Code write_failure_ = RepositoryError::Code::kConflict;
};

}  // namespace nimbus::people

// Where customers are kept. The service talks to this interface only; DynamoCustomerRepository
// is the real one, InMemoryCustomerRepository the twin the tests use.
//
// Every write is all-or-nothing and carries the event that describes it: the customer, the
// claim on their email, the idempotency record and the event (in the outbox) change together
// or not at all, so an event is published exactly when its change happened.
#pragma once

#include <optional>
#include <string_view>

#include "people/customer_dto.h"
#include "people/repository_types.h"
#include "people/service_types.h"

namespace nimbus::people {

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;

  // kAlreadyExists, kEmailTaken or kIdempotencyKeyTaken when that is in the way.
  virtual RepositoryResult<void> Create(const Customer& customer,
                                        const std::optional<IdempotencyWrite>& idempotency,
                                        const CustomerEvent& event) = 0;
  virtual RepositoryResult<std::optional<Customer>> Find(std::string_view id) = 0;
  virtual RepositoryResult<std::optional<IdempotencyRecord<Customer>>> FindIdempotency(
      std::string_view key) = 0;
  // At most request.page.limit customers; next_token is set when more may remain.
  virtual RepositoryResult<CustomerPage> List(const CustomerPageRequest& request) = 0;
  // Stores `replacement` if the stored customer is still at current.version (else
  // kVersionMismatch), moving the email claim when the email changed (kEmailTaken).
  virtual RepositoryResult<void> Replace(const Customer& current, const Customer& replacement,
                                         const CustomerEvent& event) = 0;
  // Deletes the customer and their email claim if still at current.version.
  virtual RepositoryResult<void> Remove(const Customer& current, const CustomerEvent& event) = 0;
};

}  // namespace nimbus::people

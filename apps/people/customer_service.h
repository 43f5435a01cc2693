// The Customers use cases: validates input, chooses ids, timestamps and versions, describes
// each write as an event (CustomerRegistered / CustomerUpdated / CustomerDeleted) that the
// repository stores with the change, and turns repository outcomes into results the
// controller can answer with. Knows nothing of HTTP or DynamoDB. Holds references to its
// collaborators, which must outlive it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "people/clock.h"
#include "people/customer_dto.h"
#include "people/customer_repository.h"
#include "people/id_generator.h"
#include "people/preconditions.h"
#include "people/service_types.h"

namespace nimbus::people {

class CustomerService {
 public:
  CustomerService(CustomerRepository& repository, const Clock& clock, IdGenerator& ids);

  // Status defaults to ACTIVE. With `idempotency`, a repeat of the key returns the first
  // customer (replayed = true) and publishes nothing more.
  ServiceResult<Created<Customer>> Create(
      const CustomerInput& input, const std::optional<IdempotencyRequest>& idempotency = {});
  ServiceResult<Customer> Get(std::string_view id);
  // All customers, or those with `status`.
  ServiceResult<CustomerPage> List(const ListQuery& query,
                                   std::optional<CustomerStatus> status = std::nullopt);
  // Replaces name, email and status of an existing customer; never creates one.
  ServiceResult<Customer> Replace(std::string_view id, const CustomerInput& input,
                                  const std::optional<IfMatch>& if_match = {});
  ServiceResult<void> Remove(std::string_view id, const std::optional<IfMatch>& if_match = {});

  // What identifies a create request for Idempotency-Key reuse: its fields, status defaulted.
  static std::string Fingerprint(const CustomerInput& input);

 private:
  CustomerEvent EventFor(CustomerEventType type, const Customer& customer);

  CustomerRepository& repository_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace nimbus::people

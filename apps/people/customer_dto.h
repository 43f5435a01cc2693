// Data carried across the HTTP boundary for /customers, and the events a customer write
// publishes.
#pragma once

#include <optional>
#include <string>

#include "people/customer.h"
#include "people/field_error.h"
#include "people/repository_types.h"

namespace nimbus::people {

// The body of POST /customers (status defaults to ACTIVE) and PUT /customers/{customerId}
// (status required: PUT replaces the whole customer).
struct CustomerInput {
  std::string name;
  std::string email;
  std::optional<CustomerStatus> status;

  bool operator==(const CustomerInput&) const = default;
};

using CustomerPage = Page<Customer>;

// Which page of which customers: all of them, or those with one status.
struct CustomerPageRequest {
  PageRequest page;
  std::optional<CustomerStatus> status;
};

enum class CustomerEventType { kRegistered, kUpdated, kDeleted };
std::string_view ToString(CustomerEventType type);  // "CustomerRegistered", ...

// What happened to a customer: `customer` is its state after the write (before it, for a
// delete). `id` is unique per event, so subscribers can drop the duplicates at-least-once
// delivery brings.
struct CustomerEvent {
  std::string id;
  CustomerEventType type = CustomerEventType::kRegistered;
  Customer customer;
  std::string occurred_at;  // ISO 8601 UTC

  bool operator==(const CustomerEvent&) const = default;
};

}  // namespace nimbus::people

// The customer the Customers API registers: the domain model shared by every layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "people/preconditions.h"

namespace nimbus::people {

enum class CustomerStatus { kActive, kInactive, kSuspended };

inline constexpr CustomerStatus kAllCustomerStatuses[] = {
    CustomerStatus::kActive, CustomerStatus::kInactive, CustomerStatus::kSuspended};

std::string_view ToString(CustomerStatus status);  // "ACTIVE", "INACTIVE", "SUSPENDED"
std::optional<CustomerStatus> ParseCustomerStatus(std::string_view text);  // exact, upper case

inline constexpr std::string_view kCustomerIdPrefix = "CUST-";

struct Customer {
  std::string id;  // "CUST-" + UUID v4, chosen by the service
  std::string name;
  std::string email;  // unique among customers, compared case-insensitively
  CustomerStatus status = CustomerStatus::kActive;
  std::string created_date;  // ISO 8601 UTC, set by the service
  std::string updated_date;  // ISO 8601 UTC, set by the service
  Version version = kFirstVersion;

  bool operator==(const Customer&) const = default;
};

}  // namespace nimbus::people

#include "people/customer.h"

#include "people/customer_dto.h"

namespace nimbus::people {

std::string_view ToString(CustomerStatus status) {
  switch (status) {
    case CustomerStatus::kActive:
      return "ACTIVE";
    case CustomerStatus::kInactive:
      return "INACTIVE";
    case CustomerStatus::kSuspended:
      return "SUSPENDED";
  }
  return "ACTIVE";
}

std::optional<CustomerStatus> ParseCustomerStatus(std::string_view text) {
  for (CustomerStatus status : kAllCustomerStatuses) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

std::string_view ToString(CustomerEventType type) {
  switch (type) {
    case CustomerEventType::kRegistered:
      return "CustomerRegistered";
    case CustomerEventType::kUpdated:
      return "CustomerUpdated";
    case CustomerEventType::kDeleted:
      return "CustomerDeleted";
  }
  return "CustomerUpdated";
}

}  // namespace nimbus::people

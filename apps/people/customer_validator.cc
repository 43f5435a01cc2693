#include "people/customer_validator.h"

namespace nimbus::people {

std::string CustomerStatusMessage() {
  std::string message = "must be one of";
  for (CustomerStatus status : kAllCustomerStatuses) {
    message += (status == kAllCustomerStatuses[0] ? " " : ", ") + std::string(ToString(status));
  }
  return message;
}

FieldErrors ValidateCustomerInput(const CustomerInput& input, bool status_required) {
  FieldErrors errors;
  ValidateNameAndEmail(input.name, input.email, errors);
  if (status_required && !input.status) errors.push_back({"status", "is required"});
  return errors;
}

}  // namespace nimbus::people

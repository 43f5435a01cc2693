// The business rules a customer must satisfy, whoever sends it. Structural checks (JSON
// types, unknown fields, status spelling) belong to the JSON mapper; these look at the values.
#pragma once

#include "people/customer_dto.h"
#include "people/field_rules.h"

namespace nimbus::people {

// Every problem with `input`, in field order; empty when valid. `status_required` for PUT.
FieldErrors ValidateCustomerInput(const CustomerInput& input, bool status_required);

// The message for a status that is not one of the three.
std::string CustomerStatusMessage();

}  // namespace nimbus::people

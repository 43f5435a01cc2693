// The business rules a person must satisfy, whoever sends it. Structural checks (JSON types,
// unknown fields) belong to the JSON mapper; these look at the values.
#pragma once

#include "people/field_rules.h"
#include "people/person_dto.h"

namespace nimbus::people {

inline constexpr std::size_t kMaxPhoneLength = 50;  // characters; generous for E.164 + formatting

// Every problem with `input`, in field order; empty when valid.
FieldErrors ValidatePersonInput(const PersonInput& input);

}  // namespace nimbus::people

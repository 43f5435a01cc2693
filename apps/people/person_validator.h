// The business rules a person must satisfy, whoever sends it. Structural checks (JSON types,
// unknown fields) belong to the JSON mapper; these look at the values.
#pragma once

#include <string_view>

#include "people/person_dto.h"

namespace nimbus::people {

inline constexpr std::size_t kMaxNameLength = 200;   // characters (code points)
inline constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321 path limit, in characters
inline constexpr std::size_t kMaxPhoneLength = 50;   // characters; generous for E.164 + formatting
inline constexpr int kMinPageLimit = 1;
inline constexpr int kMaxPageLimit = 100;
inline constexpr int kDefaultPageLimit = kMaxPageLimit;

// Every problem with `input`, in field order; empty when valid.
FieldErrors ValidatePersonInput(const PersonInput& input);

// One '@', a non-empty local part, a domain with a dot (no empty labels), no whitespace or
// control characters, at most kMaxEmailLength characters.
bool IsValidEmail(std::string_view email);

// Length in Unicode code points of valid UTF-8 (Boost.JSON has already checked it).
std::size_t Utf8Length(std::string_view text);

FieldError PageLimitError();
FieldError PageTokenError();

}  // namespace nimbus::people

// The value rules both resources share: names, email addresses, page limits, and the field
// errors that name them. Each resource's validator adds its own fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "people/field_error.h"

namespace nimbus::people {

inline constexpr std::size_t kMaxNameLength = 200;   // characters (code points)
inline constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321 path limit, in characters
inline constexpr int kMinPageLimit = 1;
inline constexpr int kMaxPageLimit = 100;
inline constexpr int kDefaultPageLimit = kMaxPageLimit;

// One '@', a non-empty local part, a domain with a dot (no empty labels), no whitespace or
// control characters, at most kMaxEmailLength characters.
bool IsValidEmail(std::string_view email);

// Length in Unicode code points of valid UTF-8 (Boost.JSON has already checked it).
std::size_t Utf8Length(std::string_view text);

// Empty or only whitespace.
bool IsBlank(std::string_view text);

std::string AtMost(std::size_t characters);  // "must be at most N characters"

// The checks every entity with a name and an email makes, appended to `errors`.
void ValidateNameAndEmail(std::string_view name, std::string_view email, FieldErrors& errors);

FieldError PageLimitError();
FieldError PageTokenError();

}  // namespace nimbus::people

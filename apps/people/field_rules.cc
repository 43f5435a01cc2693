#include "people/field_rules.h"

#include <algorithm>

namespace nimbus::people {
namespace {

bool IsSpaceOrControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7F;
}

}  // namespace

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

std::string AtMost(std::size_t characters) {
  return "must be at most " + std::to_string(characters) + " characters";
}

std::size_t Utf8Length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool IsValidEmail(std::string_view email) {
  if (email.empty() || Utf8Length(email) > kMaxEmailLength) return false;
  if (std::any_of(email.begin(), email.end(), IsSpaceOrControl)) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty()) return false;
  if (domain.find('.') == std::string_view::npos) return false;
  if (domain.front() == '.' || domain.back() == '.') return false;
  return domain.find("..") == std::string_view::npos;
}

void ValidateNameAndEmail(std::string_view name, std::string_view email, FieldErrors& errors) {
  if (IsBlank(name)) {
    errors.push_back({"name", "must not be empty"});
  } else if (Utf8Length(name) > kMaxNameLength) {
    errors.push_back({"name", AtMost(kMaxNameLength)});
  }
  if (!IsValidEmail(email)) errors.push_back({"email", "must be a valid email address"});
}

FieldError PageLimitError() {
  return {"limit", "must be an integer between " + std::to_string(kMinPageLimit) + " and " +
                       std::to_string(kMaxPageLimit)};
}

FieldError PageTokenError() { return {"nextToken", "is not a valid page token"}; }

}  // namespace nimbus::people

// Optimistic concurrency as HTTP spells it: every stored entity has a `version` (1 on create,
// +1 on each write), its strong ETag is the quoted version ("3"), and If-Match names the
// versions a write may apply to (RFC 9110 §13.1.1).
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::people {

using Version = long long;

inline constexpr Version kFirstVersion = 1;

// A parsed If-Match: `*` (any current version) or a list of entity tags. Weak tags (W/"3")
// never match: If-Match uses the strong comparison.
struct IfMatch {
  bool any = false;
  std::vector<Version> versions;

  bool Matches(Version version) const;
};

std::string FormatETag(Version version);  // "\"3\""

// nullopt-like error when `header` is not `*` or a comma-separated list of entity tags.
std::expected<IfMatch, std::string> ParseIfMatch(std::string_view header);

}  // namespace nimbus::people

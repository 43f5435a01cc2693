// The person the People API stores: the domain model shared by every layer.
#pragma once

#include <optional>
#include <string>

#include "people/preconditions.h"

namespace nimbus::people {

struct Person {
  std::string id;  // UUID v4, chosen by the service
  std::string name;
  std::string email;  // unique among people, compared case-insensitively
  std::optional<std::string> phone;
  std::string created_at;           // ISO 8601 UTC, set by the service
  std::string updated_at;           // ISO 8601 UTC, set by the service
  Version version = kFirstVersion;  // +1 on every write; the ETag

  bool operator==(const Person&) const = default;
};

}  // namespace nimbus::people

// The person the People API stores: the domain model shared by every layer.
#pragma once

#include <optional>
#include <string>

namespace nimbus::people {

struct Person {
  std::string id;  // UUID v4, chosen by the service
  std::string name;
  std::string email;
  std::optional<std::string> phone;
  std::string created_at;  // ISO 8601 UTC, set by the service
  std::string updated_at;  // ISO 8601 UTC, set by the service

  bool operator==(const Person&) const = default;
};

}  // namespace nimbus::people

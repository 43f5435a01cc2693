// A problem with one field of a request, as the client is told it.
#pragma once

#include <string>
#include <vector>

namespace nimbus::people {

struct FieldError {
  std::string field;
  std::string message;

  bool operator==(const FieldError&) const = default;
};
using FieldErrors = std::vector<FieldError>;

}  // namespace nimbus::people

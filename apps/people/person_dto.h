// Data carried across the HTTP boundary: what a client sends to create or replace a person,
// one page of a listing, and the per-field problems that make a request invalid.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "people/person.h"

namespace nimbus::people {

// The body of POST /people and PUT /people/{personId}.
struct PersonInput {
  std::string name;
  std::string email;
  std::optional<std::string> phone;

  bool operator==(const PersonInput&) const = default;
};

// One page of GET /people. `next_token` is opaque to clients; absent on the last page.
struct PersonPage {
  std::vector<Person> items;
  std::optional<std::string> next_token;
};

// Which page to read: `token` is a `next_token` a previous page returned.
struct PageRequest {
  int limit = 0;
  std::optional<std::string> token;
};

struct FieldError {
  std::string field;
  std::string message;

  bool operator==(const FieldError&) const = default;
};
using FieldErrors = std::vector<FieldError>;

}  // namespace nimbus::people

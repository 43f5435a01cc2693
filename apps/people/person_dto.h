// Data carried across the HTTP boundary for /people: what a client sends to create or replace
// a person, and one page of a listing.
#pragma once

#include <optional>
#include <string>

#include "people/field_error.h"
#include "people/person.h"
#include "people/repository_types.h"

namespace nimbus::people {

// The body of POST /people and PUT /people/{personId}.
struct PersonInput {
  std::string name;
  std::string email;
  std::optional<std::string> phone;

  bool operator==(const PersonInput&) const = default;
};

using PersonPage = Page<Person>;

}  // namespace nimbus::people

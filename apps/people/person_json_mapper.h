// Person and DTOs ↔ the JSON the API speaks. Field names are the API's (camelCase); the
// request schema is closed: a field this API does not take is an error, not ignored.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>

#include "people/person.h"
#include "people/person_dto.h"

namespace nimbus::people {

boost::json::object PersonToJson(const Person& person);
boost::json::object PageToJson(const PersonPage& page);

// Structural checks only (presence, types, unknown fields); values are the validator's.
// "phone": null means no phone.
std::expected<PersonInput, FieldErrors> PersonInputFromJson(const boost::json::object& body);

}  // namespace nimbus::people

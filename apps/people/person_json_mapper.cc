#include "people/person_json_mapper.h"

#include <boost/json/array.hpp>
#include <string_view>

namespace nimbus::people {
namespace {

// Fields a person has but only the server sets: named so the client learns why, not "unknown".
bool IsServerSet(std::string_view key) {
  return key == "personId" || key == "createdAt" || key == "updatedAt" || key == "version";
}

std::optional<std::string> ReadString(const boost::json::object& body, std::string_view field,
                                      bool required, FieldErrors& errors) {
  const boost::json::value* value = body.if_contains(field);
  if (value == nullptr || (!required && value->is_null())) {
    if (required) errors.push_back({std::string(field), "is required"});
    return std::nullopt;
  }
  if (!value->is_string()) {
    errors.push_back({std::string(field), "must be a string"});
    return std::nullopt;
  }
  return std::string(value->get_string());
}

}  // namespace

boost::json::object PersonToJson(const Person& person) {
  boost::json::object json;
  json["personId"] = person.id;
  json["name"] = person.name;
  json["email"] = person.email;
  if (person.phone) json["phone"] = *person.phone;
  json["createdAt"] = person.created_at;
  json["updatedAt"] = person.updated_at;
  json["version"] = person.version;
  return json;
}

boost::json::object PageToJson(const PersonPage& page) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const Person& person : page.items) items.emplace_back(PersonToJson(person));
  boost::json::object json;
  json["items"] = std::move(items);
  if (page.next_token) json["nextToken"] = *page.next_token;
  return json;
}

std::expected<PersonInput, FieldErrors> PersonInputFromJson(const boost::json::object& body) {
  FieldErrors errors;
  PersonInput input;
  if (auto name = ReadString(body, "name", true, errors)) input.name = std::move(*name);
  if (auto email = ReadString(body, "email", true, errors)) input.email = std::move(*email);
  input.phone = ReadString(body, "phone", false, errors);
  for (const auto& [key, value] : body) {
    if (key == "name" || key == "email" || key == "phone") continue;
    errors.push_back({std::string(key),
                      IsServerSet(key) ? "is set by the server" : "is not a recognized field"});
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return input;
}

}  // namespace nimbus::people

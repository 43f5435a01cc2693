#include "json_fields.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace nimbus::sdk::json_fields {
namespace {

std::string Text(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_null()) return "";
  return boost::json::serialize(value);
}

}  // namespace

std::string String(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value == nullptr ? "" : Text(*value);
}

long long Integer(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) return static_cast<long long>(value->get_uint64());
  if (value->is_double()) return static_cast<long long>(value->get_double());
  return 0;
}

bool Bool(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value != nullptr && value->is_bool() && value->get_bool();
}

const boost::json::object& Object(const boost::json::object& object, std::string_view key) {
  static const boost::json::object kEmpty;
  const boost::json::value* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? value->get_object() : kEmpty;
}

std::expected<std::map<std::string, std::string>, std::string> StringMap(
    const boost::json::object& object, std::string_view key) {
  std::map<std::string, std::string> map;
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return map;
  if (!value->is_object()) return std::unexpected(std::string(key) + " is not an object");
  for (const auto& [name, entry] : value->get_object()) map[std::string(name)] = Text(entry);
  return map;
}

std::expected<std::map<std::string, std::vector<std::string>>, std::string> MultiStringMap(
    const boost::json::object& object, std::string_view key) {
  std::map<std::string, std::vector<std::string>> map;
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return map;
  if (!value->is_object()) return std::unexpected(std::string(key) + " is not an object");
  for (const auto& [name, entry] : value->get_object()) {
    std::vector<std::string>& values = map[std::string(name)];
    if (entry.is_array()) {
      for (const boost::json::value& item : entry.get_array()) values.push_back(Text(item));
    } else if (!entry.is_null()) {
      values.push_back(Text(entry));
    }
  }
  return map;
}

boost::json::object ToObject(const std::map<std::string, std::string>& map) {
  boost::json::object object;
  for (const auto& [name, value] : map) object[name] = value;
  return object;
}

boost::json::object ToObject(const std::map<std::string, std::vector<std::string>>& map) {
  boost::json::object object;
  for (const auto& [name, values] : map) {
    boost::json::array array;
    for (const std::string& value : values) array.emplace_back(value);
    object[name] = std::move(array);
  }
  return object;
}

}  // namespace nimbus::sdk::json_fields

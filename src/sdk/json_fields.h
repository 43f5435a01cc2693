// Lenient readers for the fields of AWS event documents: a field that is absent or null reads
// as empty, which is how API Gateway sends "no query string" and the like.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::sdk::json_fields {

// The string at `key`; a number or bool is rendered as JSON text; absent or null is "".
std::string String(const boost::json::object& object, std::string_view key);
long long Integer(const boost::json::object& object, std::string_view key);
bool Bool(const boost::json::object& object, std::string_view key);
// The object at `key`, or an empty one.
const boost::json::object& Object(const boost::json::object& object, std::string_view key);

// {"name": "value"} maps and {"name": ["v1", "v2"]} maps. Errors name the field.
std::expected<std::map<std::string, std::string>, std::string> StringMap(
    const boost::json::object& object, std::string_view key);
std::expected<std::map<std::string, std::vector<std::string>>, std::string> MultiStringMap(
    const boost::json::object& object, std::string_view key);

boost::json::object ToObject(const std::map<std::string, std::string>& map);
boost::json::object ToObject(const std::map<std::string, std::vector<std::string>>& map);

}  // namespace nimbus::sdk::json_fields

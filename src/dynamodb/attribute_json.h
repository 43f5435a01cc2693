// AttributeValue <-> DynamoDB JSON ({"S":"x"}, {"N":"1"}, {"B":"<base64>"}, ...), validating
// what the wire may carry: one type descriptor, non-empty unique sets, valid numbers, NULL
// true, base64 binaries.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

namespace nimbus::dynamodb {

Result<AttributeValue> AttributeFromJson(const boost::json::value& json);
boost::json::value AttributeToJson(const AttributeValue& v);

// An attribute map ({"name": {"S": "x"}, ...}), e.g. an Item, a Key or ExclusiveStartKey.
Result<Item> ItemFromJson(const boost::json::value& json);
boost::json::object ItemToJson(const Item& item);

std::string Base64Encode(std::string_view bytes);
bool Base64Decode(std::string_view text, std::string& out);

}  // namespace nimbus::dynamodb

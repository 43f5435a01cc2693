// The placeholders of one request: ExpressionAttributeNames (#n) and
// ExpressionAttributeValues (:v), and which of them the request's expressions used, because
// DynamoDB rejects requests that define names or values no expression uses.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <set>
#include <string>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

namespace nimbus::dynamodb {

struct ExpressionContext {
  std::map<std::string, std::string, std::less<>> names;      // "#n" -> attribute name
  std::map<std::string, AttributeValue, std::less<>> values;  // ":v" -> value
  std::set<std::string> used_names;
  std::set<std::string> used_values;
};

// Reads ExpressionAttributeNames / ExpressionAttributeValues from a request.
Result<ExpressionContext> MakeExpressionContext(const boost::json::object& request);

// ValidationException if a defined name or value was never used.
Result<void> CheckAllPlaceholdersUsed(const ExpressionContext& ctx);

}  // namespace nimbus::dynamodb

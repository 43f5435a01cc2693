// One map of legacy conditions (Expected, QueryFilter, ScanFilter, KeyConditions): every entry
// checked as DynamoDB checks it (operator, number and types of values), and the entries
// turned into the Condition the expression evaluator runs. Legacy conditions name top-level
// attributes only, so a name is used as it is (a "." in it is part of the name).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"

namespace nimbus::dynamodb {

struct LegacyTerm {
  std::string attribute;
  std::string op;  // EQ NE LE LT GE GT NOT_NULL NULL CONTAINS NOT_CONTAINS BEGINS_WITH IN BETWEEN
  std::vector<AttributeValue> values;
};

// The ComparisonOperator fields' shape ("1 validation error detected: ..."), which DynamoDB
// checks before anything else in the request. `member` is the parameter ("QueryFilter").
Result<void> CheckLegacyConditionShape(const boost::json::value& map, std::string_view member);

// Every entry of the map, validated. Only "Expected" entries may use the Exists/Value form.
Result<std::vector<LegacyTerm>> ParseLegacyConditions(const boost::json::value& map,
                                                      std::string_view member);

// The terms joined by AND, or by OR when `any`. REQUIRES: `terms` not empty.
Condition LegacyCondition(const std::vector<LegacyTerm>& terms, bool any);

}  // namespace nimbus::dynamodb

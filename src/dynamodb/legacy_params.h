// The pre-expression ("legacy") request parameters DynamoDB still accepts: Expected and
// ConditionalOperator (PutItem, UpdateItem, DeleteItem), AttributeUpdates (UpdateItem),
// KeyConditions and QueryFilter (Query), ScanFilter (Scan), AttributesToGet (GetItem,
// BatchGetItem, Query, Scan). They are validated with DynamoDB's messages and turned into the
// parsed form the expression parameters produce, so each operation evaluates one form:
//
//   Service::Handle            PrepareLegacyParameters(operation, request)  // before any table
//   ParseRequestExpressions    AddLegacyExpressions(request, ...)           // the parsed form
//   Query                      CheckLegacyQueryKeys(key space, request)     // needs the schema
//
// The two forms cannot be mixed in one request (DynamoDB refuses it), except KeyConditions
// with a FilterExpression or ProjectionExpression. Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "dynamodb/errors.h"
#include "dynamodb/key_condition.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {

// Checks everything DynamoDB checks about the legacy parameters before it looks at the table,
// in its order: the table name, the members' shapes, the mixing of the two forms, the
// ConditionalOperator rules, then every condition, update and attribute list. Drops legacy
// members that are not parameters of `operation`, as DynamoDB ignores unknown members.
Result<void> PrepareLegacyParameters(std::string_view operation, boost::json::object& request);

// Fills `out` from the legacy parameters present: the condition from Expected (when
// `condition_field` is ConditionExpression) or QueryFilter / ScanFilter (FilterExpression,
// Query when `with_key_condition`), KeyConditions, AttributesToGet and AttributeUpdates.
Result<void> AddLegacyExpressions(const Request& req, std::string_view condition_field,
                                  bool with_key_condition, ParsedExpressions& out);

// KeyConditions against the key schema queried, and QueryFilter kept off its key attributes.
Result<void> CheckLegacyQueryKeys(const KeySpace& space, const Request& req);

}  // namespace nimbus::dynamodb

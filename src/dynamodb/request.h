// Helpers shared by the operations: reading request fields with DynamoDB's validation
// messages, resolving the table, and turning a key or item into its storage key.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_parser.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

// "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: ..."
ApiError MemberError(std::string_view value, std::string_view member, std::string_view constraint);

// "N validation error(s) detected: a; b; ..." for the request validator's violations, each
// "Value '<v>' at '<member>' failed to satisfy constraint: <constraint>".
// REQUIRES: !violations.empty().
ApiError ValidationErrors(const std::vector<std::string>& violations);

// A string field; nullopt if absent. `member` is the camelCase name used in messages.
Result<std::optional<std::string>> OptionalString(const Request& req, std::string_view field);
Result<std::string> RequiredString(const Request& req, std::string_view field,
                                   std::string_view member);
Result<std::optional<long long>> OptionalInteger(const Request& req, std::string_view field);
Result<bool> OptionalBool(const Request& req, std::string_view field);

Result<void> ValidateTableName(std::string_view name, std::string_view member = "tableName");

// The table named by the request's TableName; ResourceNotFoundException if absent.
Result<std::shared_ptr<Table>> LookupTable(OperationContext& ctx, const Request& req);

// Storage key of a Key parameter: exactly the table's key attributes, of the declared types.
Result<std::string> StorageKeyFromKey(const Table& table, const Item& key,
                                      std::string_view mismatch_prefix = "");
// Storage key of a full item (PutItem): key attributes present and valid.
Result<std::string> StorageKeyFromItem(const Table& table, const Item& item);
// The key attributes of an item.
Item KeyOf(const Table& table, const Item& item);
// UpdateItem and a transaction's Update may not touch the table's key attributes.
Result<void> CheckKeyNotUpdated(const Table& table, const UpdateExpression& update);

// Adds ConsumedCapacity when the request asks for it (ReturnConsumedCapacity TOTAL/INDEXES).
Result<void> AddConsumedCapacity(boost::json::object& reply, const Request& req, const Table& table,
                                 double units);
// Capacity units DynamoDB charges: writes per started 1 KB, reads per started 4 KB (half for
// eventually consistent reads).
double WriteUnits(std::size_t item_bytes);
double ReadUnits(std::size_t item_bytes, bool consistent);

// Validates ReturnValues against the values the operation allows; "NONE" if absent.
Result<std::string> ReturnValuesParam(const Request& req, bool update_item);

// ExpressionAttributeNames/Values and the request's expressions parsed with them; fails if
// a defined name or value is used by none of them. The legacy parameters present (see
// legacy_params.h) fill in the same fields.
struct ParsedExpressions {
  std::optional<Condition> key_condition;  // KeyConditionExpression (Query)
  std::optional<Condition> condition;      // ConditionExpression or FilterExpression
  std::optional<std::vector<Path>> projection;
  std::optional<UpdateExpression> update;
};
Result<ParsedExpressions> ParseRequestExpressions(const Request& req,
                                                  std::string_view condition_field,
                                                  bool with_key_condition = false);

}  // namespace nimbus::dynamodb

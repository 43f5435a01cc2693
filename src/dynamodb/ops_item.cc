// PutItem, GetItem, DeleteItem.
#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/index.h"
#include "dynamodb/item_write.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

Result<Item> RequiredMap(const Request& req, std::string_view field, std::string_view member) {
  const json::value* v = req.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return Fail(MemberError("null", member, "Member must not be null"));
  }
  return ItemFromJson(*v);
}

}  // namespace

ReplyBody PutItem(OperationContext& ctx, const Request& req) {
  auto table = LookupTable(ctx, req);
  if (!table) return Fail(table.error());
  auto item = RequiredMap(req, "Item", "item");
  if (!item) return Fail(InValidationEnvelope(item.error()));
  auto key = StorageKeyFromItem(**table, *item);
  if (!key) return Fail(key.error());
  std::size_t size = ItemSize(*item);
  if (size > limits::kMaxItemSizeBytes) {
    return Fail(ValidationError("Item size has exceeded the maximum allowed size"));
  }
  // Validation errors come before the condition is looked at, as in DynamoDB.
  if (auto ok = ValidateIndexKeys(**table, *item); !ok) return Fail(ok.error());
  auto return_values = ReturnValuesParam(req, false);
  if (!return_values) return Fail(return_values.error());
  auto return_old = ReturnOldOnConditionFailure(req);
  if (!return_old) return Fail(return_old.error());
  auto expressions = ParseRequestExpressions(req, "ConditionExpression");
  if (!expressions) return Fail(InValidationEnvelope(expressions.error()));

  auto outcome = ConditionalWrite(ctx, **table, *key, expressions->condition, *return_old,
                                  [&](const std::optional<Item>&) -> Result<std::optional<Item>> {
                                    return std::optional<Item>(*item);
                                  });
  if (!outcome) return Fail(outcome.error());
  json::object reply;
  if (*return_values == "ALL_OLD" && outcome->old_item) {
    reply["Attributes"] = ItemToJson(*outcome->old_item);
  }
  if (auto ok = AddConsumedCapacity(reply, req, **table, WriteUnits(size)); !ok) {
    return Fail(ok.error());
  }
  return reply;
}

ReplyBody GetItem(OperationContext& ctx, const Request& req) {
  auto table = LookupTable(ctx, req);
  if (!table) return Fail(table.error());
  auto key_map = RequiredMap(req, "Key", "key");
  if (!key_map) return Fail(key_map.error());
  auto key = StorageKeyFromKey(**table, *key_map);
  if (!key) return Fail(key.error());
  auto consistent = OptionalBool(req, "ConsistentRead");
  if (!consistent) return Fail(consistent.error());
  auto expressions = ParseRequestExpressions(req, "ConditionExpression");
  if (!expressions) return Fail(expressions.error());
  if (expressions->condition) {
    return Fail(ValidationError("ConditionExpression is not a parameter of GetItem"));
  }
  const auto& projection = expressions->projection;  // or the legacy AttributesToGet

  // Reads take no lock: RocksDB reads see the last acknowledged write of the key, which is
  // what ConsistentRead promises (and more than an eventually consistent read needs).
  auto item = ReadItem(ctx, *key);
  if (!item) return Fail(item.error());
  json::object reply;
  std::size_t size = 0;
  if (*item) {
    size = ItemSize(**item);
    reply["Item"] = ItemToJson(projection ? Project(**item, *projection) : **item);
  }
  if (auto ok = AddConsumedCapacity(reply, req, **table, ReadUnits(size, *consistent)); !ok) {
    return Fail(ok.error());
  }
  return reply;
}

ReplyBody DeleteItem(OperationContext& ctx, const Request& req) {
  auto table = LookupTable(ctx, req);
  if (!table) return Fail(table.error());
  auto key_map = RequiredMap(req, "Key", "key");
  if (!key_map) return Fail(InValidationEnvelope(key_map.error()));
  auto key = StorageKeyFromKey(**table, *key_map);
  if (!key) return Fail(key.error());
  auto return_values = ReturnValuesParam(req, false);
  if (!return_values) return Fail(return_values.error());
  auto return_old = ReturnOldOnConditionFailure(req);
  if (!return_old) return Fail(return_old.error());
  auto expressions = ParseRequestExpressions(req, "ConditionExpression");
  if (!expressions) return Fail(InValidationEnvelope(expressions.error()));

  auto outcome = ConditionalWrite(ctx, **table, *key, expressions->condition, *return_old,
                                  [](const std::optional<Item>&) -> Result<std::optional<Item>> {
                                    return std::optional<Item>();
                                  });
  if (!outcome) return Fail(outcome.error());
  json::object reply;
  std::size_t size = 0;
  if (outcome->old_item) {
    size = ItemSize(*outcome->old_item);
    if (*return_values == "ALL_OLD") reply["Attributes"] = ItemToJson(*outcome->old_item);
  }
  if (auto ok = AddConsumedCapacity(reply, req, **table, WriteUnits(size)); !ok) {
    return Fail(ok.error());
  }
  return reply;
}

}  // namespace nimbus::dynamodb

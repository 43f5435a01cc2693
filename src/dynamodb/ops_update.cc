// UpdateItem.
#include <algorithm>
#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/item_write.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"
#include "dynamodb/update_eval.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

bool OnlyRemoves(const UpdateExpression& update) {
  return !update.actions.empty() &&
         std::all_of(update.actions.begin(), update.actions.end(), [](const UpdateAction& a) {
           return a.kind == UpdateAction::Kind::kRemove || a.kind == UpdateAction::Kind::kDelete;
         });
}

}  // namespace

ReplyBody UpdateItem(OperationContext& ctx, const Request& req) {
  auto table = LookupTable(ctx, req);
  if (!table) return Fail(table.error());
  const json::value* key_json = req.if_contains("Key");
  if (key_json == nullptr || key_json->is_null()) {
    return Fail(MemberError("null", "key", "Member must not be null"));
  }
  auto key_map = ItemFromJson(*key_json);
  if (!key_map) return Fail(InValidationEnvelope(key_map.error()));
  auto key = StorageKeyFromKey(**table, *key_map);
  if (!key) return Fail(key.error());
  auto return_values = ReturnValuesParam(req, true);
  if (!return_values) return Fail(return_values.error());
  auto return_old = ReturnOldOnConditionFailure(req);
  if (!return_old) return Fail(return_old.error());
  auto expressions = ParseRequestExpressions(req, "ConditionExpression");
  if (!expressions) return Fail(InValidationEnvelope(expressions.error()));
  if (expressions->projection) {
    return Fail(ValidationError("ProjectionExpression is not a parameter of UpdateItem"));
  }
  UpdateExpression update = expressions->update.value_or(UpdateExpression{});
  if (auto ok = CheckKeyNotUpdated(**table, update); !ok) return Fail(ok.error());
  if (auto ok = CheckUpdateOperandTypes(update); !ok) return Fail(InValidationEnvelope(ok.error()));

  std::size_t new_size = 0;
  auto outcome = ConditionalWrite(
      ctx, **table, *key, expressions->condition, *return_old,
      [&](const std::optional<Item>& old) -> Result<std::optional<Item>> {
        // A missing item is created from its key, as DynamoDB does, unless the update only
        // removes: then there is nothing to create.
        if (!old && OnlyRemoves(update)) return std::optional<Item>();
        auto updated = ApplyUpdate(update, old ? *old : *key_map);
        if (!updated) return Fail(updated.error());
        new_size = ItemSize(*updated);
        if (new_size > limits::kMaxItemSizeBytes) {
          return Fail(ValidationError("Item size to update has exceeded the maximum allowed size"));
        }
        return std::optional<Item>(std::move(*updated));
      });
  if (!outcome) return Fail(outcome.error());

  std::optional<Item> attributes;
  const std::string& rv = *return_values;
  if (rv == "ALL_OLD") {
    attributes = outcome->old_item;
  } else if (rv == "ALL_NEW") {
    attributes = outcome->new_item;
  } else if (rv == "UPDATED_OLD" || rv == "UPDATED_NEW") {
    std::vector<Path> paths;
    for (const UpdateAction& a : update.actions) paths.push_back(a.path);
    const std::optional<Item>& source = rv == "UPDATED_OLD" ? outcome->old_item : outcome->new_item;
    if (source) attributes = Project(*source, paths);
  }
  json::object reply;
  if (attributes && !attributes->empty()) reply["Attributes"] = ItemToJson(*attributes);
  if (auto ok = AddConsumedCapacity(reply, req, **table, WriteUnits(new_size)); !ok) {
    return Fail(ok.error());
  }
  return reply;
}

}  // namespace nimbus::dynamodb

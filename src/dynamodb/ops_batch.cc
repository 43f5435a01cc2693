// BatchGetItem and BatchWriteItem. Every request is validated before any item is touched, so
// a bad request changes nothing. Everything is processed at once: Unprocessed* stay empty.
#include <boost/json.hpp>
#include <set>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/item_write.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

Result<const json::object*> RequestItems(const Request& req) {
  const json::value* v = req.if_contains("RequestItems");
  if (v == nullptr || v->is_null()) {
    return Fail(MemberError("null", "requestItems", "Member must not be null"));
  }
  if (!v->is_object()) return Fail(SerializationError("RequestItems must be a map"));
  if (v->get_object().empty()) {
    return Fail(
        MemberError("'{}'", "requestItems", "Member must have length greater than or equal to 1"));
  }
  return &v->get_object();
}

Result<std::shared_ptr<Table>> FindTable(OperationContext& ctx, std::string_view name) {
  if (auto ok = ValidateTableName(name); !ok) return Fail(ok.error());
  auto table = ctx.catalog.Find(name);
  if (!table) return Fail(ResourceNotFound());
  return table;
}

ApiError Duplicates() { return ValidationError("Provided list of item keys contains duplicates"); }

struct GetPlan {
  std::shared_ptr<Table> table;
  std::vector<std::string> keys;
  ParsedExpressions expressions;
};

struct WriteRequest {
  std::shared_ptr<Table> table;
  std::string key;
  std::optional<Item> item;  // nullopt: a DeleteRequest
};

}  // namespace

ReplyBody BatchGetItem(OperationContext& ctx, const Request& req) {
  auto request_items = RequestItems(req);
  if (!request_items) return Fail(request_items.error());
  std::vector<GetPlan> plans;
  std::size_t total = 0;
  for (const auto& [name, spec] : **request_items) {
    auto table = FindTable(ctx, name);
    if (!table) return Fail(table.error());
    if (!spec.is_object()) return Fail(SerializationError("KeysAndAttributes must be a structure"));
    const json::object& o = spec.get_object();
    const json::value* keys = o.if_contains("Keys");
    if (keys == nullptr || !keys->is_array() || keys->get_array().empty()) {
      return Fail(MemberError("null", "requestItems." + std::string(name) + ".member.keys",
                              "Member must have length greater than or equal to 1"));
    }
    GetPlan plan{*table, {}, {}};
    std::set<std::string> seen;
    for (const auto& k : keys->get_array()) {
      auto key = ItemFromJson(k);
      if (!key) return Fail(key.error());
      auto storage_key = StorageKeyFromKey(**table, *key);
      if (!storage_key) return Fail(storage_key.error());
      if (!seen.insert(*storage_key).second) return Fail(Duplicates());
      plan.keys.push_back(std::move(*storage_key));
    }
    total += plan.keys.size();
    if (total > limits::kMaxBatchGetKeys) {
      return Fail(ValidationError("Too many items requested for the BatchGetItem call"));
    }
    auto expressions = ParseRequestExpressions(o, "ConditionExpression");
    if (!expressions) return Fail(expressions.error());
    plan.expressions = std::move(*expressions);
    plans.push_back(std::move(plan));
  }
  json::object responses;
  for (const GetPlan& plan : plans) {
    json::array items;
    for (const std::string& key : plan.keys) {
      auto item = ReadItem(ctx, key);
      if (!item) return Fail(item.error());
      if (!*item) continue;
      const auto& projection = plan.expressions.projection;
      items.push_back(ItemToJson(projection ? Project(**item, *projection) : **item));
    }
    responses[plan.table->name] = std::move(items);
  }
  json::object reply;
  reply["Responses"] = std::move(responses);
  reply["UnprocessedKeys"] = json::object();
  return reply;
}

ReplyBody BatchWriteItem(OperationContext& ctx, const Request& req) {
  auto request_items = RequestItems(req);
  if (!request_items) return Fail(request_items.error());
  std::vector<WriteRequest> writes;
  std::set<std::string> seen;
  for (const auto& [name, list] : **request_items) {
    auto table = FindTable(ctx, name);
    if (!table) return Fail(table.error());
    if (!list.is_array() || list.get_array().empty()) {
      return Fail(MemberError("null", "requestItems." + std::string(name) + ".member",
                              "Member must have length greater than or equal to 1"));
    }
    for (const auto& entry : list.get_array()) {
      const json::object* o = entry.if_object();
      if (o == nullptr) return Fail(SerializationError("WriteRequest must be a structure"));
      const json::value* put = o->if_contains("PutRequest");
      const json::value* del = o->if_contains("DeleteRequest");
      if ((put == nullptr) == (del == nullptr) || !(put ? put : del)->is_object()) {
        return Fail(ValidationError(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes"));
      }
      WriteRequest w{*table, {}, std::nullopt};
      const json::value* payload =
          (put ? put : del)->get_object().if_contains(put ? "Item" : "Key");
      if (payload == nullptr) {
        return Fail(MemberError("null", put ? "item" : "key", "Member must not be null"));
      }
      auto map = ItemFromJson(*payload);
      if (!map) return Fail(map.error());
      auto key = put ? StorageKeyFromItem(**table, *map) : StorageKeyFromKey(**table, *map);
      if (!key) return Fail(key.error());
      if (put && ItemSize(*map) > limits::kMaxItemSizeBytes) {
        return Fail(ValidationError("Item size has exceeded the maximum allowed size"));
      }
      if (!seen.insert(*key).second) return Fail(Duplicates());
      w.key = std::move(*key);
      if (put) w.item = std::move(*map);
      writes.push_back(std::move(w));
    }
  }
  if (writes.size() > limits::kMaxBatchWriteRequests) {
    return Fail(MemberError("'" + json::serialize(**request_items) + "'", "requestItems",
                            "Map value must satisfy constraint: [Member must have length less "
                            "than or equal to 25, Member must have length greater than or equal "
                            "to 1]"));
  }
  for (const WriteRequest& w : writes) {
    auto outcome = ConditionalWrite(
        ctx, *w.table, w.key, std::nullopt, false,
        [&](const std::optional<Item>&) -> Result<std::optional<Item>> { return w.item; });
    if (!outcome) return Fail(outcome.error());
  }
  json::object reply;
  reply["UnprocessedItems"] = json::object();
  return reply;
}

}  // namespace nimbus::dynamodb

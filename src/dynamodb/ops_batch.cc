// BatchGetItem and BatchWriteItem. Every request is validated before any item is touched, so
// a bad request changes nothing. Everything is processed at once: Unprocessed* stay empty.
#include <boost/json.hpp>
#include <set>

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

constexpr std::string_view kTableNameKeysConstraint =
    "Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
    "Member must have length greater than or equal to 3, Member must satisfy regular expression "
    "pattern: [a-zA-Z0-9_.-]+]";

// The request validator's message without an echoed value: "Value at 'X' failed ...".
ApiError ConstraintAt(std::string_view member, std::string_view constraint) {
  return ValidationError("1 validation error detected: Value at '" + std::string(member) +
                         "' failed to satisfy constraint: " + std::string(constraint));
}

Result<const json::object*> RequestItems(const Request& req) {
  const json::value* v = req.if_contains("RequestItems");
  if (v == nullptr || v->is_null()) {
    return Fail(MemberError("null", "requestItems", "Member must not be null"));
  }
  if (!v->is_object()) return Fail(SerializationError("Start of list found where not expected"));
  if (v->get_object().empty()) {
    return Fail(ConstraintAt("RequestItems", "Member must have length greater than or equal to 1"));
  }
  return &v->get_object();
}

bool ValidTableName(std::string_view name) { return ValidateTableName(name).has_value(); }

Result<std::shared_ptr<Table>> FindTable(OperationContext& ctx, std::string_view name) {
  auto table = ctx.catalog.Find(name);
  if (!table) return Fail(ResourceNotFound());
  return table;
}

// BatchWriteItem's validator echoes RequestItems as Java's toString prints the request
// objects: {table=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(S=x)}), ...)]}.
std::string JavaString(const json::value& v);

std::string JavaAttributeMap(const json::value& v) {
  if (!v.is_object()) return JavaString(v);
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : v.get_object()) {
    out += (first ? "" : ", ") + std::string(name) + "=" + JavaString(value);
    first = false;
  }
  return out + "}";
}

std::string JavaString(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_array()) {
    std::string out = "[";
    bool first = true;
    for (const auto& e : v.get_array()) {
      out += (first ? "" : ", ") + JavaString(e);
      first = false;
    }
    return out + "]";
  }
  if (!v.is_object()) return json::serialize(v);
  const json::object& o = v.get_object();
  if (o.size() == 1) {
    const auto& [type, inner] = *o.begin();
    if (type == "M") return "AttributeValue(M=" + JavaAttributeMap(inner) + ")";
    AttrType parsed;
    if (ParseTypeName(type, parsed)) {
      std::string name = type == "NULL" ? "NUL" : std::string(type);
      return "AttributeValue(" + name + "=" + JavaString(inner) + ")";
    }
  }
  if (const json::value* put = o.if_contains("PutRequest")) {
    const json::value* item = put->is_object() ? put->get_object().if_contains("Item") : nullptr;
    return "WriteRequest(putRequest=PutRequest(item=" +
           (item ? JavaAttributeMap(*item) : std::string("null")) + "), deleteRequest=null)";
  }
  if (const json::value* del = o.if_contains("DeleteRequest")) {
    const json::value* key = del->is_object() ? del->get_object().if_contains("Key") : nullptr;
    return "WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key=" +
           (key ? JavaAttributeMap(*key) : std::string("null")) + "))";
  }
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : o) {
    out += (first ? "" : ", ") + std::string(name) + "=" + JavaString(value);
    first = false;
  }
  return out + "}";
}

std::string JavaRequestItems(const json::object& items) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, list] : items) {
    out += (first ? "" : ", ") + std::string(name) + "=" + JavaString(list);
    first = false;
  }
  return out + "}";
}

// A PutRequest's item must carry the table's key, of the declared types; BatchWriteItem says
// so in GetItem's words rather than PutItem's.
Result<std::string> StorageKeyOfPut(const Table& table, const Item& item) {
  return StorageKeyFromKey(table, KeyOf(table, item));
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
  // The request validator's checks (names, list lengths) come before any table is looked at.
  for (const auto& [name, spec] : **request_items) {
    if (!ValidTableName(name)) {
      return Fail(MemberError("'" + json::serialize(**request_items) + "'", "requestItems",
                              kTableNameKeysConstraint));
    }
    if (!spec.is_object()) {
      return Fail(SerializationError("Start of list found where not expected"));
    }
    const json::value* keys = spec.get_object().if_contains("Keys");
    std::string member = "RequestItems." + std::string(name) + ".member.Keys";
    if (keys == nullptr || keys->is_null()) {
      return Fail(MemberError("null", "requestItems." + std::string(name) + ".member.keys",
                              "Member must not be null"));
    }
    if (!keys->is_array())
      return Fail(SerializationError("Start of structure or map found where not expected."));
    if (keys->get_array().empty()) {
      return Fail(ConstraintAt(member, "Member must have length greater than or equal to 1"));
    }
    if (keys->get_array().size() > limits::kMaxBatchGetKeys) {
      return Fail(ConstraintAt(member, "Member must have length less than or equal to 100"));
    }
  }
  std::vector<GetPlan> plans;
  std::size_t total = 0;
  for (const auto& [name, spec] : **request_items) {
    auto table = FindTable(ctx, name);
    if (!table) return Fail(table.error());
    const json::object& o = spec.get_object();
    const json::value* keys = o.if_contains("Keys");
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
  // The request validator's checks first: table names, then each table's list length.
  for (const auto& [name, list] : **request_items) {
    if (!ValidTableName(name)) {
      return Fail(MemberError("'" + JavaRequestItems(**request_items) + "'", "requestItems",
                              kTableNameKeysConstraint));
    }
  }
  std::size_t total = 0;
  for (const auto& [name, list] : **request_items) {
    if (!list.is_array()) {
      return Fail(SerializationError("Start of structure or map found where not expected."));
    }
    std::size_t n = list.get_array().size();
    if (n == 0 || n > limits::kMaxBatchWriteRequests) {
      return Fail(MemberError("'" + JavaRequestItems(**request_items) + "'", "requestItems",
                              "Map value must satisfy constraint: [Member must have length less "
                              "than or equal to 25, Member must have length greater than or "
                              "equal to 1]"));
    }
    total += n;
  }
  if (total > limits::kMaxBatchWriteRequests) {
    return Fail(ValidationError("Too many items requested for the BatchWriteItem call"));
  }
  // Every request is checked (key, size, index key types) before any item is written, so a
  // bad request anywhere in the batch leaves the tables as they were.
  std::vector<WriteRequest> writes;
  std::set<std::string> seen;
  for (const auto& [name, list] : **request_items) {
    auto table = FindTable(ctx, name);
    if (!table) return Fail(table.error());
    for (const auto& entry : list.get_array()) {
      const json::object* o = entry.if_object();
      if (o == nullptr) {
        return Fail(SerializationError("Start of list found where not expected"));
      }
      const json::value* put = o->if_contains("PutRequest");
      const json::value* del = o->if_contains("DeleteRequest");
      if (put != nullptr && put->is_null()) put = nullptr;
      if (del != nullptr && del->is_null()) del = nullptr;
      if ((put == nullptr) == (del == nullptr) || !(put ? put : del)->is_object()) {
        return Fail(ValidationError(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes"));
      }
      WriteRequest w{*table, {}, std::nullopt};
      const json::value* payload =
          (put ? put : del)->get_object().if_contains(put ? "Item" : "Key");
      if (payload == nullptr || payload->is_null()) {
        return Fail(MemberError("null",
                                "requestItems." + std::string(name) + ".member." +
                                    (put ? "putRequest.item" : "deleteRequest.key"),
                                "Member must not be null"));
      }
      auto map = ItemFromJson(*payload);
      if (!map) return Fail(map.error());
      auto key = put ? StorageKeyOfPut(**table, *map) : StorageKeyFromKey(**table, *map);
      if (!key) return Fail(key.error());
      if (put) {
        if (ItemSize(*map) > limits::kMaxItemSizeBytes) {
          return Fail(ValidationError("Item size has exceeded the maximum allowed size"));
        }
        if (auto ok = ValidateIndexKeys(**table, *map); !ok) return Fail(ok.error());
      }
      if (!seen.insert(*key).second) return Fail(Duplicates());
      w.key = std::move(*key);
      if (put) w.item = std::move(*map);
      writes.push_back(std::move(w));
    }
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

// ParseTransactWrite: everything DynamoDB rejects before it looks at a stored item.
#include <array>
#include <boost/json.hpp>
#include <set>

#include "dynamodb/attribute_json.h"
#include "dynamodb/index.h"
#include "dynamodb/limits.h"
#include "dynamodb/request.h"
#include "dynamodb/transact_request.h"
#include "dynamodb/transact_token.h"
#include "dynamodb/transact_write.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

struct KindSpec {
  std::string_view field;   // "Put"
  std::string_view member;  // "put"
  WriteKind kind;
  std::string_view payload;         // "Item" or "Key"
  std::string_view payload_member;  // "item" or "key"
  std::string_view required;        // a further required string member, or empty
  std::string_view required_member;
};

constexpr std::array<KindSpec, 4> kKinds = {{
    {"ConditionCheck", "conditionCheck", WriteKind::kConditionCheck, "Key", "key",
     "ConditionExpression", "conditionExpression"},
    {"Put", "put", WriteKind::kPut, "Item", "item", "", ""},
    {"Delete", "delete", WriteKind::kDelete, "Key", "key", "", ""},
    {"Update", "update", WriteKind::kUpdate, "Key", "key", "UpdateExpression", "updateExpression"},
}};

bool Present(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  return v != nullptr && !v->is_null();
}

// An action as written: which kind, and its body.
struct RawAction {
  const KindSpec* spec = nullptr;
  const json::object* body = nullptr;
  int kinds_present = 0;
};

Result<std::vector<RawAction>> CheckMembers(const json::array& items, MemberErrors& errors) {
  std::vector<RawAction> raw(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json::object* entry = items[i].if_object();
    if (entry == nullptr) return Fail(SerializationError("TransactWriteItem must be a structure"));
    for (const KindSpec& spec : kKinds) {
      if (!Present(*entry, spec.field)) continue;
      const json::object* body = entry->at(spec.field).if_object();
      if (body == nullptr) {
        return Fail(
            SerializationError("Unexpected value type in payload for " + std::string(spec.field)));
      }
      ++raw[i].kinds_present;
      raw[i].spec = &spec;
      raw[i].body = body;
      if (!Present(*body, spec.payload)) {
        errors.Add("null", ActionMember(i, spec.member, spec.payload_member),
                   "Member must not be null");
      }
      if (!Present(*body, "TableName")) {
        errors.Add("null", ActionMember(i, spec.member, "tableName"), "Member must not be null");
      }
      if (!spec.required.empty() && !Present(*body, spec.required)) {
        errors.Add("null", ActionMember(i, spec.member, spec.required_member),
                   "Member must not be null");
      }
      auto rv = OptionalString(*body, "ReturnValuesOnConditionCheckFailure");
      if (!rv) return Fail(rv.error());
      if (*rv && **rv != "ALL_OLD" && **rv != "NONE") {
        errors.Add("'" + **rv + "'",
                   ActionMember(i, spec.member, "returnValuesOnConditionCheckFailure"),
                   "Member must satisfy enum value set: [ALL_OLD, NONE]");
      }
    }
  }
  return raw;
}

Result<void> CheckTopLevel(const Request& req, MemberErrors& errors) {
  auto metrics = OptionalString(req, "ReturnItemCollectionMetrics");
  if (!metrics) return Fail(metrics.error());
  if (*metrics && **metrics != "SIZE" && **metrics != "NONE") {
    errors.Add("'" + **metrics + "'", "returnItemCollectionMetrics",
               "Member must satisfy enum value set: [SIZE, NONE]");
  }
  auto token = OptionalString(req, "ClientRequestToken");
  if (!token) return Fail(token.error());
  if (*token && (*token)->empty()) {
    errors.Add("''", "clientRequestToken", "Member must have length greater than or equal to 1");
  } else if (*token && (*token)->size() > limits::kMaxClientRequestTokenLength) {
    errors.Add("'" + **token + "'", "clientRequestToken",
               "Member must have length less than or equal to " +
                   std::to_string(limits::kMaxClientRequestTokenLength));
  }
  return {};
}

// A key attribute of `item` that is missing or of another type than the schema declares; the
// message is PutItem's.
std::optional<ApiError> ItemSchemaError(const Table& table, const Item& item) {
  for (const KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr}) {
    if (k == nullptr) continue;
    auto it = item.find(k->name);
    if (it == item.end()) {
      return ValidationError("One or more parameter values were invalid: Missing the key " +
                             k->name + " in the item");
    }
    if (it->second.type != k->type) {
      return ValidationError("One or more parameter values were invalid: Type mismatch for key " +
                             k->name + " expected: " + std::string(TypeName(k->type)) +
                             " actual: " + std::string(TypeName(it->second.type)));
    }
  }
  return std::nullopt;
}

std::optional<ApiError> KeySchemaError(const Table& table, const Item& key) {
  std::size_t expected = table.range ? 2 : 1;
  bool matches = key.size() == expected;
  for (const KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr}) {
    if (k == nullptr || !matches) continue;
    auto it = key.find(k->name);
    matches = it != key.end() && it->second.type == k->type;
  }
  if (matches) return std::nullopt;
  return ValidationError("The provided key element does not match the schema");
}

// The bytes an action adds to the transaction's aggregate size.
Result<std::size_t> ActionBytes(const WriteAction& action, const json::object& body) {
  if (action.put_item) return ItemSize(*action.put_item);
  std::size_t bytes = ItemSize(action.key);
  if (const json::value* values = body.if_contains("ExpressionAttributeValues");
      values != nullptr && !values->is_null()) {
    auto parsed = ItemFromJson(*values);
    if (!parsed) return Fail(parsed.error());
    bytes += ItemSize(*parsed);
  }
  return bytes;
}

Result<WriteAction> ParseAction(const RawAction& raw, const std::shared_ptr<Table>& table) {
  const json::object& body = *raw.body;
  const Table& t = *table;
  WriteAction action;
  action.kind = raw.spec->kind;
  action.table = table;
  auto payload = ItemFromJson(body.at(raw.spec->payload));
  if (!payload) return Fail(payload.error());
  if (action.kind == WriteKind::kPut) {
    action.schema_error = ItemSchemaError(t, *payload);
    if (!action.schema_error) {
      auto key = StorageKeyFromItem(t, *payload);
      if (!key) return Fail(key.error());
      action.storage_key = std::move(*key);
      action.key = KeyOf(t, *payload);
    }
    if (ItemSize(*payload) > limits::kMaxItemSizeBytes) {
      return Fail(ValidationError("Item size has exceeded the maximum allowed size"));
    }
    if (auto ok = ValidateIndexKeys(t, *payload); !ok) return Fail(ok.error());
    action.put_item = std::move(*payload);
  } else {
    action.schema_error = KeySchemaError(t, *payload);
    if (!action.schema_error) {
      auto key = StorageKeyFromKey(t, *payload);
      if (!key) return Fail(key.error());
      action.storage_key = std::move(*key);
    }
    action.key = std::move(*payload);
  }
  auto expressions = ParseRequestExpressions(body, "ConditionExpression");
  if (!expressions) return Fail(expressions.error());
  action.condition = std::move(expressions->condition);
  if (action.kind == WriteKind::kUpdate) {
    action.update = expressions->update.value_or(UpdateExpression{});
    if (auto ok = CheckKeyNotUpdated(t, action.update); !ok) return Fail(ok.error());
  }
  auto rv = OptionalString(body, "ReturnValuesOnConditionCheckFailure");
  if (!rv) return Fail(rv.error());
  action.return_old_on_failure = *rv && **rv == "ALL_OLD";
  return action;
}

}  // namespace

Result<WritePlan> ParseTransactWrite(OperationContext& ctx, const Request& req) {
  MemberErrors errors;
  WritePlan plan;
  auto mode = CapacityModeParam(req, errors);
  if (!mode) return Fail(mode.error());
  plan.capacity_mode = std::move(*mode);
  if (auto ok = CheckTopLevel(req, errors); !ok) return Fail(ok.error());
  auto items = TransactItemsParam(req, errors);
  if (!items) return Fail(items.error());
  std::vector<RawAction> raw;
  if (*items != nullptr && (*items)->size() <= limits::kMaxTransactionActions) {
    auto checked = CheckMembers(**items, errors);
    if (!checked) return Fail(checked.error());
    raw = std::move(*checked);
  }
  if (auto ok = errors.Check(); !ok) return Fail(ok.error());
  for (const RawAction& r : raw) {
    if (r.kinds_present != 1) {
      return Fail(
          ValidationError("TransactItems can only contain one of Check, Put, Update or Delete"));
    }
  }

  // Every table exists before anything else about the actions is judged.
  std::vector<std::shared_ptr<Table>> tables;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string member = ActionMember(i, raw[i].spec->member, "tableName");
    auto name = RequiredString(*raw[i].body, "TableName", member);
    if (!name) return Fail(name.error());
    auto table = TransactTable(ctx, *name, member);
    if (!table) return Fail(table.error());
    tables.push_back(std::move(*table));
  }

  std::set<std::string> seen;
  std::size_t aggregate = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto action = ParseAction(raw[i], tables[i]);
    if (!action) return Fail(action.error());
    if (!action->storage_key.empty() && !seen.insert(action->storage_key).second) {
      return Fail(
          ValidationError("Transaction request cannot include multiple operations on one item"));
    }
    auto bytes = ActionBytes(*action, *raw[i].body);
    if (!bytes) return Fail(bytes.error());
    aggregate += *bytes;
    plan.actions.push_back(std::move(*action));
  }
  if (aggregate > limits::kMaxTransactionBytes) {
    return Fail(ValidationError(
        "Collection size of items exceeded, which can also be caused by the aggregate size of the "
        "items in the transaction exceeding the 4MB limit"));
  }

  auto token = OptionalString(req, "ClientRequestToken");
  if (!token) return Fail(token.error());
  plan.client_token = std::move(*token);
  plan.fingerprint = RequestFingerprint(req.at("TransactItems"));
  return plan;
}

}  // namespace nimbus::dynamodb

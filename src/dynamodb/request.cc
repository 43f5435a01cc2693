#include "dynamodb/request.h"

#include <algorithm>
#include <boost/json.hpp>

#include "dynamodb/key_codec.h"
#include "dynamodb/legacy_params.h"
#include "dynamodb/limits.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

ApiError KeyMismatch(std::string_view prefix) {
  return ValidationError(std::string(prefix) +
                         "The provided key element does not match the schema");
}

// Validates one key attribute's value: not empty, within its size limit.
Result<void> CheckKeyValue(const KeyAttribute& k, const AttributeValue& v, bool is_hash) {
  if (v.scalar.empty() && v.type != AttrType::kN) {
    return Fail(ValidationError(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty " +
        std::string(v.type == AttrType::kS ? "string" : "binary") + " value. Key: " + k.name));
  }
  std::size_t size = AttributeSize(v);
  if (is_hash && size > limits::kMaxHashKeyBytes) {
    return Fail(ValidationError(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
        "size limit of" +
        std::to_string(limits::kMaxHashKeyBytes) + " bytes"));
  }
  if (!is_hash && size > limits::kMaxRangeKeyBytes) {
    return Fail(ValidationError(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of " +
        std::to_string(limits::kMaxRangeKeyBytes) + " bytes"));
  }
  return {};
}

}  // namespace

ApiError MemberError(std::string_view value, std::string_view member, std::string_view constraint) {
  return ValidationError("1 validation error detected: Value " + std::string(value) + " at '" +
                         std::string(member) +
                         "' failed to satisfy constraint: " + std::string(constraint));
}

ApiError ValidationErrors(const std::vector<std::string>& violations) {
  std::string message = std::to_string(violations.size()) + " validation error" +
                        (violations.size() > 1 ? "s" : "") + " detected: ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    message += (i > 0 ? "; " : "") + violations[i];
  }
  return ValidationError(std::move(message));
}

Result<std::optional<std::string>> OptionalString(const Request& req, std::string_view field) {
  const json::value* v = req.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Fail(WrongJsonType(*v, "String"));
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::string> RequiredString(const Request& req, std::string_view field,
                                   std::string_view member) {
  auto s = OptionalString(req, field);
  if (!s) return Fail(s.error());
  if (!*s) return Fail(MemberError("null", member, "Member must not be null"));
  return std::move(**s);
}

Result<std::optional<long long>> OptionalInteger(const Request& req, std::string_view field) {
  const json::value* v = req.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<long long>();
  if (v->is_int64()) return std::optional<long long>(v->get_int64());
  if (v->is_uint64()) return std::optional<long long>(static_cast<long long>(v->get_uint64()));
  if (v->is_double()) return std::optional<long long>(static_cast<long long>(v->get_double()));
  return Fail(WrongJsonType(*v, "Integer"));
}

Result<bool> OptionalBool(const Request& req, std::string_view field) {
  const json::value* v = req.if_contains(field);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_bool()) return Fail(WrongJsonType(*v, "Boolean"));
  return v->get_bool();
}

Result<void> ValidateTableName(std::string_view name, std::string_view member) {
  std::string quoted = "'" + std::string(name) + "'";
  if (name.size() < limits::kMinTableNameLength) {
    return Fail(MemberError(quoted, member, "Member must have length greater than or equal to 3"));
  }
  if (name.size() > limits::kMaxTableNameLength) {
    return Fail(MemberError(quoted, member, "Member must have length less than or equal to 255"));
  }
  for (char c : name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (!ok) {
      return Fail(MemberError(quoted, member,
                              "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
    }
  }
  return {};
}

Result<std::shared_ptr<Table>> LookupTable(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  // The item operations accept names of any length from 1 (a table ARN may stand there);
  // a name too short to exist is simply not found.
  if (name->empty()) {
    return Fail(
        MemberError("''", "tableName", "Member must have length greater than or equal to 1"));
  }
  if (name->size() >= limits::kMinTableNameLength) {
    if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  }
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(ResourceNotFound());
  return table;
}

Result<std::string> StorageKeyFromKey(const Table& table, const Item& key,
                                      std::string_view mismatch_prefix) {
  std::size_t expected = table.range ? 2 : 1;
  if (key.size() != expected) return Fail(KeyMismatch(mismatch_prefix));
  auto hash = key.find(table.hash.name);
  if (hash == key.end() || hash->second.type != table.hash.type) {
    return Fail(KeyMismatch(mismatch_prefix));
  }
  if (auto ok = CheckKeyValue(table.hash, hash->second, true); !ok) return Fail(ok.error());
  const AttributeValue* range = nullptr;
  if (table.range) {
    auto it = key.find(table.range->name);
    if (it == key.end() || it->second.type != table.range->type) {
      return Fail(KeyMismatch(mismatch_prefix));
    }
    if (auto ok = CheckKeyValue(*table.range, it->second, false); !ok) return Fail(ok.error());
    range = &it->second;
  }
  return ItemKey(table.id, hash->second, range);
}

Result<std::string> StorageKeyFromItem(const Table& table, const Item& item) {
  const AttributeValue* parts[2] = {nullptr, nullptr};
  const KeyAttribute* attrs[2] = {&table.hash, table.range ? &*table.range : nullptr};
  for (int i = 0; i < 2 && attrs[i] != nullptr; ++i) {
    auto it = item.find(attrs[i]->name);
    if (it == item.end()) {
      return Fail(ValidationError("One or more parameter values were invalid: Missing the key " +
                                  attrs[i]->name + " in the item"));
    }
    if (it->second.type != attrs[i]->type) {
      return Fail(
          ValidationError("One or more parameter values were invalid: Type mismatch for key " +
                          attrs[i]->name + " expected: " + std::string(TypeName(attrs[i]->type)) +
                          " actual: " + std::string(TypeName(it->second.type))));
    }
    if (auto ok = CheckKeyValue(*attrs[i], it->second, i == 0); !ok) return Fail(ok.error());
    parts[i] = &it->second;
  }
  return ItemKey(table.id, *parts[0], parts[1]);
}

Result<void> CheckKeyNotUpdated(const Table& table, const UpdateExpression& update) {
  for (const UpdateAction& a : update.actions) {
    const std::string& top = a.path[0].name;
    if (top == table.hash.name || (table.range && top == table.range->name)) {
      return Fail(
          ValidationError("One or more parameter values were invalid: Cannot update attribute " +
                          top + ". This attribute is part of the key"));
    }
  }
  return {};
}

Item KeyOf(const Table& table, const Item& item) {
  Item key;
  if (auto it = item.find(table.hash.name); it != item.end()) key.insert(*it);
  if (table.range) {
    if (auto it = item.find(table.range->name); it != item.end()) key.insert(*it);
  }
  return key;
}

Result<void> AddConsumedCapacity(json::object& reply, const Request& req, const Table& table,
                                 double units) {
  auto mode = OptionalString(req, "ReturnConsumedCapacity");
  if (!mode) return Fail(mode.error());
  if (!*mode || **mode == "NONE") return {};
  if (**mode != "TOTAL" && **mode != "INDEXES") {
    return Fail(MemberError("'" + **mode + "'", "returnConsumedCapacity",
                            "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"));
  }
  json::object cc{{"TableName", table.name}, {"CapacityUnits", units}};
  if (**mode == "INDEXES") cc["Table"] = json::object{{"CapacityUnits", units}};
  reply["ConsumedCapacity"] = std::move(cc);
  return {};
}

double WriteUnits(std::size_t item_bytes) {
  return static_cast<double>(std::max<std::size_t>(1, (item_bytes + 1023) / 1024));
}

double ReadUnits(std::size_t item_bytes, bool consistent) {
  double units = static_cast<double>(std::max<std::size_t>(1, (item_bytes + 4095) / 4096));
  return consistent ? units : units / 2;
}

Result<std::string> ReturnValuesParam(const Request& req, bool update_item) {
  auto rv = OptionalString(req, "ReturnValues");
  if (!rv) return Fail(rv.error());
  std::string v = rv->value_or("NONE");
  if (v != "NONE" && v != "ALL_OLD" && v != "UPDATED_OLD" && v != "ALL_NEW" && v != "UPDATED_NEW") {
    return Fail(MemberError(
        "'" + v + "'", "returnValues",
        "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"));
  }
  if (!update_item && v != "NONE" && v != "ALL_OLD") {
    return Fail(ValidationError("ReturnValues can only be ALL_OLD or NONE"));
  }
  return v;
}

Result<ParsedExpressions> ParseRequestExpressions(const Request& req,
                                                  std::string_view condition_field,
                                                  bool with_key_condition) {
  auto ctx = MakeExpressionContext(req);
  if (!ctx) return Fail(ctx.error());
  ParsedExpressions out;
  if (auto ok = AddLegacyExpressions(req, condition_field, with_key_condition, out); !ok) {
    return Fail(ok.error());
  }
  bool key_expression = false;
  if (with_key_condition && !out.key_condition) {
    key_expression = true;
    auto key = OptionalString(req, "KeyConditionExpression");
    if (!key) return Fail(key.error());
    if (!*key) {
      return Fail(
          ValidationError("Either the KeyConditions or KeyConditionExpression parameter "
                          "must be specified in the request."));
    }
    auto c = ParseCondition(**key, "KeyConditionExpression", *ctx);
    if (!c) return Fail(c.error());
    out.key_condition = std::move(*c);
  }
  auto condition = OptionalString(req, condition_field);
  if (!condition) return Fail(condition.error());
  if (*condition) {
    auto c = ParseCondition(**condition, condition_field, *ctx);
    if (!c) return Fail(c.error());
    out.condition = std::move(*c);
  }
  auto projection = OptionalString(req, "ProjectionExpression");
  if (!projection) return Fail(projection.error());
  if (*projection) {
    auto p = ParseProjection(**projection, *ctx);
    if (!p) return Fail(p.error());
    out.projection = std::move(*p);
  }
  auto update = OptionalString(req, "UpdateExpression");
  if (!update) return Fail(update.error());
  if (*update) {
    auto u = ParseUpdate(**update, *ctx);
    if (!u) return Fail(u.error());
    out.update = std::move(*u);
  }
  if (!ctx->names.empty() || !ctx->values.empty()) {
    if (!*condition && !*projection && !*update && !key_expression) {
      return Fail(ValidationError(std::string(ctx->values.empty() ? "ExpressionAttributeNames"
                                                                  : "ExpressionAttributeValues") +
                                  " can only be specified when using expressions"));
    }
  }
  if (auto ok = CheckAllPlaceholdersUsed(*ctx); !ok) return Fail(ok.error());
  return out;
}

}  // namespace nimbus::dynamodb

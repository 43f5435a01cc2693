#include "dynamodb/legacy_params.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "dynamodb/attribute_json.h"
#include "dynamodb/legacy_conditions.h"
#include "dynamodb/limits.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

// Which legacy parameters an operation takes, and the expression parameters they may not be
// mixed with, each in the order DynamoDB lists them in its mixing error.
struct LegacySpec {
  std::string_view operation;
  std::vector<std::string_view> legacy;
  std::vector<std::string_view> expressions;
  std::string_view filter;  // the condition map ConditionalOperator joins; "" if none
};

const std::vector<LegacySpec>& Specs() {
  static const std::vector<LegacySpec> kSpecs = {
      {"PutItem", {"Expected", "ConditionalOperator"}, {"ConditionExpression"}, "Expected"},
      {"DeleteItem", {"Expected", "ConditionalOperator"}, {"ConditionExpression"}, "Expected"},
      {"UpdateItem",
       {"AttributeUpdates", "Expected", "ConditionalOperator"},
       {"UpdateExpression", "ConditionExpression"},
       "Expected"},
      {"GetItem", {"AttributesToGet"}, {"ProjectionExpression"}, ""},
      {"Query",
       {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"},
       {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
       "QueryFilter"},
      {"Scan",
       {"AttributesToGet", "ScanFilter", "ConditionalOperator"},
       {"ProjectionExpression", "FilterExpression"},
       "ScanFilter"},
  };
  return kSpecs;
}

constexpr std::string_view kLegacyParameters[] = {
    "Expected",   "ConditionalOperator", "AttributeUpdates", "AttributesToGet",
    "ScanFilter", "QueryFilter",         "KeyConditions"};

ApiError Invalid(const std::string& detail) {
  return ValidationError("One or more parameter values were invalid: " + detail);
}

const json::value* Present(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  return v == nullptr || v->is_null() ? nullptr : v;
}

std::string Joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// AttributesToGet: 1 to 255 names; with `distinct`, no name twice.
Result<std::vector<std::string>> AttributeNames(const json::value& v, std::string_view member,
                                                bool distinct) {
  if (!v.is_array()) {
    return Fail(SerializationError("Unexpected value type in payload for AttributesToGet"));
  }
  std::vector<std::string> names;
  std::string shown;
  for (const auto& n : v.get_array()) {
    if (!n.is_string()) {
      return Fail(SerializationError("Unexpected value type in payload for AttributesToGet"));
    }
    names.emplace_back(n.get_string());
    shown += (shown.empty() ? "" : ", ") + names.back();
  }
  if (names.empty()) {
    return Fail(MemberError("'[]'", member, "Member must have length greater than or equal to 1"));
  }
  if (names.size() > limits::kMaxAttributesToGet) {
    return Fail(MemberError("'[" + shown + "]'", member,
                            "Member must have length less than or equal to " +
                                std::to_string(limits::kMaxAttributesToGet)));
  }
  if (distinct) {
    std::set<std::string_view> seen;
    for (const std::string& n : names) {
      if (!seen.insert(n).second) {
        return Fail(Invalid("Duplicate value in attribute name: " + n));
      }
    }
  }
  return names;
}

// AttributeUpdates as update actions. With `shape_only`, only the members' JSON shape and
// the Action enum are checked (DynamoDB does that before anything else).
Result<std::vector<UpdateAction>> AttributeUpdates(const json::value& v, bool shape_only) {
  if (!v.is_object()) {
    return Fail(SerializationError("Unexpected value type in payload for AttributeUpdates"));
  }
  std::vector<UpdateAction> actions;
  for (const auto& [name, entry] : v.get_object()) {
    if (!entry.is_object()) {
      return Fail(SerializationError("Unexpected value type in payload for AttributeValueUpdate"));
    }
    std::string action = "PUT";
    if (const json::value* a = Present(entry.get_object(), "Action")) {
      if (!a->is_string()) {
        return Fail(SerializationError("Unexpected value type in payload for Action"));
      }
      action = std::string(a->get_string());
      if (action != "ADD" && action != "PUT" && action != "DELETE") {
        return Fail(MemberError("'" + action + "'",
                                "attributeUpdates." + std::string(name) + ".member.action",
                                "Member must satisfy enum value set: [ADD, PUT, DELETE]"));
      }
    }
    if (shape_only) continue;
    UpdateAction u;
    u.legacy = true;
    u.path = {PathElement{std::string(name)}};
    const json::value* value = Present(entry.get_object(), "Value");
    if (value == nullptr) {
      if (action != "DELETE") {
        return Fail(Invalid("Only DELETE action is allowed when no attribute value is specified"));
      }
      u.kind = UpdateAction::Kind::kRemove;
      actions.push_back(std::move(u));
      continue;
    }
    auto parsed = AttributeFromJson(*value);
    if (!parsed) return Fail(parsed.error());
    std::string type(TypeName(parsed->type));
    if (action == "DELETE" && !parsed->IsSet()) {
      return Fail(Invalid("DELETE action with value is not supported for the type " + type));
    }
    if (action == "ADD" && !parsed->IsSet() && parsed->type != AttrType::kN &&
        parsed->type != AttrType::kL) {
      return Fail(Invalid("ADD action is not supported for the type " + type));
    }
    u.kind = action == "PUT"   ? UpdateAction::Kind::kSet
             : action == "ADD" ? UpdateAction::Kind::kAdd
                               : UpdateAction::Kind::kDelete;
    u.value.kind = Operand::Kind::kValue;
    u.value.value = std::move(*parsed);
    actions.push_back(std::move(u));
  }
  return actions;
}

// "Can not use both ..." when both forms are present. KeyConditions alone may go with the
// other expressions: it only clashes with KeyConditionExpression.
Result<void> CheckNotMixed(const LegacySpec& spec, const json::object& req) {
  std::vector<std::string_view> expressions;
  for (std::string_view e : spec.expressions) {
    if (Present(req, e)) expressions.push_back(e);
  }
  if (expressions.empty()) return {};
  std::vector<std::string_view> legacy;
  for (std::string_view l : spec.legacy) {
    if (l == "KeyConditions" && !Present(req, "KeyConditionExpression")) continue;
    if (Present(req, l)) legacy.push_back(l);
  }
  if (legacy.empty()) return {};
  return Fail(ValidationError(
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: {" +
      Joined(legacy) + "} Expression parameters: {" + Joined(expressions) + "}"));
}

// ConditionalOperator needs a condition map of two or more entries to join.
Result<void> CheckConditionalOperator(const LegacySpec& spec, const json::object& req) {
  if (!Present(req, "ConditionalOperator")) return {};
  const json::value* filter = spec.filter.empty() ? nullptr : Present(req, spec.filter);
  std::size_t n = filter && filter->is_object() ? filter->get_object().size() : 0;
  if (n == 0) {
    return Fail(ValidationError("ConditionalOperator cannot be used without Filter or Expected"));
  }
  if (n == 1) {
    return Fail(ValidationError(
        "ConditionalOperator can only be used when Filter or Expected has two or more elements"));
  }
  return {};
}

// Select other than SPECIFIC_ATTRIBUTES returns no chosen attributes, so it excludes a list.
Result<void> CheckSelect(const LegacySpec& spec, const json::object& req) {
  const json::value* select = Present(req, "Select");
  if (!Present(req, "AttributesToGet") || select == nullptr || !select->is_string()) return {};
  std::string_view s = select->get_string();
  if (s != "ALL_ATTRIBUTES" && s != "ALL_PROJECTED_ATTRIBUTES" && s != "COUNT") return {};
  // DynamoDB words this one as a member constraint for Query only.
  std::string prefix = spec.operation == "Query" ? "1 validation error detected: " : "";
  return Fail(ValidationError(prefix + "Cannot specify the AttributesToGet when choosing to get " +
                              (s == "COUNT" ? std::string("only the Count") : std::string(s))));
}

// The members' shapes and enums: DynamoDB's "1 validation error detected" pass.
Result<void> CheckShapes(const json::object& req) {
  if (const json::value* op = Present(req, "ConditionalOperator")) {
    if (!op->is_string()) {
      return Fail(SerializationError("Unexpected value type in payload for ConditionalOperator"));
    }
    if (op->get_string() != "AND" && op->get_string() != "OR") {
      return Fail(MemberError("'" + std::string(op->get_string()) + "'", "conditionalOperator",
                              "Member must satisfy enum value set: [OR, AND]"));
    }
  }
  for (std::string_view map : {"Expected", "QueryFilter", "ScanFilter", "KeyConditions"}) {
    if (const json::value* v = Present(req, map)) {
      if (auto ok = CheckLegacyConditionShape(*v, map); !ok) return ok;
    }
  }
  if (const json::value* v = Present(req, "AttributeUpdates")) {
    if (auto ok = AttributeUpdates(*v, true); !ok) return Fail(ok.error());
  }
  if (const json::value* v = Present(req, "AttributesToGet")) {
    if (auto ok = AttributeNames(*v, "attributesToGet", false); !ok) return Fail(ok.error());
  }
  return {};
}

Result<void> CheckConditions(const json::object& req, std::string_view member) {
  if (const json::value* v = Present(req, member)) {
    if (auto ok = ParseLegacyConditions(*v, member); !ok) return Fail(ok.error());
  }
  return {};
}

Result<void> CheckKeyConditionCount(const json::value& key_conditions) {
  std::size_t n = key_conditions.get_object().size();
  if (n != 1 && n != 2) return Fail(ValidationError("Conditions can be of length 1 or 2 only"));
  return {};
}

// Everything that does not need the table, in DynamoDB's order for each operation.
Result<void> CheckDetails(const LegacySpec& spec, const json::object& req) {
  const json::value* names = Present(req, "AttributesToGet");
  auto check_names = [&]() -> Result<void> {
    if (names == nullptr) return {};
    auto ok = AttributeNames(*names, "attributesToGet", true);
    if (!ok) return Fail(ok.error());
    return {};
  };
  if (const json::value* updates = Present(req, "AttributeUpdates")) {
    if (auto ok = AttributeUpdates(*updates, false); !ok) return Fail(ok.error());
  }
  if (spec.operation == "Query") {
    if (auto ok = CheckConditions(req, "QueryFilter"); !ok) return ok;
    if (auto ok = check_names(); !ok) return ok;
    if (auto ok = CheckConditions(req, "KeyConditions"); !ok) return ok;
    if (const json::value* kc = Present(req, "KeyConditions")) {
      if (auto ok = CheckKeyConditionCount(*kc); !ok) return ok;
    }
  } else {
    if (auto ok = check_names(); !ok) return ok;
    if (!spec.filter.empty()) {
      if (auto ok = CheckConditions(req, spec.filter); !ok) return ok;
    }
  }
  return CheckSelect(spec, req);
}

// BatchGetItem: each table's KeysAndAttributes may carry AttributesToGet.
Result<void> PrepareBatchGet(json::object& req) {
  json::value* items = req.if_contains("RequestItems");
  if (items == nullptr || !items->is_object()) return {};  // the operation reports it
  for (auto& [table, spec] : items->get_object()) {
    if (!spec.is_object()) continue;
    json::object& o = spec.get_object();
    for (std::string_view p : kLegacyParameters) {
      if (p != "AttributesToGet" && o.contains(p)) o.erase(p);
    }
    const json::value* names = Present(o, "AttributesToGet");
    if (names == nullptr) continue;
    std::string member = "requestItems." + std::string(table) + ".member.attributesToGet";
    if (auto ok = AttributeNames(*names, member, false); !ok) return Fail(ok.error());
    if (Present(o, "ProjectionExpression")) {
      return Fail(ValidationError(
          "Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {AttributesToGet} Expression parameters: "
          "{ProjectionExpression}"));
    }
    if (auto ok = AttributeNames(*names, member, true); !ok) return Fail(ok.error());
  }
  return {};
}

}  // namespace

Result<void> PrepareLegacyParameters(std::string_view operation, json::object& req) {
  if (operation == "BatchGetItem") return PrepareBatchGet(req);
  auto spec = std::find_if(Specs().begin(), Specs().end(),
                           [&](const LegacySpec& s) { return s.operation == operation; });
  if (spec == Specs().end()) return {};
  bool any = false;
  for (std::string_view p : kLegacyParameters) {
    const json::value* v = req.if_contains(p);
    if (v == nullptr) continue;
    bool takes = std::find(spec->legacy.begin(), spec->legacy.end(), p) != spec->legacy.end();
    if (!takes || v->is_null()) {
      req.erase(p);
    } else {
      any = true;
    }
  }
  if (!any) return {};
  // A bad table name is reported before anything about the legacy parameters.
  auto table = RequiredString(req, "TableName", "tableName");
  if (!table) return Fail(table.error());
  if (auto ok = ValidateTableName(*table); !ok) return ok;
  if (auto ok = CheckShapes(req); !ok) return ok;
  if (auto ok = CheckNotMixed(*spec, req); !ok) return ok;
  if (auto ok = CheckConditionalOperator(*spec, req); !ok) return ok;
  return CheckDetails(*spec, req);
}

Result<void> AddLegacyExpressions(const Request& req, std::string_view condition_field,
                                  bool with_key_condition, ParsedExpressions& out) {
  if (with_key_condition && !Present(req, "KeyConditionExpression")) {
    if (const json::value* kc = Present(req, "KeyConditions")) {
      auto terms = ParseLegacyConditions(*kc, "KeyConditions");
      if (!terms) return Fail(terms.error());
      if (auto ok = CheckKeyConditionCount(*kc); !ok) return ok;
      out.key_condition = LegacyCondition(*terms, false);
    }
  }
  std::string_view filter = condition_field == "ConditionExpression" ? "Expected"
                            : with_key_condition                     ? "QueryFilter"
                                                                     : "ScanFilter";
  if (const json::value* map = Present(req, filter)) {
    auto terms = ParseLegacyConditions(*map, filter);
    if (!terms) return Fail(terms.error());
    const json::value* op = Present(req, "ConditionalOperator");
    bool any = op != nullptr && op->is_string() && op->get_string() == "OR";
    // An empty map is a condition that always holds.
    if (!terms->empty()) out.condition = LegacyCondition(*terms, any);
  }
  if (const json::value* names = Present(req, "AttributesToGet")) {
    auto list = AttributeNames(*names, "attributesToGet", true);
    if (!list) return Fail(list.error());
    std::vector<Path> paths;
    for (std::string& n : *list) paths.push_back({PathElement{std::move(n)}});
    out.projection = std::move(paths);
  }
  if (const json::value* updates = Present(req, "AttributeUpdates")) {
    auto actions = AttributeUpdates(*updates, false);
    if (!actions) return Fail(actions.error());
    out.update = UpdateExpression{std::move(*actions)};
  }
  return {};
}

Result<void> CheckLegacyQueryKeys(const KeySpace& space, const Request& req) {
  const json::value* kc = Present(req, "KeyConditions");
  if (kc != nullptr && !Present(req, "KeyConditionExpression")) {
    auto terms = ParseLegacyConditions(*kc, "KeyConditions");
    if (!terms) return Fail(terms.error());
    if (!space.range && terms->size() > 1) {
      return Fail(ValidationError("Query key condition not supported"));
    }
    const KeyAttribute* keys[2] = {&space.hash, space.range ? &*space.range : nullptr};
    for (int i = 0; i < 2 && keys[i] != nullptr; ++i) {
      bool is_hash = i == 0;
      auto term = std::find_if(terms->begin(), terms->end(),
                               [&](const LegacyTerm& t) { return t.attribute == keys[i]->name; });
      if (term == terms->end()) {
        if (is_hash || terms->size() > 1) {
          return Fail(
              ValidationError("Query condition missed key schema element: " + keys[i]->name));
        }
        continue;
      }
      static constexpr std::string_view kUnindexable[] = {"NULL",     "NOT_NULL",     "NE",
                                                          "CONTAINS", "NOT_CONTAINS", "IN"};
      if (std::find(std::begin(kUnindexable), std::end(kUnindexable), term->op) !=
          std::end(kUnindexable)) {
        return Fail(
            ValidationError("Attempted conditional constraint is not an indexable operation"));
      }
      for (const AttributeValue& v : term->values) {
        if (v.type != keys[i]->type) {
          return Fail(Invalid("Condition parameter type does not match schema type"));
        }
      }
      if (is_hash && term->op != "EQ") {
        return Fail(ValidationError("Query key condition not supported"));
      }
    }
  }
  if (const json::value* filter = Present(req, "QueryFilter")) {
    for (const auto& [name, entry] : filter->get_object()) {
      if (name == space.hash.name || (space.range && name == space.range->name)) {
        return Fail(ValidationError(
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: " +
            std::string(name)));
      }
    }
  }
  return {};
}

}  // namespace nimbus::dynamodb

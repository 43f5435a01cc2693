#include "dynamodb/legacy_conditions.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <optional>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

// The operators in the order DynamoDB lists them in its enum constraint message.
constexpr std::array<std::string_view, 13> kOperators = {
    "IN",       "NULL", "BETWEEN", "LT",          "NOT_CONTAINS", "EQ",      "GT",
    "NOT_NULL", "NE",   "LE",      "BEGINS_WITH", "GE",           "CONTAINS"};

ApiError Invalid(const std::string& detail) {
  return ValidationError("One or more parameter values were invalid: " + detail);
}

std::string LowerFirst(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// A member that is absent or JSON null is not there, as for any optional AWS member.
const json::value* Present(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  return v == nullptr || v->is_null() ? nullptr : v;
}

Result<const json::object*> MapOf(const json::value& v, std::string_view member) {
  if (!v.is_object()) {
    return Fail(SerializationError("Unexpected value type in payload for " + std::string(member)));
  }
  return &v.get_object();
}

// How many values each operator takes: exactly `min` unless `max` says more may come.
struct Arity {
  std::size_t min;
  std::size_t max;
};

Arity ArityOf(std::string_view op) {
  if (op == "NULL" || op == "NOT_NULL") return {0, 0};
  if (op == "IN") return {1, SIZE_MAX};
  if (op == "BETWEEN") return {2, 2};
  return {1, 1};
}

// The value types each operator accepts in its AttributeValueList.
bool TypeAllowed(std::string_view op, AttrType t) {
  bool scalar = t == AttrType::kS || t == AttrType::kN || t == AttrType::kB;
  if (op == "EQ" || op == "NE") return true;
  if (op == "BEGINS_WITH") return t == AttrType::kS || t == AttrType::kB;
  if (op == "CONTAINS" || op == "NOT_CONTAINS") {
    return scalar || t == AttrType::kBool || t == AttrType::kNull;
  }
  return scalar;  // LE LT GE GT IN BETWEEN
}

Result<std::vector<AttributeValue>> ValueList(const json::value& list, std::string_view member) {
  if (!list.is_array()) {
    return Fail(SerializationError("Unexpected value type in payload for " + std::string(member)));
  }
  std::vector<AttributeValue> values;
  for (const auto& v : list.get_array()) {
    auto value = AttributeFromJson(v);
    if (!value) return Fail(value.error());
    values.push_back(std::move(*value));
  }
  return values;
}

// Number, types and order of an operator's values, in the order DynamoDB checks them.
Result<void> CheckValues(const LegacyTerm& term) {
  Arity arity = ArityOf(term.op);
  if (term.values.size() < arity.min || term.values.size() > arity.max) {
    return Fail(
        Invalid("Invalid number of argument(s) for the " + term.op + " ComparisonOperator"));
  }
  for (const AttributeValue& v : term.values) {
    if (v.type != term.values.front().type) {
      return Fail(Invalid("AttributeValues inside AttributeValueList must be of same type"));
    }
  }
  for (const AttributeValue& v : term.values) {
    if (!TypeAllowed(term.op, v.type)) {
      return Fail(Invalid("ComparisonOperator " + term.op + " is not valid for " +
                          std::string(TypeName(v.type)) + " AttributeValue type"));
    }
  }
  if (term.op == "BETWEEN") {
    auto order = CompareScalars(term.values[0], term.values[1]);
    if (order && *order > 0) {
      return Fail(ValidationError(
          "The BETWEEN condition was provided a range where the lower bound is greater than the "
          "upper bound"));
    }
  }
  return {};
}

// An Expected entry: {ComparisonOperator, AttributeValueList | Value} or {Exists, Value}.
Result<LegacyTerm> ExpectedTerm(const std::string& name, const json::object& entry) {
  const json::value* op = Present(entry, "ComparisonOperator");
  const json::value* list = Present(entry, "AttributeValueList");
  const json::value* value = Present(entry, "Value");
  const json::value* exists = Present(entry, "Exists");
  LegacyTerm term{name, "", {}};
  if (list && value) {
    return Fail(
        Invalid("Value and AttributeValueList cannot be used together for Attribute: " + name));
  }
  if (op) {
    term.op = std::string(op->get_string());
    if (exists) {
      return Fail(
          Invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + name));
    }
    if (!list && !value && term.op != "NULL" && term.op != "NOT_NULL") {
      return Fail(Invalid("Value or AttributeValueList must be used with ComparisonOperator: " +
                          term.op + " for Attribute: " + name));
    }
    if (list) {
      auto values = ValueList(*list, "AttributeValueList");
      if (!values) return Fail(values.error());
      term.values = std::move(*values);
    } else if (value) {
      auto v = AttributeFromJson(*value);
      if (!v) return Fail(v.error());
      term.values.push_back(std::move(*v));
    }
    if (auto ok = CheckValues(term); !ok) return Fail(ok.error());
    return term;
  }
  if (list) {
    return Fail(
        Invalid("AttributeValueList can only be used with a ComparisonOperator for "
                "Attribute: " +
                name));
  }
  if (exists && !exists->is_bool()) {
    return Fail(SerializationError("Unexpected value type in payload for Exists"));
  }
  bool must_exist = exists == nullptr || exists->get_bool();
  if (must_exist && !value) {
    return Fail(Invalid("Value must be provided when Exists is " +
                        std::string(exists ? "true" : "null") + " for Attribute: " + name));
  }
  if (!must_exist && value) {
    return Fail(Invalid("Value cannot be used when Exists is false for Attribute: " + name));
  }
  if (!must_exist) {
    term.op = "NULL";
    return term;
  }
  auto v = AttributeFromJson(*value);
  if (!v) return Fail(v.error());
  term.op = "EQ";
  term.values.push_back(std::move(*v));
  return term;
}

// A QueryFilter / ScanFilter / KeyConditions entry: {ComparisonOperator, AttributeValueList}.
Result<LegacyTerm> FilterTerm(const std::string& name, const json::object& entry) {
  LegacyTerm term{name, std::string(entry.at("ComparisonOperator").get_string()), {}};
  if (const json::value* list = Present(entry, "AttributeValueList")) {
    auto values = ValueList(*list, "AttributeValueList");
    if (!values) return Fail(values.error());
    term.values = std::move(*values);
  }
  if (auto ok = CheckValues(term); !ok) return Fail(ok.error());
  return term;
}

Operand PathOperand(const std::string& name) {
  Operand o;
  o.kind = Operand::Kind::kPath;
  o.path = {PathElement{name}};
  return o;
}

Operand ValueOperand(const AttributeValue& v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = v;
  return o;
}

Condition Function(std::string name, std::vector<Operand> operands) {
  Condition c;
  c.kind = Condition::Kind::kFunction;
  c.function = std::move(name);
  c.operands = std::move(operands);
  return c;
}

Condition Join(Condition::Kind kind, std::vector<Condition> children) {
  Condition c;
  c.kind = kind;
  c.children = std::move(children);
  return c;
}

// One term as the expression that means the same.
Condition TermCondition(const LegacyTerm& t) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> kCompare = {{
      {"EQ", "="},
      {"NE", "<>"},
      {"LE", "<="},
      {"LT", "<"},
      {"GE", ">="},
      {"GT", ">"},
  }};
  Operand subject = PathOperand(t.attribute);
  for (const auto& [name, symbol] : kCompare) {
    if (t.op == name) {
      Condition c;
      c.kind = Condition::Kind::kCompare;
      c.op = std::string(symbol);
      c.operands = {subject, ValueOperand(t.values[0])};
      return c;
    }
  }
  if (t.op == "NOT_NULL") return Function("attribute_exists", {subject});
  if (t.op == "NULL") return Function("attribute_not_exists", {subject});
  if (t.op == "CONTAINS") return Function("contains", {subject, ValueOperand(t.values[0])});
  if (t.op == "BEGINS_WITH") return Function("begins_with", {subject, ValueOperand(t.values[0])});
  if (t.op == "NOT_CONTAINS") {
    // Unlike NOT contains(), NOT_CONTAINS is false for a missing attribute.
    return Join(Condition::Kind::kAnd,
                {Function("attribute_exists", {subject}),
                 Join(Condition::Kind::kNot,
                      {Function("contains", {subject, ValueOperand(t.values[0])})})});
  }
  Condition c;
  c.kind = t.op == "IN" ? Condition::Kind::kIn : Condition::Kind::kBetween;
  c.operands.push_back(subject);
  for (const AttributeValue& v : t.values) c.operands.push_back(ValueOperand(v));
  return c;
}

}  // namespace

Result<void> CheckLegacyConditionShape(const json::value& map, std::string_view member) {
  auto entries = MapOf(map, member);
  if (!entries) return Fail(entries.error());
  bool expected = member == "Expected";
  for (const auto& [name, entry] : **entries) {
    auto fields = MapOf(entry, "Condition");
    if (!fields) return Fail(fields.error());
    std::string where = LowerFirst(member) + "." + std::string(name) + ".member.comparisonOperator";
    const json::value* op = Present(**fields, "ComparisonOperator");
    if (op == nullptr) {
      if (expected) continue;  // the Exists/Value form
      return Fail(MemberError("null", where, "Member must not be null"));
    }
    if (!op->is_string()) {
      return Fail(SerializationError("Unexpected value type in payload for ComparisonOperator"));
    }
    if (std::find(kOperators.begin(), kOperators.end(), op->get_string()) == kOperators.end()) {
      return Fail(
          MemberError("'" + std::string(op->get_string()) + "'", where,
                      "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, "
                      "NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"));
    }
  }
  return {};
}

Result<std::vector<LegacyTerm>> ParseLegacyConditions(const json::value& map,
                                                      std::string_view member) {
  if (auto ok = CheckLegacyConditionShape(map, member); !ok) return Fail(ok.error());
  std::vector<LegacyTerm> terms;
  for (const auto& [name, entry] : map.get_object()) {
    auto term = member == "Expected" ? ExpectedTerm(std::string(name), entry.get_object())
                                     : FilterTerm(std::string(name), entry.get_object());
    if (!term) return Fail(term.error());
    terms.push_back(std::move(*term));
  }
  return terms;
}

Condition LegacyCondition(const std::vector<LegacyTerm>& terms, bool any) {
  Condition out = TermCondition(terms.front());
  for (std::size_t i = 1; i < terms.size(); ++i) {
    out = Join(any ? Condition::Kind::kOr : Condition::Kind::kAnd,
               {std::move(out), TermCondition(terms[i])});
  }
  return out;
}

}  // namespace nimbus::dynamodb

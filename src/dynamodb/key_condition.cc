#include "dynamodb/key_condition.h"

#include <boost/json/serialize.hpp>
#include <optional>
#include <vector>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/key_codec.h"

namespace nimbus::dynamodb {
namespace {

struct KeyTerm {
  std::string attribute;
  std::string op;  // = < <= > >= BETWEEN begins_with
  AttributeValue low;
  AttributeValue high;  // BETWEEN only
};

ApiError KeyConditionError(std::string detail) {
  return ValidationError("Invalid KeyConditionExpression: " + std::move(detail));
}

ApiError NotSupported() { return ValidationError("Query key condition not supported"); }

bool IsAttribute(const Operand& o) {
  return o.kind == Operand::Kind::kPath && o.path.size() == 1 && !o.path[0].IsIndex();
}

std::string Flip(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

Result<void> Collect(const Condition& c, std::vector<KeyTerm>& terms) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const auto& child : c.children) {
        if (auto ok = Collect(child, terms); !ok) return ok;
      }
      return {};
    case Condition::Kind::kOr:
      return Fail(KeyConditionError("Invalid operator used in KeyConditionExpression: OR"));
    case Condition::Kind::kNot:
      return Fail(KeyConditionError("Invalid operator used in KeyConditionExpression: NOT"));
    case Condition::Kind::kIn:
      return Fail(KeyConditionError("Invalid operator used in KeyConditionExpression: IN"));
    case Condition::Kind::kCompare: {
      const Operand& a = c.operands[0];
      const Operand& b = c.operands[1];
      if (c.op == "<>") {
        return Fail(
            KeyConditionError("Unsupported operator on KeyConditionExpression: operator: <>"));
      }
      if (IsAttribute(a) && b.kind == Operand::Kind::kValue) {
        terms.push_back({a.path[0].name, c.op, b.value, {}});
      } else if (IsAttribute(b) && a.kind == Operand::Kind::kValue) {
        terms.push_back({b.path[0].name, Flip(c.op), a.value, {}});
      } else {
        return Fail(NotSupported());
      }
      return {};
    }
    case Condition::Kind::kBetween:
      if (!IsAttribute(c.operands[0]) || c.operands[1].kind != Operand::Kind::kValue ||
          c.operands[2].kind != Operand::Kind::kValue) {
        return Fail(NotSupported());
      }
      terms.push_back(
          {c.operands[0].path[0].name, "BETWEEN", c.operands[1].value, c.operands[2].value});
      return {};
    case Condition::Kind::kFunction:
      if (c.function != "begins_with") {
        return Fail(
            KeyConditionError("Invalid operator used in KeyConditionExpression: " + c.function));
      }
      if (!IsAttribute(c.operands[0]) || c.operands[1].kind != Operand::Kind::kValue) {
        return Fail(NotSupported());
      }
      terms.push_back({c.operands[0].path[0].name, "begins_with", c.operands[1].value, {}});
      return {};
  }
  return Fail(NotSupported());
}

void NamesIn(const Condition& c, std::vector<std::string>& out);

void NamesIn(const Operand& o, std::vector<std::string>& out) {
  if (o.kind == Operand::Kind::kPath && !o.path.empty()) out.push_back(o.path[0].name);
  for (const auto& a : o.args) NamesIn(a, out);
}

void NamesIn(const Condition& c, std::vector<std::string>& out) {
  for (const auto& o : c.operands) NamesIn(o, out);
  for (const auto& child : c.children) NamesIn(child, out);
}

}  // namespace

Result<KeyInterval> PlanKeyCondition(const KeySpace& table, const Condition& condition) {
  std::vector<KeyTerm> terms;
  if (auto ok = Collect(condition, terms); !ok) return Fail(ok.error());
  if (terms.size() > 2) return Fail(KeyConditionError("Conditions can be of length 1 or 2 only"));
  const KeyTerm* hash = nullptr;
  const KeyTerm* range = nullptr;
  for (const KeyTerm& t : terms) {
    const KeyTerm** slot = nullptr;
    if (t.attribute == table.hash.name) {
      slot = &hash;
    } else if (table.range && t.attribute == table.range->name) {
      slot = &range;
    } else {
      return Fail(NotSupported());
    }
    if (*slot != nullptr) {
      return Fail(
          ValidationError("KeyConditionExpressions must only contain one condition per key"));
    }
    *slot = &t;
  }
  if (hash == nullptr) {
    return Fail(ValidationError("Query condition missed key schema element: " + table.hash.name));
  }
  if (hash->op != "=") return Fail(NotSupported());
  if (hash->low.type != table.hash.type ||
      (range != nullptr && (range->low.type != table.range->type ||
                            (range->op == "BETWEEN" && range->high.type != table.range->type)))) {
    return Fail(ValidationError(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type"));
  }
  std::string partition = table.prefix + EncodePartition(hash->low);
  KeyInterval out{partition, PrefixSuccessor(partition)};
  if (range == nullptr) return out;
  std::string low = partition + EncodeKeyPart(range->low);
  const std::string& op = range->op;
  // Index entries continue after the range part (with the table key), so "past every key
  // with range value V" is the successor of the prefix, not just the next key.
  if (op == "=") {
    out = {low, PrefixSuccessor(low)};
  } else if (op == "<") {
    out.to = low;
  } else if (op == "<=") {
    out.to = PrefixSuccessor(low);
  } else if (op == ">") {
    out.from = PrefixSuccessor(low);
  } else if (op == ">=") {
    out.from = low;
  } else if (op == "BETWEEN") {
    auto order = CompareScalars(range->low, range->high);
    if (order && *order > 0) {
      return Fail(KeyConditionError(
          "The BETWEEN operator requires upper bound to be greater than or equal to lower "
          "bound; lower bound operand: AttributeValue: " +
          boost::json::serialize(AttributeToJson(range->low)) +
          ", upper bound operand: AttributeValue: " +
          boost::json::serialize(AttributeToJson(range->high))));
    }
    out = {low, PrefixSuccessor(partition + EncodeKeyPart(range->high))};
  } else {  // begins_with
    if (range->low.type == AttrType::kN) {
      return Fail(KeyConditionError(
          "Incorrect operand type for operator or function; operator or function: "
          "begins_with, operand type: N"));
    }
    std::string prefix = partition + EncodeKeyPartPrefix(range->low);
    out = {prefix, PrefixSuccessor(prefix)};
  }
  return out;
}

Result<void> CheckFilterAvoidsKeys(const KeySpace& table, const Condition& filter) {
  std::vector<std::string> names;
  NamesIn(filter, names);
  for (const auto& n : names) {
    if (n == table.hash.name || (table.range && n == table.range->name)) {
      return Fail(ValidationError(
          "Filter Expression can only contain non-primary key attributes: Primary key "
          "attribute: " +
          n));
    }
  }
  return {};
}

}  // namespace nimbus::dynamodb

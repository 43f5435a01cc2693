#include "dynamodb/expression_eval.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <utility>

#include "dynamodb/attribute_json.h"
#include "dynamodb/number.h"

namespace nimbus::dynamodb {
namespace {

ApiError ConditionError(std::string detail) {
  return ValidationError("Invalid ConditionExpression: " + std::move(detail));
}

// Operand value in a condition; nullopt when it refers to something missing.
std::optional<AttributeValue> Value(const Operand& op, const Item& item) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = ResolvePath(item, op.path);
      return v ? std::optional(*v) : std::nullopt;
    }
    case Operand::Kind::kFunction: {
      // Only size() reaches here: the parser admits no other function as a condition operand.
      const AttributeValue* v = ResolvePath(item, op.args[0].path);
      if (v == nullptr) return std::nullopt;
      std::size_t n;
      switch (v->type) {
        case AttrType::kS:
        case AttrType::kB:
          n = v->scalar.size();
          break;
        case AttrType::kSS:
        case AttrType::kNS:
        case AttrType::kBS:
          n = v->set.size();
          break;
        case AttrType::kL:
          n = v->list.size();
          break;
        case AttrType::kM:
          n = v->map.size();
          break;
        default:
          return std::nullopt;
      }
      return AttributeValue::NumberText(std::to_string(n));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      break;
  }
  return std::nullopt;
}

bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type) {
    case AttrType::kS:
      return needle.type == AttrType::kS &&
             haystack.scalar.find(needle.scalar) != std::string::npos;
    case AttrType::kB:
      return needle.type == AttrType::kB &&
             haystack.scalar.find(needle.scalar) != std::string::npos;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: {
      AttrType element = haystack.type == AttrType::kSS   ? AttrType::kS
                         : haystack.type == AttrType::kNS ? AttrType::kN
                                                          : AttrType::kB;
      return needle.type == element &&
             std::binary_search(haystack.set.begin(), haystack.set.end(), needle.scalar);
    }
    case AttrType::kL:
      return std::find(haystack.list.begin(), haystack.list.end(), needle) != haystack.list.end();
    default:
      return false;
  }
}

Result<bool> EvaluateFunction(const Condition& c, const Item& item) {
  const AttributeValue* subject = ResolvePath(item, c.operands[0].path);
  if (c.function == "attribute_exists") return subject != nullptr;
  if (c.function == "attribute_not_exists") return subject == nullptr;
  auto arg = Value(c.operands[1], item);
  if (c.function == "attribute_type") {
    AttrType wanted;
    if (!arg || arg->type != AttrType::kS || !ParseTypeName(arg->scalar, wanted)) {
      return Fail(ConditionError(
          "Invalid attribute type name found; type: " + (arg ? arg->scalar : std::string()) +
          ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }"));
    }
    return subject != nullptr && subject->type == wanted;
  }
  if (subject == nullptr || !arg) return false;
  if (c.function == "begins_with") {
    if (subject->type != arg->type ||
        (subject->type != AttrType::kS && subject->type != AttrType::kB)) {
      return false;
    }
    return subject->scalar.starts_with(arg->scalar);
  }
  return Contains(*subject, *arg);  // contains
}

bool CompareWith(const std::string& op, const std::optional<AttributeValue>& a,
                 const std::optional<AttributeValue>& b) {
  if (op == "=") return a && b && *a == *b;
  if (op == "<>") return !a || !b || !(*a == *b);
  if (!a || !b) return false;
  auto order = CompareScalars(*a, *b);
  if (!order) return false;
  if (op == "<") return *order < 0;
  if (op == "<=") return *order <= 0;
  if (op == ">") return *order > 0;
  return *order >= 0;
}

void ProjectInto(AttributeValue& out, const AttributeValue& src, const Path& path, std::size_t i);

// Merges src's sub-path path[i..] into `out` (a value of src's shape being built).
void ProjectStep(AttributeValue& out, const AttributeValue& src, const Path& path, std::size_t i) {
  const PathElement& e = path[i];
  const AttributeValue* child = PathStep(src, e);
  if (child == nullptr) return;
  if (e.IsIndex()) {
    // Remember source indexes in `scalar` slots while building, so ordering is by index.
    out.type = AttrType::kL;
    std::string tag = std::to_string(e.index);
    auto it = std::find_if(out.set.begin(), out.set.end(), [&](auto& s) { return s == tag; });
    std::size_t slot = static_cast<std::size_t>(it - out.set.begin());
    if (it == out.set.end()) {
      out.set.push_back(tag);
      out.list.emplace_back();
      out.list.back().type = child->type;
    }
    ProjectInto(out.list[slot], *child, path, i + 1);
    return;
  }
  out.type = AttrType::kM;
  auto [it, inserted] = out.map.try_emplace(e.name);
  if (inserted) it->second.type = child->type;
  ProjectInto(it->second, *child, path, i + 1);
}

void ProjectInto(AttributeValue& out, const AttributeValue& src, const Path& path, std::size_t i) {
  if (i == path.size()) {
    out = src;
    return;
  }
  ProjectStep(out, src, path, i);
}

// Lists built by ProjectStep carry their source indexes in `set`; order by them and drop.
void FinishLists(AttributeValue& v) {
  if (v.type == AttrType::kL && !v.set.empty() && v.set.size() == v.list.size()) {
    std::vector<std::pair<int, AttributeValue>> slots;
    for (std::size_t k = 0; k < v.list.size(); ++k) {
      slots.emplace_back(std::stoi(v.set[k]), std::move(v.list[k]));
    }
    std::sort(slots.begin(), slots.end(), [](auto& a, auto& b) { return a.first < b.first; });
    v.list.clear();
    v.set.clear();
    for (auto& [idx, e] : slots) v.list.push_back(std::move(e));
  }
  for (auto& e : v.list) FinishLists(e);
  for (auto& [k, e] : v.map) FinishLists(e);
}

}  // namespace

const AttributeValue* PathStep(const AttributeValue& v, const PathElement& e) {
  if (e.IsIndex()) {
    if (v.type != AttrType::kL || static_cast<std::size_t>(e.index) >= v.list.size()) {
      return nullptr;
    }
    return &v.list[e.index];
  }
  if (v.type != AttrType::kM) return nullptr;
  auto it = v.map.find(e.name);
  return it == v.map.end() ? nullptr : &it->second;
}

AttributeValue* PathStep(AttributeValue& v, const PathElement& e) {
  return const_cast<AttributeValue*>(PathStep(std::as_const(v), e));
}

const AttributeValue* ResolvePath(const Item& item, const Path& path) {
  if (path.empty() || path[0].IsIndex()) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (std::size_t i = 1; i < path.size() && v != nullptr; ++i) v = PathStep(*v, path[i]);
  return v;
}

std::optional<std::strong_ordering> CompareScalars(const AttributeValue& a,
                                                   const AttributeValue& b) {
  if (a.type != b.type) return std::nullopt;
  if (a.type == AttrType::kN) {
    auto x = ParseNumber(a.scalar), y = ParseNumber(b.scalar);
    if (!x || !y) return std::nullopt;
    return CompareNumbers(*x, *y);
  }
  if (a.type == AttrType::kS || a.type == AttrType::kB) {
    // Bytewise on unsigned bytes, which is UTF-8 code point order for S.
    int c = std::string_view(a.scalar).compare(b.scalar);
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
  }
  return std::nullopt;
}

Result<bool> EvaluateCondition(const Condition& c, const Item& item) {
  switch (c.kind) {
    case Condition::Kind::kAnd: {
      auto a = EvaluateCondition(c.children[0], item);
      if (!a || !*a) return a;
      return EvaluateCondition(c.children[1], item);
    }
    case Condition::Kind::kOr: {
      auto a = EvaluateCondition(c.children[0], item);
      if (!a || *a) return a;
      return EvaluateCondition(c.children[1], item);
    }
    case Condition::Kind::kNot: {
      auto a = EvaluateCondition(c.children[0], item);
      if (!a) return a;
      return !*a;
    }
    case Condition::Kind::kFunction:
      return EvaluateFunction(c, item);
    case Condition::Kind::kCompare:
      return CompareWith(c.op, Value(c.operands[0], item), Value(c.operands[1], item));
    case Condition::Kind::kBetween: {
      auto v = Value(c.operands[0], item);
      auto lo = Value(c.operands[1], item);
      auto hi = Value(c.operands[2], item);
      if (lo && hi) {
        auto order = CompareScalars(*lo, *hi);
        if (order && *order > 0) {
          return Fail(ConditionError(
              "The BETWEEN operator requires upper bound to be greater than or equal to lower "
              "bound; lower bound operand: AttributeValue: " +
              boost::json::serialize(AttributeToJson(*lo)) +
              ", upper bound operand: AttributeValue: " +
              boost::json::serialize(AttributeToJson(*hi))));
        }
      }
      return CompareWith(">=", v, lo) && CompareWith("<=", v, hi);
    }
    case Condition::Kind::kIn: {
      auto v = Value(c.operands[0], item);
      if (!v) return false;
      for (std::size_t i = 1; i < c.operands.size(); ++i) {
        if (CompareWith("=", v, Value(c.operands[i], item))) return true;
      }
      return false;
    }
  }
  return false;
}

Item Project(const Item& item, const std::vector<Path>& paths) {
  AttributeValue root = AttributeValue::Map({});
  AttributeValue source = AttributeValue::Map(item);
  for (const Path& path : paths) {
    // A path that leads nowhere adds nothing, not even the containers on its way.
    if (ResolvePath(item, path) != nullptr) ProjectStep(root, source, path, 0);
  }
  FinishLists(root);
  return std::move(root.map);
}

}  // namespace nimbus::dynamodb

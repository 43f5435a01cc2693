#include "dynamodb/update_eval.h"

#include <algorithm>

#include "dynamodb/expression_eval.h"
#include "dynamodb/limits.h"
#include "dynamodb/number.h"

namespace nimbus::dynamodb {
namespace {

ApiError UpdateError(std::string detail) {
  return ValidationError("Invalid UpdateExpression: " + std::move(detail));
}

// A literal (:value) operand of the wrong type is refused before the item is read.
ApiError WrongLiteralType(std::string_view function, AttrType type) {
  return UpdateError("Incorrect operand type for operator or function; operator or function: " +
                     std::string(function) + ", operand type: " + std::string(TypeName(type)));
}

// ADD and DELETE name the type in words.
ApiError WrongClauseType(std::string_view clause, AttrType type) {
  static constexpr std::string_view kWords[] = {"",           "STRING",     "NUMBER",     "BINARY",
                                                "STRING_SET", "NUMBER_SET", "BINARY_SET", "MAP",
                                                "LIST",       "NULL",       "BOOLEAN"};
  return UpdateError(
      "Incorrect operand type for operator or function; operator: " + std::string(clause) +
      ", operand type: " + std::string(kWords[static_cast<int>(type)]));
}

// A value read from the item has the wrong type for the operation.
ApiError WrongType() {
  return ValidationError("An operand in the update expression has an incorrect data type");
}

ApiError LegacyTypeMismatch() { return ValidationError("Type mismatch for attribute to update"); }

ApiError InvalidPath() {
  return ValidationError(
      "The document path provided in the update expression is invalid for update");
}

Result<AttributeValue> Evaluate(const Operand& op, const Item& old) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = ResolvePath(old, op.path);
      if (v == nullptr) {
        return Fail(ValidationError(
            "The provided expression refers to an attribute that does not exist in the item"));
      }
      return *v;
    }
    case Operand::Kind::kFunction: {
      if (op.function == "if_not_exists") {
        if (const AttributeValue* v = ResolvePath(old, op.args[0].path)) return *v;
        return Evaluate(op.args[1], old);
      }
      auto a = Evaluate(op.args[0], old);  // list_append
      if (!a) return a;
      auto b = Evaluate(op.args[1], old);
      if (!b) return b;
      if (a->type != AttrType::kL || b->type != AttrType::kL) return Fail(WrongType());
      a->list.insert(a->list.end(), b->list.begin(), b->list.end());
      return a;
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      auto a = Evaluate(op.args[0], old);
      if (!a) return a;
      auto b = Evaluate(op.args[1], old);
      if (!b) return b;
      if (a->type != AttrType::kN || b->type != AttrType::kN) return Fail(WrongType());
      auto x = ParseNumber(a->scalar), y = ParseNumber(b->scalar);
      if (!x || !y) return Fail(WrongType());
      auto r = op.kind == Operand::Kind::kPlus ? AddNumbers(*x, *y) : SubtractNumbers(*x, *y);
      if (!r) return Fail(r.error());
      return AttributeValue::NumberText(FormatNumber(*r));
    }
  }
  return Fail(InvalidPath());
}

// The container holding the path's last step, or null if an intermediate step is missing.
AttributeValue* Parent(AttributeValue& root, const Path& path) {
  AttributeValue* v = &root;
  for (std::size_t i = 0; i + 1 < path.size() && v != nullptr; ++i) v = PathStep(*v, path[i]);
  return v;
}

Result<void> Assign(AttributeValue& root, const Path& path, AttributeValue value) {
  AttributeValue* parent = Parent(root, path);
  const PathElement& last = path.back();
  if (parent == nullptr) return Fail(InvalidPath());
  if (last.IsIndex()) {
    if (parent->type != AttrType::kL) return Fail(InvalidPath());
    // DynamoDB appends when the index is past the end of the list.
    if (static_cast<std::size_t>(last.index) >= parent->list.size()) {
      parent->list.push_back(std::move(value));
    } else {
      parent->list[last.index] = std::move(value);
    }
    return {};
  }
  if (parent->type != AttrType::kM) return Fail(InvalidPath());
  parent->map[last.name] = std::move(value);
  return {};
}

void Remove(AttributeValue& root, const Path& path) {
  AttributeValue* parent = Parent(root, path);
  if (parent == nullptr) return;
  const PathElement& last = path.back();
  if (last.IsIndex()) {
    if (parent->type == AttrType::kL &&
        static_cast<std::size_t>(last.index) < parent->list.size()) {
      parent->list.erase(parent->list.begin() + last.index);
    }
  } else if (parent->type == AttrType::kM) {
    parent->map.erase(last.name);
  }
}

Result<void> Add(AttributeValue& root, const Item& old, const UpdateAction& a) {
  const AttributeValue& delta = a.value.value;
  bool appends = a.legacy && delta.type == AttrType::kL;
  if (delta.type != AttrType::kN && !delta.IsSet() && !appends) {
    return Fail(WrongClauseType("ADD", delta.type));
  }
  const AttributeValue* current = ResolvePath(old, a.path);
  if (current == nullptr) return Assign(root, a.path, delta);
  if (current->type != delta.type) return Fail(a.legacy ? LegacyTypeMismatch() : WrongType());
  AttributeValue sum = *current;
  if (appends) {
    sum.list.insert(sum.list.end(), delta.list.begin(), delta.list.end());
  } else if (delta.type == AttrType::kN) {
    auto r = AddNumbers(*ParseNumber(current->scalar), *ParseNumber(delta.scalar));
    if (!r) return Fail(r.error());
    sum.scalar = FormatNumber(*r);
  } else {
    sum.set.insert(sum.set.end(), delta.set.begin(), delta.set.end());
    NormalizeSet(sum);
  }
  return Assign(root, a.path, std::move(sum));
}

Result<void> Delete(AttributeValue& root, const Item& old, const UpdateAction& a) {
  const AttributeValue& delta = a.value.value;
  if (!delta.IsSet()) return Fail(WrongClauseType("DELETE", delta.type));
  const AttributeValue* current = ResolvePath(old, a.path);
  if (current == nullptr) return {};
  if (current->type != delta.type) return Fail(a.legacy ? LegacyTypeMismatch() : WrongType());
  AttributeValue rest = *current;
  std::erase_if(rest.set, [&](const std::string& s) {
    return std::binary_search(delta.set.begin(), delta.set.end(), s);
  });
  if (rest.set.empty()) {
    Remove(root, a.path);
    return {};
  }
  return Assign(root, a.path, std::move(rest));
}

Result<void> CheckOperand(const Operand& op) {
  auto literal_of = [](const Operand& o) { return o.kind == Operand::Kind::kValue; };
  if (op.kind == Operand::Kind::kPlus || op.kind == Operand::Kind::kMinus) {
    for (const Operand& side : op.args) {
      if (literal_of(side) && side.value.type != AttrType::kN) {
        return Fail(WrongLiteralType(op.kind == Operand::Kind::kPlus ? "+" : "-", side.value.type));
      }
      if (auto ok = CheckOperand(side); !ok) return ok;
    }
  } else if (op.kind == Operand::Kind::kFunction) {
    for (const Operand& arg : op.args) {
      if (op.function == "list_append" && literal_of(arg) && arg.value.type != AttrType::kL) {
        return Fail(WrongLiteralType("list_append", arg.value.type));
      }
      if (auto ok = CheckOperand(arg); !ok) return ok;
    }
  }
  return {};
}

}  // namespace

Result<void> CheckUpdateOperandTypes(const UpdateExpression& update) {
  for (const UpdateAction& a : update.actions) {
    // AttributeUpdates were checked by the legacy layer, whose ADD also appends to lists.
    if (a.legacy) continue;
    const AttributeValue& v = a.value.value;
    if (a.kind == UpdateAction::Kind::kAdd && v.type != AttrType::kN && !v.IsSet()) {
      return Fail(WrongClauseType("ADD", v.type));
    }
    if (a.kind == UpdateAction::Kind::kDelete && !v.IsSet()) {
      return Fail(WrongClauseType("DELETE", v.type));
    }
    if (a.kind == UpdateAction::Kind::kSet) {
      if (auto ok = CheckOperand(a.value); !ok) return ok;
    }
  }
  return {};
}

Result<Item> ApplyUpdate(const UpdateExpression& update, const Item& old_item) {
  if (auto ok = CheckUpdateOperandTypes(update); !ok) return Fail(ok.error());
  AttributeValue root = AttributeValue::Map(old_item);
  std::vector<const Path*> removals;
  for (const UpdateAction& a : update.actions) {
    switch (a.kind) {
      case UpdateAction::Kind::kSet: {
        auto v = Evaluate(a.value, old_item);
        if (!v) return Fail(v.error());
        if (auto ok = Assign(root, a.path, std::move(*v)); !ok) return Fail(ok.error());
        break;
      }
      case UpdateAction::Kind::kRemove:
        removals.push_back(&a.path);
        break;
      case UpdateAction::Kind::kAdd:
        if (auto ok = Add(root, old_item, a); !ok) return Fail(ok.error());
        break;
      case UpdateAction::Kind::kDelete:
        if (auto ok = Delete(root, old_item, a); !ok) return Fail(ok.error());
        break;
    }
  }
  // Indexes in REMOVE name elements of the original list: remove the highest first.
  std::sort(removals.begin(), removals.end(), [](const Path* x, const Path* y) {
    return std::lexicographical_compare(
        y->begin(), y->end(), x->begin(), x->end(), [](const PathElement& a, const PathElement& b) {
          return a.IsIndex() && b.IsIndex() ? a.index < b.index : a.name < b.name;
        });
  });
  for (const Path* p : removals) Remove(root, *p);
  // A SET can copy a deep value into itself; what a PutItem could not store, neither may this.
  for (const auto& [name, value] : root.map) {
    if (NestingDepth(value) > limits::kMaxDocumentPathDepth) {
      return Fail(NestingTooDeep());
    }
  }
  return std::move(root.map);
}

}  // namespace nimbus::dynamodb

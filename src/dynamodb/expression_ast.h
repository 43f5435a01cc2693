// The parsed form of DynamoDB expressions (condition/filter, update, projection). Names
// (#n) and values (:v) are already substituted, so evaluation never sees placeholders.
#pragma once

#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"

namespace nimbus::dynamodb {

// One step of a document path: a map key / top-level name, or a list index.
struct PathElement {
  std::string name;
  int index = -1;  // >= 0 for a list index step
  bool IsIndex() const { return index >= 0; }
  bool operator==(const PathElement&) const = default;
};
using Path = std::vector<PathElement>;

struct Operand {
  enum class Kind { kPath, kValue, kFunction, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                  // kPath
  AttributeValue value;       // kValue
  std::string function;       // kFunction: size, if_not_exists, list_append
  std::vector<Operand> args;  // kFunction arguments; kPlus/kMinus: the two sides
};

struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  std::string op;                   // kCompare: = <> < <= > >=
  std::string function;             // kFunction: attribute_exists, begins_with, ...
  std::vector<Operand> operands;    // compare: 2; between: 3; in: subject then list; function args
  std::vector<Condition> children;  // and/or: 2; not: 1
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // unused for kRemove
  // From the legacy AttributeUpdates parameter: ADD also appends to a list, and a value of
  // the wrong type for the stored attribute fails as "Type mismatch for attribute to update".
  bool legacy = false;
};

struct UpdateExpression {
  std::vector<UpdateAction> actions;
};

}  // namespace nimbus::dynamodb

// Evaluates parsed expressions against an item: condition/filter expressions, document path
// lookups and projections. Pure functions over values; thread-safe.
#pragma once

#include <compare>
#include <optional>
#include <vector>

#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"

namespace nimbus::dynamodb {

// The value at `path`, or null when any step is missing or of the wrong type.
const AttributeValue* ResolvePath(const Item& item, const Path& path);

// One step of a path into `v`: a map member or a list element; null when absent.
const AttributeValue* PathStep(const AttributeValue& v, const PathElement& e);
AttributeValue* PathStep(AttributeValue& v, const PathElement& e);

// Order of two S, N or B values of the same type; nullopt for anything else.
std::optional<std::strong_ordering> CompareScalars(const AttributeValue& a,
                                                   const AttributeValue& b);

// `item` is empty when the item does not exist (so attribute_not_exists holds).
Result<bool> EvaluateCondition(const Condition& condition, const Item& item);

// The item cut down to `paths`, keeping the nesting (a.b -> {a:{M:{b:..}}}); list elements
// selected by index are gathered in index order.
Item Project(const Item& item, const std::vector<Path>& paths);

}  // namespace nimbus::dynamodb

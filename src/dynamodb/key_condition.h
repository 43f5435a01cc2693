// Query's KeyConditionExpression: checked against the table's key schema and turned into the
// storage-key interval [from, to) that holds exactly the matching items, so a Query reads
// only its partition's slice.
#pragma once

#include <string>

#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"
#include "dynamodb/table_catalog.h"

namespace nimbus::dynamodb {

struct KeyInterval {
  std::string from;  // inclusive
  std::string to;    // exclusive
};

// The key space queried: the table's items, or one index's entries.
struct KeySpace {
  std::string prefix;  // every key of the space starts with it
  const KeyAttribute& hash;
  const std::optional<KeyAttribute>& range;
};

Result<KeyInterval> PlanKeyCondition(const KeySpace& space, const Condition& condition);

// FilterExpression may not name the queried key attributes.
Result<void> CheckFilterAvoidsKeys(const KeySpace& space, const Condition& filter);

}  // namespace nimbus::dynamodb

// The read-check-write cycle every single-item write shares (PutItem, UpdateItem,
// DeleteItem): under the table's lifecycle lock and the item's key lock, read the current
// item, evaluate the ConditionExpression on it, compute the new item, and write it (or
// delete it) through the WAL. No concurrent write to the same key can interleave.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

struct WriteOutcome {
  std::optional<Item> old_item;  // the item before the write, if it existed
  std::optional<Item> new_item;  // after; nullopt when the write deleted it
};

// `mutate` maps the old item (nullopt if absent) to the new one (nullopt = delete).
// `return_old_on_failure` implements ReturnValuesOnConditionCheckFailure=ALL_OLD.
Result<WriteOutcome> ConditionalWrite(
    OperationContext& ctx, const Table& table, const std::string& storage_key,
    const std::optional<Condition>& condition, bool return_old_on_failure,
    const std::function<Result<std::optional<Item>>(const std::optional<Item>&)>& mutate);

// Reads one item (nullopt if absent).
Result<std::optional<Item>> ReadItem(OperationContext& ctx, const std::string& storage_key);

// ReturnValuesOnConditionCheckFailure: true for ALL_OLD.
Result<bool> ReturnOldOnConditionFailure(const Request& req);

}  // namespace nimbus::dynamodb

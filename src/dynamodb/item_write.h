// The read-check-write cycle every single-item write shares (PutItem, UpdateItem,
// DeleteItem): under the table's lifecycle lock and the item's key lock, read the current
// item, evaluate the ConditionExpression on it, compute the new item, and write it (or
// delete it) through the WAL. No concurrent write to the same key can interleave.
#pragma once

#include <rocksdb/write_batch.h>

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

// Adds to `batch` every stored change of replacing `old_item` by `new_item` at `storage_key`
// (either may be absent): the item itself, its index entries and the table's and indexes' item
// counters (table_stats.h). Every path that writes items (single writes, transactions, the TTL
// sweeper) goes through here, so whatever must change with an item changes in the same atomic
// batch. `old_item` must be what is stored now (read under the item's key lock).
// REQUIRES: table.lifecycle held (shared suffices) from here until the batch is written.
void AppendItemChange(rocksdb::WriteBatch& batch, const Table& table,
                      const std::string& storage_key, const std::optional<Item>& old_item,
                      const std::optional<Item>& new_item);

// Reads one item (nullopt if absent).
Result<std::optional<Item>> ReadItem(OperationContext& ctx, const std::string& storage_key);

// ReturnValuesOnConditionCheckFailure: true for ALL_OLD.
Result<bool> ReturnOldOnConditionFailure(const Request& req);

}  // namespace nimbus::dynamodb

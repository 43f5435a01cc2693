// Secondary index maintenance. Every item write updates the table's indexes in the same
// atomic WriteBatch as the item. An index entry is
//   kIndexSpace | table id (8, big-endian) | index id (2, big-endian)
//     | partition(index hash) [| part(index range)] | part(table hash) [| part(table range)]
// (partition() and part() as key_codec.h defines them)
// -> the item projected as the index declares (always with table and index keys). Items
// without the index's key attributes, or with a value there DynamoDB cannot index (wrong type,
// empty, over the key size limit), are not indexed (sparse indexes). Each index's entry count
// and size are kept in its counters (table_stats.h), changed in the same batch as the entries.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <optional>
#include <string>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/table_catalog.h"

namespace nimbus::dynamodb {

std::string IndexSpacePrefix(std::uint64_t table_id);  // every index entry of the table
std::string IndexPrefix(std::uint64_t table_id, const Index& index);

// Null when the item is not in the index (an index key attribute is absent or unindexable).
std::optional<std::string> IndexEntryKey(const Table& table, const Index& index, const Item& item);

// The key attributes that identify an item in the index: the table's and the index's.
Item IndexKeyOf(const Table& table, const Index& index, const Item& item);

// ValidationException if the item gives an index key attribute the wrong type or an empty
// value, as DynamoDB refuses such writes.
Result<void> ValidateIndexKeys(const Table& table, const Item& item);

// Adds to `batch` the changes to `index` (its entry and counters) of replacing `old_item` by
// `new_item` (either absent). Called by AppendItemChange and by the index build.
void AppendIndexChange(rocksdb::WriteBatch& batch, const Table& table, const Index& index,
                       const std::optional<Item>& old_item, const std::optional<Item>& new_item);

// Whether the item at `storage_key` is (or must now be) kept in the index; false while an index
// build has not reached it yet. REQUIRES: the table's lifecycle lock held (shared suffices).
bool IndexCoversKey(const Index& index, std::string_view storage_key);

// The index named `name` (null if none); takes the table's lifecycle lock. The pointer stays
// valid for the table's life (see Table::indexes).
const Index* FindIndex(const Table& table, std::string_view name);
// The same, for a caller that holds the lifecycle lock already.
const Index* FindIndexLocked(const Table& table, std::string_view name);

// IndexStatus CREATING: reads of the index are refused until its build is done.
bool IndexIsBuilding(const Table& table, const Index& index);

}  // namespace nimbus::dynamodb

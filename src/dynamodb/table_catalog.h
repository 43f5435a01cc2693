// The tables: their key schema and persisted description, loaded at Open and kept in memory.
// On disk (keyspace kCatalogSpace of key_codec.h):
//   "c" "t/" NAME -> {"id": <internal table id>, "index_ids": {"<index>": <id>, ...},
//                     "next_index_id": <id>, "description": {<static TableDescription>},
//                     "ttl": "<attribute>" (when enabled), "tags": [{"Key","Value"}...],
//                     "counted": true (the item counters of table_stats.h are kept)}
//   "c" "next_id" -> the next internal table id (decimal text)
// Items are keyed by the internal id, never the name, so a table re-created under the same
// name never sees the old table's items. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/lifecycle_mutex.h"
#include "dynamodb/storage.h"

namespace nimbus::dynamodb {

struct KeyAttribute {
  std::string name;
  AttrType type = AttrType::kS;
};

// A secondary index. Its entries live under kIndexSpace (see index.h), keyed by `id`, which
// is assigned at creation and persisted, so it survives other indexes being added or removed.
struct Index {
  std::string name;
  std::uint16_t id = 0;
  bool global = true;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  std::string projection_type = "ALL";  // ALL | KEYS_ONLY | INCLUDE
  std::vector<std::string> non_key_attributes;
  // IndexStatus CREATING: the index is being filled from the table's items (the backfill of
  // index_build.h). Items at storage keys up to and including `built_through` are in it; the
  // build indexes the later ones when it reaches them, so item writes leave those alone.
  // Guarded by the table's lifecycle lock; everything above is fixed at creation.
  bool building = false;
  std::string built_through;  // empty: no item yet (every storage key is longer)
};

struct Table {
  std::string name;
  std::uint64_t id = 0;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;

  // Everything below changes only under `lifecycle` held exclusively (UpdateTable, TTL and tag
  // operations, index builds); read it holding `lifecycle` shared. Item writes hold it shared
  // for the whole write, so they see one consistent set of indexes.
  //
  // A list, so an Index stays where it is while others come and go: FindIndex hands out
  // pointers that reads use without the lock. An index UpdateTable deletes moves to `retired`
  // (its entries are gone) and lives as long as the table, for a read that found it before.
  std::list<Index> indexes;
  std::list<Index> retired;
  std::uint16_t next_index_id = 1;
  // TableDescription minus what changes (TableStatus, ItemCount, TableSizeBytes).
  boost::json::object description;
  std::optional<std::string> ttl_attribute;               // TTL enabled on this attribute
  std::vector<std::pair<std::string, std::string>> tags;  // in the order they were added

  // Item writes hold it shared and check `dropped`; DeleteTable holds it exclusively, so no
  // write lands in a table after its items were deleted.
  mutable LifecycleMutex lifecycle;
  bool dropped = false;  // guarded by lifecycle
};

class TableCatalog {
 public:
  static std::expected<std::unique_ptr<TableCatalog>, std::string> Load(Storage& storage);

  // Null when there is no such table.
  std::shared_ptr<Table> Find(std::string_view name) const;

  // Persists a new table; ResourceInUseException if the name is taken. Assigns `table->id`.
  Result<std::shared_ptr<Table>> Create(std::shared_ptr<Table> table);

  // Removes the table, all its items, index entries and counters in one atomic write.
  // ResourceInUseException while one of its indexes is being built.
  Result<std::shared_ptr<Table>> Drop(std::string_view name);

  // Writes the table's catalog entry together with `batch` (one atomic write).
  // REQUIRES: table.lifecycle held exclusively.
  Result<void> Persist(const Table& table, rocksdb::WriteBatch& batch);

  std::vector<std::string> Names() const;  // sorted
  std::vector<std::shared_ptr<Table>> Tables() const;

 private:
  explicit TableCatalog(Storage& storage) : storage_(storage) {}

  Storage& storage_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Table>, std::less<>> tables_;  // guarded by mu_
  std::uint64_t next_id_ = 1;                                          // guarded by mu_
};

// Key schema of a stored description (KeySchema + AttributeDefinitions); false if malformed.
bool ParseKeySchema(const boost::json::object& description, KeyAttribute& hash,
                    std::optional<KeyAttribute>& range);

// Fills table.indexes from the description's GlobalSecondaryIndexes/LocalSecondaryIndexes;
// ids come from `index_ids` ({"name": id}) or, when absent there, are assigned anew from
// table.next_index_id. An index whose IndexStatus is CREATING starts its build from scratch.
bool ParseIndexes(Table& table, const boost::json::object& index_ids);

// The Index for one GlobalSecondaryIndexes/LocalSecondaryIndexes entry of a description;
// false if malformed.
bool ParseIndex(const Table& table, const boost::json::object& entry, bool global, Index& index);

}  // namespace nimbus::dynamodb

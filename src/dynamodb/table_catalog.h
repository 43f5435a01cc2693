// The tables: their key schema and persisted description, loaded at Open and kept in memory.
// On disk (keyspace kCatalogSpace of key_codec.h):
//   "c" "t/" NAME -> {"id": <internal table id>, "index_ids": {"<index>": <id>, ...},
//                     "description": {<static TableDescription>}}
//   "c" "next_id" -> the next internal table id (decimal text)
// Items are keyed by the internal id, never the name, so a table re-created under the same
// name never sees the old table's items. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
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
};

struct Table {
  std::string name;
  std::uint64_t id = 0;
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  std::vector<Index> indexes;
  // TableDescription minus what changes (TableStatus, ItemCount, TableSizeBytes).
  boost::json::object description;

  // Item writes hold it shared and check `dropped`; DeleteTable holds it exclusively, so no
  // write lands in a table after its items were deleted.
  mutable std::shared_mutex lifecycle;
  bool dropped = false;  // guarded by lifecycle
};

class TableCatalog {
 public:
  static std::expected<std::unique_ptr<TableCatalog>, std::string> Load(Storage& storage);

  // Null when there is no such table.
  std::shared_ptr<Table> Find(std::string_view name) const;

  // Persists a new table; ResourceInUseException if the name is taken. Assigns `table->id`.
  Result<std::shared_ptr<Table>> Create(std::shared_ptr<Table> table);

  // Removes the table and all its items in one atomic write.
  Result<std::shared_ptr<Table>> Drop(std::string_view name);

  std::vector<std::string> Names() const;  // sorted

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
// ids come from `index_ids` ({"name": id}) or, when absent there, are assigned anew.
bool ParseIndexes(Table& table, const boost::json::object& index_ids);

}  // namespace nimbus::dynamodb

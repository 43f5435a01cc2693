#include "dynamodb/ttl.h"

#include <cstdlib>
#include <mutex>
#include <shared_mutex>

#include "dynamodb/item_codec.h"
#include "dynamodb/item_write.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/limits.h"

namespace nimbus::dynamodb {
namespace {

// Re-reads and re-checks under the locks every item write takes, then deletes.
bool ExpireItem(Storage& storage, const Table& table, const std::string& storage_key,
                const std::string& ttl_attribute, double now) {
  std::shared_lock table_lock(table.lifecycle);
  if (table.dropped || table.ttl_attribute != ttl_attribute) return false;
  std::lock_guard key_lock(storage.KeyMutex(storage_key));
  auto bytes = storage.Get(storage_key);
  if (!bytes || !*bytes) return false;
  auto item = DecodeItem(**bytes);
  if (!item || !IsExpired(*item, ttl_attribute, now)) return false;
  rocksdb::WriteBatch batch;
  AppendItemChange(batch, table, storage_key, item, std::nullopt);
  return storage.Write(batch).has_value();
}

std::size_t SweepTable(Storage& storage, const Table& table, double now) {
  std::string attribute;
  {
    std::shared_lock lock(table.lifecycle);
    if (table.dropped || !table.ttl_attribute) return 0;
    attribute = *table.ttl_attribute;
  }
  std::size_t deleted = 0;
  // The scan reads a snapshot; each candidate is checked again under its locks.
  for (auto r = storage.Scan(TablePrefix(table.id), TablePrefixEnd(table.id)); r.Valid();
       r.Next()) {
    auto item = DecodeItem(r.value());
    if (!item || !IsExpired(*item, attribute, now)) continue;
    if (ExpireItem(storage, table, std::string(r.key()), attribute, now)) ++deleted;
  }
  return deleted;
}

}  // namespace

bool IsExpired(const Item& item, const std::string& ttl_attribute, double now) {
  auto it = item.find(ttl_attribute);
  if (it == item.end() || it->second.type != AttrType::kN) return false;
  char* end = nullptr;
  double expiry = std::strtod(it->second.scalar.c_str(), &end);
  if (end == it->second.scalar.c_str()) return false;
  return expiry < now && expiry >= now - limits::kTtlMaxPastSeconds;
}

std::size_t SweepExpiredItems(Storage& storage, TableCatalog& catalog, double now) {
  std::size_t deleted = 0;
  for (const std::shared_ptr<Table>& table : catalog.Tables()) {
    deleted += SweepTable(storage, *table, now);
  }
  return deleted;
}

}  // namespace nimbus::dynamodb

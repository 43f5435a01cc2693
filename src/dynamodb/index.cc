#include "dynamodb/index.h"

#include <mutex>
#include <shared_mutex>

#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/limits.h"
#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {
namespace {

void AppendBigEndian(std::string& out, std::uint64_t v, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>(v >> shift));
  }
}

const AttributeValue* Typed(const Item& item, const KeyAttribute& k) {
  auto it = item.find(k.name);
  return it != item.end() && it->second.type == k.type ? &it->second : nullptr;
}

// An index key value DynamoDB would index: items written before the index existed may hold
// values no write could put in an index key now; the index leaves such items out.
const AttributeValue* Indexable(const Item& item, const KeyAttribute& k, std::size_t max_bytes) {
  const AttributeValue* v = Typed(item, k);
  if (v == nullptr) return nullptr;
  if (v->type != AttrType::kN && v->scalar.empty()) return nullptr;
  if (AttributeSize(*v) > max_bytes) return nullptr;
  return v;
}

Item Projected(const Table& table, const Index& index, const Item& item) {
  if (index.projection_type == "ALL") return item;
  Item out = IndexKeyOf(table, index, item);
  if (index.projection_type == "INCLUDE") {
    for (const std::string& name : index.non_key_attributes) {
      if (auto it = item.find(name); it != item.end()) out.insert(*it);
    }
  }
  return out;
}

}  // namespace

std::string IndexSpacePrefix(std::uint64_t table_id) {
  std::string out(1, kIndexSpace);
  AppendBigEndian(out, table_id, 8);
  return out;
}

std::string IndexPrefix(std::uint64_t table_id, const Index& index) {
  std::string out = IndexSpacePrefix(table_id);
  AppendBigEndian(out, index.id, 2);
  return out;
}

std::optional<std::string> IndexEntryKey(const Table& table, const Index& index, const Item& item) {
  const AttributeValue* ih = Indexable(item, index.hash, limits::kMaxHashKeyBytes);
  const AttributeValue* ir =
      index.range ? Indexable(item, *index.range, limits::kMaxRangeKeyBytes) : nullptr;
  const AttributeValue* th = Typed(item, table.hash);
  const AttributeValue* tr = table.range ? Typed(item, *table.range) : nullptr;
  if (ih == nullptr || (index.range && ir == nullptr) || th == nullptr ||
      (table.range && tr == nullptr)) {
    return std::nullopt;
  }
  std::string key = IndexPrefix(table.id, index) + EncodePartition(*ih);
  if (ir != nullptr) key += EncodeKeyPart(*ir);
  key += EncodeKeyPart(*th);
  if (tr != nullptr) key += EncodeKeyPart(*tr);
  return key;
}

Item IndexKeyOf(const Table& table, const Index& index, const Item& item) {
  Item out;
  for (const KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr, &index.hash,
                                index.range ? &*index.range : nullptr}) {
    if (k == nullptr) continue;
    if (auto it = item.find(k->name); it != item.end()) out.insert(*it);
  }
  return out;
}

Result<void> ValidateIndexKeys(const Table& table, const Item& item) {
  for (const Index& index : table.indexes) {
    for (const KeyAttribute* k : {&index.hash, index.range ? &*index.range : nullptr}) {
      if (k == nullptr) continue;
      auto it = item.find(k->name);
      if (it == item.end()) continue;
      if (it->second.type != k->type) {
        return Fail(ValidationError(
            "One or more parameter values were invalid: Type mismatch for Index Key " + k->name +
            " Expected: " + std::string(TypeName(k->type)) +
            " Actual: " + std::string(TypeName(it->second.type)) + " IndexName: " + index.name));
      }
      if (it->second.type != AttrType::kN && it->second.scalar.empty()) {
        return Fail(ValidationError(
            "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. The AttributeValue for a key attribute cannot contain "
            "an empty string value. IndexName: " +
            index.name + ", IndexKey: " + k->name));
      }
    }
  }
  return {};
}

void AppendIndexChange(rocksdb::WriteBatch& batch, const Table& table, const Index& index,
                       const std::optional<Item>& old_item, const std::optional<Item>& new_item) {
  std::optional<std::string> old_key, new_key;
  if (old_item) old_key = IndexEntryKey(table, index, *old_item);
  if (new_item) new_key = IndexEntryKey(table, index, *new_item);
  Counters delta;
  if (old_key) {
    if (old_key != new_key) batch.Delete(*old_key);
    delta.count -= 1;
    delta.bytes -= static_cast<std::int64_t>(ItemSize(Projected(table, index, *old_item)));
  }
  if (new_key) {
    Item projected = Projected(table, index, *new_item);
    batch.Put(*new_key, EncodeItem(projected));
    delta.count += 1;
    delta.bytes += static_cast<std::int64_t>(ItemSize(projected));
  }
  AppendCountersDelta(batch, CountersKey(table.id, index.id), delta);
}

bool IndexCoversKey(const Index& index, std::string_view storage_key) {
  return !index.building || storage_key <= index.built_through;
}

const Index* FindIndexLocked(const Table& table, std::string_view name) {
  for (const Index& index : table.indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

const Index* FindIndex(const Table& table, std::string_view name) {
  std::shared_lock lock(table.lifecycle);
  return FindIndexLocked(table, name);
}

bool IndexIsBuilding(const Table& table, const Index& index) {
  std::shared_lock lock(table.lifecycle);
  return index.building;
}

}  // namespace nimbus::dynamodb

#include "dynamodb/index.h"

#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"

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
  const AttributeValue* ih = Typed(item, index.hash);
  const AttributeValue* ir = index.range ? Typed(item, *index.range) : nullptr;
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

void AddIndexUpdates(rocksdb::WriteBatch& batch, const Table& table,
                     const std::optional<Item>& old_item, const std::optional<Item>& new_item) {
  for (const Index& index : table.indexes) {
    std::optional<std::string> old_key, new_key;
    if (old_item) old_key = IndexEntryKey(table, index, *old_item);
    if (new_item) new_key = IndexEntryKey(table, index, *new_item);
    if (old_key && old_key != new_key) batch.Delete(*old_key);
    if (new_key) batch.Put(*new_key, EncodeItem(Projected(table, index, *new_item)));
  }
}

const Index* FindIndex(const Table& table, std::string_view name) {
  for (const Index& index : table.indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

}  // namespace nimbus::dynamodb

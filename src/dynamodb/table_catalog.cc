#include "dynamodb/table_catalog.h"

#include <algorithm>
#include <boost/json.hpp>

#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

const std::string kTablePrefix = std::string(1, kCatalogSpace) + "t/";
const std::string kNextIdKey = std::string(1, kCatalogSpace) + "next_id";

std::string TableKey(std::string_view name) { return kTablePrefix + std::string(name); }

bool AttributeType(const json::object& description, std::string_view name, AttrType& type) {
  const json::value* defs = description.if_contains("AttributeDefinitions");
  if (defs == nullptr || !defs->is_array()) return false;
  for (const auto& d : defs->get_array()) {
    const json::object* o = d.if_object();
    if (o == nullptr || !o->contains("AttributeName") || !o->contains("AttributeType")) continue;
    if (o->at("AttributeName").as_string() == name) {
      return ParseTypeName(std::string_view(o->at("AttributeType").as_string()), type);
    }
  }
  return false;
}

json::object TableDoc(const Table& table) {
  json::object doc;
  doc["id"] = table.id;
  doc["description"] = table.description;
  json::object index_ids;
  for (const Index& index : table.indexes) index_ids[index.name] = index.id;
  doc["index_ids"] = std::move(index_ids);
  doc["next_index_id"] = table.next_index_id;
  if (table.ttl_attribute) doc["ttl"] = *table.ttl_attribute;
  json::array tags;
  for (const auto& [key, value] : table.tags) {
    tags.push_back(json::object{{"Key", key}, {"Value", value}});
  }
  doc["tags"] = std::move(tags);
  doc["counted"] = true;
  return doc;
}

// Catalog entries written before the counters existed: count once, by scanning.
void AppendRecount(Storage& storage, const Table& table, rocksdb::WriteBatch& batch) {
  Counters items;
  for (auto r = storage.Scan(TablePrefix(table.id), TablePrefixEnd(table.id)); r.Valid();
       r.Next()) {
    ++items.count;
    if (auto item = DecodeItem(r.value()))
      items.bytes += static_cast<std::int64_t>(ItemSize(*item));
  }
  batch.DeleteRange(CountersKey(table.id), CountersEnd(table.id));
  AppendCountersDelta(batch, CountersKey(table.id), items);
  for (const Index& index : table.indexes) {
    Counters entries;
    std::string prefix = IndexPrefix(table.id, index);
    for (auto r = storage.Scan(prefix, PrefixSuccessor(prefix)); r.Valid(); r.Next()) {
      ++entries.count;
      if (auto item = DecodeItem(r.value())) {
        entries.bytes += static_cast<std::int64_t>(ItemSize(*item));
      }
    }
    AppendCountersDelta(batch, CountersKey(table.id, index.id), entries);
  }
}

}  // namespace

bool ParseSchemaArray(const json::value* schema, const json::object& description,
                      KeyAttribute& hash, std::optional<KeyAttribute>& range) {
  if (schema == nullptr || !schema->is_array()) return false;
  bool has_hash = false;
  for (const auto& e : schema->get_array()) {
    const json::object* o = e.if_object();
    if (o == nullptr || !o->contains("AttributeName") || !o->contains("KeyType")) return false;
    KeyAttribute k{std::string(o->at("AttributeName").as_string())};
    if (!AttributeType(description, k.name, k.type)) return false;
    if (o->at("KeyType").as_string() == "HASH") {
      hash = std::move(k);
      has_hash = true;
    } else {
      range = std::move(k);
    }
  }
  return has_hash;
}

bool ParseKeySchema(const json::object& description, KeyAttribute& hash,
                    std::optional<KeyAttribute>& range) {
  return ParseSchemaArray(description.if_contains("KeySchema"), description, hash, range);
}

bool ParseIndex(const Table& table, const json::object& o, bool global, Index& index) {
  const json::value* name = o.if_contains("IndexName");
  if (name == nullptr || !name->is_string()) return false;
  index.name = std::string(name->get_string());
  index.global = global;
  if (!ParseSchemaArray(o.if_contains("KeySchema"), table.description, index.hash, index.range)) {
    return false;
  }
  if (const json::value* p = o.if_contains("Projection"); p && p->is_object()) {
    if (const json::value* t = p->as_object().if_contains("ProjectionType"); t && t->is_string()) {
      index.projection_type = std::string(t->get_string());
    }
    if (const json::value* n = p->as_object().if_contains("NonKeyAttributes"); n && n->is_array()) {
      for (const auto& a : n->get_array()) {
        if (a.is_string()) index.non_key_attributes.emplace_back(a.get_string());
      }
    }
  }
  const json::value* status = o.if_contains("IndexStatus");
  index.building = status != nullptr && status->is_string() && status->get_string() == "CREATING";
  return true;
}

bool ParseIndexes(Table& table, const json::object& index_ids) {
  table.indexes.clear();
  for (const auto& [k, v] : index_ids) {
    if (v.is_int64()) {
      table.next_index_id = std::max<std::uint16_t>(table.next_index_id, v.get_int64() + 1);
    }
  }
  for (const char* field : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    const json::value* list = table.description.if_contains(field);
    if (list == nullptr) continue;
    if (!list->is_array()) return false;
    for (const auto& entry : list->get_array()) {
      const json::object* o = entry.if_object();
      Index index;
      if (o == nullptr ||
          !ParseIndex(table, *o, std::string_view(field) == "GlobalSecondaryIndexes", index)) {
        return false;
      }
      const json::value* id = index_ids.if_contains(index.name);
      index.id = id != nullptr && id->is_int64() ? static_cast<std::uint16_t>(id->get_int64())
                                                 : table.next_index_id++;
      table.indexes.push_back(std::move(index));
    }
  }
  return true;
}

std::expected<std::unique_ptr<TableCatalog>, std::string> TableCatalog::Load(Storage& storage) {
  std::unique_ptr<TableCatalog> catalog(new TableCatalog(storage));
  auto next = storage.Get(kNextIdKey);
  if (!next) return std::unexpected("cannot read the table catalog");
  if (*next) catalog->next_id_ = std::stoull(**next);
  std::string end = kTablePrefix;
  end.back() += 1;
  for (auto range = storage.Scan(kTablePrefix, end); range.Valid(); range.Next()) {
    boost::system::error_code ec;
    json::value doc = json::parse(range.value(), ec);
    auto table = std::make_shared<Table>();
    table->name = std::string(range.key().substr(kTablePrefix.size()));
    if (ec || !doc.is_object() || !doc.as_object().contains("id") ||
        !doc.as_object().contains("description")) {
      return std::unexpected("corrupt catalog entry for table " + table->name);
    }
    const json::object& o = doc.as_object();
    table->id = o.at("id").to_number<std::uint64_t>();
    table->description = o.at("description").as_object();
    if (const json::value* n = o.if_contains("next_index_id"); n && n->is_int64()) {
      table->next_index_id = static_cast<std::uint16_t>(n->get_int64());
    }
    if (const json::value* ttl = o.if_contains("ttl"); ttl && ttl->is_string()) {
      table->ttl_attribute = std::string(ttl->get_string());
    }
    if (const json::value* tags = o.if_contains("tags"); tags && tags->is_array()) {
      for (const auto& t : tags->get_array()) {
        if (!t.is_object() || !t.as_object().contains("Key")) continue;
        table->tags.emplace_back(std::string(t.at("Key").as_string()),
                                 std::string(t.at("Value").as_string()));
      }
    }
    static const json::object kNoIds;
    const json::value* ids = o.if_contains("index_ids");
    if (!ParseKeySchema(table->description, table->hash, table->range) ||
        !ParseIndexes(*table, ids && ids->is_object() ? ids->get_object() : kNoIds)) {
      return std::unexpected("corrupt key schema for table " + table->name);
    }
    rocksdb::WriteBatch batch;
    // A build cut short by a restart starts over: what it had written is not tracked.
    for (const Index& index : table->indexes) {
      if (!index.building) continue;
      std::string prefix = IndexPrefix(table->id, index);
      batch.DeleteRange(prefix, PrefixSuccessor(prefix));
      batch.Delete(CountersKey(table->id, index.id));
    }
    const json::value* counted = o.if_contains("counted");
    if (counted == nullptr || !counted->is_bool() || !counted->get_bool()) {
      AppendRecount(storage, *table, batch);
      batch.Put(TableKey(table->name), json::serialize(TableDoc(*table)));
    }
    if (batch.Count() > 0 && !storage.Write(batch)) {
      return std::unexpected("cannot update the catalog entry for table " + table->name);
    }
    catalog->tables_.emplace(table->name, std::move(table));
  }
  return catalog;
}

std::shared_ptr<Table> TableCatalog::Find(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

Result<std::shared_ptr<Table>> TableCatalog::Create(std::shared_ptr<Table> table) {
  std::lock_guard lock(mu_);
  if (tables_.contains(table->name)) {
    return Fail(ResourceInUse("Table already exists: " + table->name));
  }
  table->id = next_id_;
  rocksdb::WriteBatch batch;
  batch.Put(TableKey(table->name), json::serialize(TableDoc(*table)));
  batch.Put(kNextIdKey, std::to_string(next_id_ + 1));
  if (auto ok = storage_.Write(batch); !ok) return Fail(ok.error());
  ++next_id_;
  tables_.emplace(table->name, table);
  return table;
}

Result<std::shared_ptr<Table>> TableCatalog::Drop(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return Fail(TableNotFound(std::string(name)));
  std::shared_ptr<Table> table = it->second;
  std::unique_lock table_lock(table->lifecycle);
  for (const Index& index : table->indexes) {
    if (index.building) {
      return Fail(ResourceInUse(
          "Attempt to change a resource which is still in use: Cannot delete table while "
          "indexes are being created, updated, or deleted."));
    }
  }
  rocksdb::WriteBatch batch;
  batch.Delete(TableKey(name));
  batch.DeleteRange(TablePrefix(table->id), TablePrefixEnd(table->id));
  batch.DeleteRange(IndexSpacePrefix(table->id), IndexSpacePrefix(table->id + 1));
  batch.DeleteRange(CountersKey(table->id), CountersEnd(table->id));
  if (auto ok = storage_.Write(batch); !ok) return Fail(ok.error());
  table->dropped = true;
  tables_.erase(it);
  return table;
}

Result<void> TableCatalog::Persist(const Table& table, rocksdb::WriteBatch& batch) {
  batch.Put(TableKey(table.name), json::serialize(TableDoc(table)));
  return storage_.Write(batch);
}

std::vector<std::string> TableCatalog::Names() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, t] : tables_) names.push_back(name);
  return names;
}

std::vector<std::shared_ptr<Table>> TableCatalog::Tables() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Table>> tables;
  for (const auto& [name, t] : tables_) tables.push_back(t);
  return tables;
}

}  // namespace nimbus::dynamodb

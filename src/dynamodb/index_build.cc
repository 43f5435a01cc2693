#include "dynamodb/index_build.h"

#include <algorithm>
#include <boost/json.hpp>
#include <mutex>
#include <shared_mutex>

#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"

namespace nimbus::dynamodb {
namespace {

void SetIndexStatus(boost::json::object& description, const std::string& name,
                    std::string_view status) {
  boost::json::value* list = description.if_contains("GlobalSecondaryIndexes");
  if (list == nullptr || !list->is_array()) return;
  for (auto& entry : list->as_array()) {
    if (entry.is_object() && entry.at("IndexName") == name.c_str()) {
      entry.as_object()["IndexStatus"] = status;
    }
  }
}

}  // namespace

Result<bool> BuildIndexesStep(Storage& storage, TableCatalog& catalog, Table& table,
                              std::size_t max_items) {
  {
    // Most tables build nothing: do not hold up their writes for the exclusive lock.
    std::shared_lock check(table.lifecycle);
    if (std::none_of(table.indexes.begin(), table.indexes.end(),
                     [](const Index& index) { return index.building; })) {
      return false;
    }
  }
  std::unique_lock lock(table.lifecycle);
  if (table.dropped) return false;
  bool more = false;
  for (Index& index : table.indexes) {
    if (!index.building) continue;
    rocksdb::WriteBatch batch;
    std::string from =
        index.built_through.empty() ? TablePrefix(table.id) : index.built_through + '\0';
    std::string last;
    std::size_t n = 0;
    auto range = storage.Scan(from, TablePrefixEnd(table.id));
    for (; range.Valid() && n < max_items; range.Next(), ++n) {
      auto item = DecodeItem(range.value());
      if (!item) return Fail(InternalServerError());
      AppendIndexChange(batch, table, index, std::nullopt, *item);
      last = std::string(range.key());
    }
    if (!range.Ok()) return Fail(InternalServerError());
    if (range.Valid()) {
      if (auto ok = storage.Write(batch); !ok) return Fail(ok.error());
      index.built_through = std::move(last);
      more = true;
      continue;
    }
    index.building = false;
    index.built_through.clear();
    boost::json::object before = table.description;
    SetIndexStatus(table.description, index.name, "ACTIVE");
    if (auto ok = catalog.Persist(table, batch); !ok) {
      index.building = true;
      index.built_through = from == TablePrefix(table.id) ? "" : from.substr(0, from.size() - 1);
      table.description = std::move(before);
      return Fail(ok.error());
    }
  }
  return more;
}

bool RunIndexBuilds(Storage& storage, TableCatalog& catalog,
                    const std::function<bool()>& keep_going) {
  bool pending = true;
  while (pending && keep_going()) {
    pending = false;
    for (const std::shared_ptr<Table>& table : catalog.Tables()) {
      auto more = BuildIndexesStep(storage, catalog, *table);
      if (!more) return false;
      pending = pending || *more;
    }
  }
  return true;
}

}  // namespace nimbus::dynamodb

#include "dynamodb/table_description.h"

#include <boost/json.hpp>
#include <shared_mutex>

#include "dynamodb/index.h"
#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {

namespace json = boost::json;

// Counts are exact (kept with every write); DynamoDB refreshes its own about every six hours,
// so clients must not rely on them being current either way.
Result<json::object> DescribeLocked(OperationContext& ctx, const Table& table,
                                    std::string_view status) {
  json::object d = table.description;
  d["TableStatus"] = status;
  auto counters = ReadCounters(ctx.storage, CountersKey(table.id));
  if (!counters) return Fail(counters.error());
  d["ItemCount"] = counters->count;
  d["TableSizeBytes"] = counters->bytes;
  for (const Index& index : table.indexes) {
    auto entries = ReadCounters(ctx.storage, CountersKey(table.id, index.id));
    if (!entries) return Fail(entries.error());
    json::value* list =
        d.if_contains(index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
    if (list == nullptr || !list->is_array()) continue;
    for (auto& entry : list->as_array()) {
      if (entry.at("IndexName") != index.name.c_str()) continue;
      json::object& e = entry.as_object();
      e["ItemCount"] = entries->count;
      e["IndexSizeBytes"] = entries->bytes;
      if (index.building) e["Backfilling"] = true;
    }
  }
  return d;
}

Result<json::object> Describe(OperationContext& ctx, const Table& table, std::string_view status) {
  std::shared_lock lock(table.lifecycle);
  return DescribeLocked(ctx, table, status);
}

json::object Wrap(std::string_view key, json::object inner) {
  json::object out;
  out[key] = std::move(inner);
  return out;
}

}  // namespace nimbus::dynamodb

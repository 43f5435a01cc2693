#include "dynamodb/item_write.h"

#include <boost/json.hpp>
#include <mutex>
#include <shared_mutex>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/request.h"
#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {

Result<std::optional<Item>> ReadItem(OperationContext& ctx, const std::string& storage_key) {
  auto bytes = ctx.storage.Get(storage_key);
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return std::optional<Item>();
  auto item = DecodeItem(**bytes);
  if (!item) return Fail(InternalServerError());
  return item;
}

void AppendItemChange(rocksdb::WriteBatch& batch, const Table& table,
                      const std::string& storage_key, const std::optional<Item>& old_item,
                      const std::optional<Item>& new_item) {
  Counters delta;
  if (old_item) {
    delta.count -= 1;
    delta.bytes -= static_cast<std::int64_t>(ItemSize(*old_item));
  }
  if (new_item) {
    batch.Put(storage_key, EncodeItem(*new_item));
    delta.count += 1;
    delta.bytes += static_cast<std::int64_t>(ItemSize(*new_item));
  } else if (old_item) {
    batch.Delete(storage_key);
  }
  AppendCountersDelta(batch, CountersKey(table.id), delta);
  for (const Index& index : table.indexes) {
    // An index still being built gets this item from the build, when it reaches the key.
    if (IndexCoversKey(index, storage_key)) {
      AppendIndexChange(batch, table, index, old_item, new_item);
    }
  }
}

Result<WriteOutcome> ConditionalWrite(
    OperationContext& ctx, const Table& table, const std::string& storage_key,
    const std::optional<Condition>& condition, bool return_old_on_failure,
    const std::function<Result<std::optional<Item>>(const std::optional<Item>&)>& mutate) {
  std::shared_lock table_lock(table.lifecycle);
  if (table.dropped) return Fail(ResourceNotFound());
  std::lock_guard key_lock(ctx.storage.KeyMutex(storage_key));
  auto old_item = ReadItem(ctx, storage_key);
  if (!old_item) return Fail(old_item.error());
  if (condition) {
    static const Item kNoItem;
    auto ok = EvaluateCondition(*condition, *old_item ? **old_item : kNoItem);
    if (!ok) return Fail(ok.error());
    if (!*ok) {
      ApiError error = ConditionalCheckFailed();
      if (return_old_on_failure && *old_item) {
        error.item_json = boost::json::serialize(ItemToJson(**old_item));
      }
      return Fail(std::move(error));
    }
  }
  auto new_item = mutate(*old_item);
  if (!new_item) return Fail(new_item.error());
  if (*new_item) {
    if (auto ok = ValidateIndexKeys(table, **new_item); !ok) return Fail(ok.error());
  }
  // The item and its index entries change in one atomic write.
  rocksdb::WriteBatch batch;
  AppendItemChange(batch, table, storage_key, *old_item, *new_item);
  if (batch.Count() > 0) {
    if (auto ok = ctx.storage.Write(batch); !ok) return Fail(ok.error());
  }
  return WriteOutcome{std::move(*old_item), std::move(*new_item)};
}

Result<bool> ReturnOldOnConditionFailure(const Request& req) {
  auto v = OptionalString(req, "ReturnValuesOnConditionCheckFailure");
  if (!v) return Fail(v.error());
  if (!*v || **v == "NONE") return false;
  if (**v == "ALL_OLD") return true;
  return Fail(MemberError("'" + **v + "'", "returnValuesOnConditionCheckFailure",
                          "Member must satisfy enum value set: [ALL_OLD, NONE]"));
}

}  // namespace nimbus::dynamodb

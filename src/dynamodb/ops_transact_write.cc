// TransactWriteItems: all actions or none. Under the lifecycle locks of every table (in table
// id order) and the key locks of every item and of the ClientRequestToken (Storage::LockKeys),
// read every item, evaluate every condition, compute every new item, then commit one
// WriteBatch: items, index entries and the token record together.
#include <algorithm>
#include <boost/json.hpp>
#include <shared_mutex>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/index.h"
#include "dynamodb/item_write.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"
#include "dynamodb/transact_request.h"
#include "dynamodb/transact_token.h"
#include "dynamodb/transact_write.h"
#include "dynamodb/update_eval.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

// Transactional writes and reads cost twice their single-item counterparts.
constexpr double kTransactionalFactor = 2;

// Shared lifecycle locks of the plan's tables, taken in table id order so that no two
// transactions wait on each other's tables.
class TableLocks {
 public:
  Result<void> Lock(const WritePlan& plan) {
    std::vector<const Table*> tables;
    for (const WriteAction& a : plan.actions) tables.push_back(a.table.get());
    std::sort(tables.begin(), tables.end(),
              [](const Table* a, const Table* b) { return a->id < b->id; });
    tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
    for (const Table* t : tables) {
      locks_.emplace_back(t->lifecycle);
      if (t->dropped) return Fail(ResourceNotFound());
    }
    return {};
  }

 private:
  std::vector<std::shared_lock<LifecycleMutex>> locks_;
};

// What one action would do, or why it cannot.
struct Outcome {
  CancellationReason reason{"None", "", ""};
  std::optional<Item> new_item;
};

CancellationReason ValidationReason(const ApiError& error) {
  return {"ValidationError", error.message, ""};
}

Outcome Evaluate(const WriteAction& action, const std::optional<Item>& old_item) {
  static const Item kNoItem;
  Outcome out;
  if (action.schema_error) {
    out.reason = ValidationReason(*action.schema_error);
    return out;
  }
  if (action.condition) {
    auto ok = EvaluateCondition(*action.condition, old_item ? *old_item : kNoItem);
    if (!ok) {
      out.reason = ValidationReason(ok.error());
      return out;
    }
    if (!*ok) {
      out.reason = {"ConditionalCheckFailed", ConditionalCheckFailed().message, ""};
      if (action.return_old_on_failure && old_item) {
        out.reason.item_json = json::serialize(ItemToJson(*old_item));
      }
      return out;
    }
  }
  switch (action.kind) {
    case WriteKind::kPut:
      out.new_item = action.put_item;
      break;
    case WriteKind::kDelete:
      break;
    case WriteKind::kConditionCheck:
      out.new_item = old_item;
      break;
    case WriteKind::kUpdate: {
      // A missing item is created from its key, as UpdateItem does.
      auto updated = ApplyUpdate(action.update, old_item ? *old_item : action.key);
      if (!updated) {
        out.reason = ValidationReason(updated.error());
        return out;
      }
      if (ItemSize(*updated) > limits::kMaxItemSizeBytes) {
        out.reason = ValidationReason(
            ValidationError("Item size to update has exceeded the maximum allowed size"));
        return out;
      }
      if (auto ok = ValidateIndexKeys(*action.table, *updated); !ok) {
        out.reason = ValidationReason(ok.error());
        return out;
      }
      out.new_item = std::move(*updated);
      break;
    }
  }
  return out;
}

std::size_t SizeOf(const std::optional<Item>& item) { return item ? ItemSize(*item) : 0; }

// A replayed token: no write; capacity is what reading the items costs (API reference).
json::object ReplayReply(const WritePlan& plan, const std::vector<std::optional<Item>>& items) {
  TableUnits units;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    units.Add(plan.actions[i].table->name,
              kTransactionalFactor * ReadUnits(SizeOf(items[i]), /*consistent=*/true));
  }
  json::object reply;
  units.AddTo(reply, plan.capacity_mode, "ReadCapacityUnits");
  return reply;
}

// Token records looked at for expiry per token-bearing transaction (PurgeExpiredTokens): a
// few, so each call pays little and records still do not pile up.
constexpr std::size_t kTokenRecordsVisitedPerCall = 4;

ReplyBody Execute(OperationContext& ctx, const WritePlan& plan) {
  TableLocks table_locks;
  if (auto ok = table_locks.Lock(plan); !ok) return Fail(ok.error());
  std::vector<std::string> keys;
  for (const WriteAction& a : plan.actions) {
    if (!a.storage_key.empty()) keys.push_back(a.storage_key);
  }
  if (plan.client_token) keys.push_back(ClientTokenKey(*plan.client_token));
  Storage::MultiKeyLock key_lock = ctx.storage.LockKeys(keys);

  std::vector<std::optional<Item>> old_items;
  for (const WriteAction& a : plan.actions) {
    if (a.storage_key.empty()) {
      old_items.emplace_back();
      continue;
    }
    auto item = ReadItem(ctx, a.storage_key);
    if (!item) return Fail(item.error());
    old_items.push_back(std::move(*item));
  }

  if (plan.client_token) {
    auto state = CheckClientToken(ctx, *plan.client_token, plan.fingerprint);
    if (!state) return Fail(state.error());
    if (*state == TokenState::kMismatch) return Fail(IdempotentParameterMismatch());
    if (*state == TokenState::kReplay) return ReplayReply(plan, old_items);
  }

  std::vector<Outcome> outcomes;
  bool cancelled = false;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    outcomes.push_back(Evaluate(plan.actions[i], old_items[i]));
    cancelled |= outcomes.back().reason.code != "None";
  }
  if (cancelled) {
    std::vector<CancellationReason> reasons;
    for (Outcome& o : outcomes) reasons.push_back(std::move(o.reason));
    return Fail(TransactionCanceled(std::move(reasons)));
  }

  rocksdb::WriteBatch batch;
  TableUnits units;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const WriteAction& a = plan.actions[i];
    if (a.kind != WriteKind::kConditionCheck) {
      AppendItemChange(batch, *a.table, a.storage_key, old_items[i], outcomes[i].new_item);
    }
    std::size_t billed = a.kind == WriteKind::kDelete || a.kind == WriteKind::kConditionCheck
                             ? SizeOf(old_items[i])
                             : SizeOf(outcomes[i].new_item);
    units.Add(a.table->name, kTransactionalFactor * WriteUnits(billed));
  }
  if (plan.client_token) {
    batch.Put(ClientTokenKey(*plan.client_token), EncodeTokenRecord(plan.fingerprint, ctx.now()));
  }
  if (batch.Count() > 0) {
    if (auto ok = ctx.storage.Write(batch); !ok) return Fail(ok.error());
  }
  json::object reply;
  units.AddTo(reply, plan.capacity_mode, "WriteCapacityUnits");
  return reply;
}

}  // namespace

ReplyBody TransactWriteItems(OperationContext& ctx, const Request& req) {
  auto plan = ParseTransactWrite(ctx, req);
  if (!plan) return Fail(plan.error());
  ReplyBody reply = Execute(ctx, *plan);
  // After the transaction's locks are released: the purge takes other tokens' locks. It is
  // housekeeping; the transaction's outcome stands whatever becomes of it.
  if (reply && plan->client_token) {
    (void)PurgeExpiredTokens(ctx, *plan->client_token, kTokenRecordsVisitedPerCall);
  }
  return reply;
}

}  // namespace nimbus::dynamodb

// TransactGetItems: up to 100 Gets answered from one RocksDB snapshot, so the items are seen
// as of one instant (every TransactWriteItems commits as one batch, so a snapshot holds all
// of a transaction or none of it). Responses come back in request order; {} for a missing
// item.
#include <boost/json.hpp>
#include <set>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"
#include "dynamodb/transact_request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

constexpr double kTransactionalFactor = 2;  // a transactional read costs two reads

struct GetAction {
  std::shared_ptr<Table> table;
  std::string storage_key;
  std::optional<std::vector<Path>> projection;
};

Result<std::vector<const json::object*>> CheckMembers(const json::array& items,
                                                      MemberErrors& errors) {
  std::vector<const json::object*> gets;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json::object* entry = items[i].if_object();
    if (entry == nullptr) return Fail(SerializationError("TransactGetItem must be a structure"));
    const json::value* get = entry->if_contains("Get");
    if (get == nullptr || get->is_null()) {
      errors.Add("null", "transactItems." + std::to_string(i + 1) + ".member.get",
                 "Member must not be null");
      gets.push_back(nullptr);
      continue;
    }
    if (!get->is_object())
      return Fail(SerializationError("Unexpected value type in payload for Get"));
    const json::object& o = get->get_object();
    for (auto [field, member] : {std::pair{"Key", "key"}, std::pair{"TableName", "tableName"}}) {
      const json::value* v = o.if_contains(field);
      if (v == nullptr || v->is_null()) {
        errors.Add("null", ActionMember(i, "get", member), "Member must not be null");
      }
    }
    gets.push_back(&o);
  }
  return gets;
}

ApiError AggregateTooLarge() {
  return ValidationError(
      "Collection size of items exceeded, which can also be caused by the aggregate size of the "
      "items in the transaction exceeding the 4MB limit");
}

}  // namespace

ReplyBody TransactGetItems(OperationContext& ctx, const Request& req) {
  MemberErrors errors;
  auto mode = CapacityModeParam(req, errors);
  if (!mode) return Fail(mode.error());
  auto items = TransactItemsParam(req, errors);
  if (!items) return Fail(items.error());
  std::vector<const json::object*> gets;
  if (*items != nullptr && (*items)->size() <= limits::kMaxTransactionActions) {
    auto checked = CheckMembers(**items, errors);
    if (!checked) return Fail(checked.error());
    gets = std::move(*checked);
  }
  if (auto ok = errors.Check(); !ok) return Fail(ok.error());

  std::vector<GetAction> actions;
  for (std::size_t i = 0; i < gets.size(); ++i) {
    std::string member = ActionMember(i, "get", "tableName");
    auto name = RequiredString(*gets[i], "TableName", member);
    if (!name) return Fail(name.error());
    auto table = TransactTable(ctx, *name, member);
    if (!table) return Fail(table.error());
    actions.push_back({std::move(*table), "", std::nullopt});
  }
  // A key that does not fit its table cancels the transaction with a reason per action.
  std::vector<CancellationReason> reasons;
  bool cancelled = false;
  for (std::size_t i = 0; i < gets.size(); ++i) {
    auto key = ItemFromJson(gets[i]->at("Key"));
    if (!key) return Fail(key.error());
    auto storage_key = StorageKeyFromKey(*actions[i].table, *key);
    if (!storage_key) {
      reasons.push_back({"ValidationError", storage_key.error().message, ""});
      cancelled = true;
    } else {
      reasons.push_back({"None", "", ""});
      actions[i].storage_key = std::move(*storage_key);
    }
    auto expressions = ParseRequestExpressions(*gets[i], "ConditionExpression");
    if (!expressions) return Fail(expressions.error());
    actions[i].projection = std::move(expressions->projection);
  }
  if (cancelled) return Fail(TransactionCanceled(std::move(reasons)));
  std::set<std::string> seen;
  for (const GetAction& a : actions) {
    if (!seen.insert(a.storage_key).second) {
      return Fail(
          ValidationError("Transaction request cannot include multiple operations on one item"));
    }
  }

  std::unique_ptr<Storage::Snapshot> snapshot = ctx.storage.TakeSnapshot();
  json::array responses;
  TableUnits units;
  std::size_t aggregate = 0;
  for (const GetAction& a : actions) {
    auto bytes = snapshot->Get(a.storage_key);
    if (!bytes) return Fail(bytes.error());
    json::object response;
    std::size_t size = 0;
    if (*bytes) {
      std::optional<Item> item = DecodeItem(**bytes);
      if (!item) return Fail(InternalServerError());
      size = ItemSize(*item);
      Item shown = a.projection ? Project(*item, *a.projection) : std::move(*item);
      // DynamoDB leaves Item out when a projection matches nothing.
      if (!shown.empty()) response["Item"] = ItemToJson(shown);
    }
    aggregate += size;
    if (aggregate > limits::kMaxTransactionBytes) return Fail(AggregateTooLarge());
    units.Add(a.table->name, kTransactionalFactor * ReadUnits(size, /*consistent=*/true));
    responses.push_back(std::move(response));
  }
  json::object reply;
  reply["Responses"] = std::move(responses);
  units.AddTo(reply, *mode, "ReadCapacityUnits");
  return reply;
}

}  // namespace nimbus::dynamodb

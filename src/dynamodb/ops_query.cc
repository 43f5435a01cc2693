// Query: one partition's items in range-key order (or reverse), one page at a time.
#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/index.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/key_condition.h"
#include "dynamodb/legacy_params.h"
#include "dynamodb/operations.h"
#include "dynamodb/read_page.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {

ReplyBody Query(OperationContext& ctx, const Request& req) {
  auto table = LookupTable(ctx, req);
  if (!table) return Fail(table.error());
  auto consistent = OptionalBool(req, "ConsistentRead");
  if (!consistent) return Fail(consistent.error());
  auto index = RequestedIndex(**table, req, *consistent);
  if (!index) return Fail(index.error());
  auto params = ParseReadParams(req, true, *index != nullptr);
  if (!params) return Fail(params.error());
  KeySpace space =
      *index ? KeySpace{IndexPrefix((*table)->id, **index), (*index)->hash, (*index)->range}
             : KeySpace{TablePrefix((*table)->id), (*table)->hash, (*table)->range};
  if (auto ok = CheckLegacyQueryKeys(space, req); !ok) return Fail(ok.error());
  auto interval = PlanKeyCondition(space, *params->expressions.key_condition);
  if (!interval) return Fail(interval.error());
  if (params->expressions.condition) {
    if (auto ok = CheckFilterAvoidsKeys(space, *params->expressions.condition); !ok) {
      return Fail(ok.error());
    }
  }
  const boost::json::value* forward_json = req.if_contains("ScanIndexForward");
  bool forward = forward_json == nullptr || !forward_json->is_bool() || forward_json->get_bool();

  if (const boost::json::value* start = req.if_contains("ExclusiveStartKey");
      start != nullptr && !start->is_null()) {
    auto key = StartStorageKey(**table, *index, *start);
    if (!key) return Fail(key.error());
    if (forward) {
      interval->from = std::max(interval->from, *key + '\0');
    } else {
      interval->to = std::min(interval->to, *key);
    }
  }

  PageBuilder page(**table, *index, *params);
  if (interval->from < interval->to) {
    auto range = ctx.storage.Scan(interval->from, interval->to, !forward);
    if (auto ok = page.AddAll(range); !ok) return Fail(ok.error());
  }
  return page.Finish(req);
}

}  // namespace nimbus::dynamodb

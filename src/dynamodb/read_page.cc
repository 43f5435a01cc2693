#include "dynamodb/read_page.h"

#include <boost/json.hpp>

#include "dynamodb/attribute_json.h"
#include "dynamodb/expression_eval.h"
#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/limits.h"

namespace nimbus::dynamodb {

Result<ReadParams> ParseReadParams(const Request& req, bool query, bool index) {
  ReadParams p;
  auto limit = OptionalInteger(req, "Limit");
  if (!limit) return Fail(limit.error());
  if (*limit && **limit < 1) {
    return Fail(MemberError("'" + std::to_string(**limit) + "'", "limit",
                            "Member must have value greater than or equal to 1"));
  }
  p.limit = *limit;
  auto select = OptionalString(req, "Select");
  if (!select) return Fail(select.error());
  p.select = select->value_or("");
  if (!p.select.empty() && p.select != "ALL_ATTRIBUTES" && p.select != "ALL_PROJECTED_ATTRIBUTES" &&
      p.select != "SPECIFIC_ATTRIBUTES" && p.select != "COUNT") {
    return Fail(MemberError("'" + p.select + "'", "select",
                            "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
                            "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"));
  }
  if (p.select == "ALL_PROJECTED_ATTRIBUTES" && !index) {
    return Fail(ValidationError(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"));
  }
  auto consistent = OptionalBool(req, "ConsistentRead");
  if (!consistent) return Fail(consistent.error());
  p.consistent = *consistent;
  auto expressions = ParseRequestExpressions(req, "FilterExpression", query);
  if (!expressions) return Fail(expressions.error());
  p.expressions = std::move(*expressions);
  bool projected = p.expressions.projection.has_value();
  if (p.select == "ALL_ATTRIBUTES" && projected) {
    return Fail(ValidationError(
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"));
  }
  if (p.select == "COUNT" && projected) {
    return Fail(ValidationError(
        "Cannot specify the ProjectionExpression when choosing to get only the Count"));
  }
  if (p.select == "SPECIFIC_ATTRIBUTES" && !projected) {
    // DynamoDB words this one as a member constraint for Query only.
    return Fail(ValidationError(std::string(query ? "1 validation error detected: " : "") +
                                "Must specify the AttributesToGet or ProjectionExpression when "
                                "choosing to get SPECIFIC_ATTRIBUTES"));
  }
  return p;
}

Result<const Index*> RequestedIndex(const Table& table, const Request& req, bool consistent) {
  auto name = OptionalString(req, "IndexName");
  if (!name) return Fail(name.error());
  if (!*name) return nullptr;
  const Index* index = FindIndex(table, **name);
  if (index == nullptr) {
    return Fail(ValidationError("The table does not have the specified index: " + **name));
  }
  if (index->global && consistent) {
    return Fail(ValidationError("Consistent reads are not supported on global secondary indexes"));
  }
  if (IndexIsBuilding(table, *index)) {
    return Fail(ValidationError("Cannot read from backfilling global secondary index: " + **name));
  }
  return index;
}

Result<std::string> StartStorageKey(const Table& table, const Index* index,
                                    const boost::json::value& start) {
  auto key = ItemFromJson(start);
  if (!key) return Fail(key.error());
  constexpr std::string_view kInvalid = "The provided starting key is invalid: ";
  if (index == nullptr) return StorageKeyFromKey(table, *key, kInvalid);
  auto entry = IndexEntryKey(table, *index, *key);
  if (!entry || IndexKeyOf(table, *index, *key).size() != key->size()) {
    return Fail(ValidationError(std::string(kInvalid) +
                                "The provided key element does not match the schema"));
  }
  return *entry;
}

Result<bool> PageBuilder::Add(const Item& item) {
  ++scanned_;
  bytes_ += ItemSize(item);
  bool match = true;
  if (params_.expressions.condition) {
    auto ok = EvaluateCondition(*params_.expressions.condition, item);
    if (!ok) return Fail(ok.error());
    match = *ok;
  }
  if (match) {
    ++count_;
    if (params_.select != "COUNT") {
      const auto& projection = params_.expressions.projection;
      items_.push_back(ItemToJson(projection ? Project(item, *projection) : item));
    }
  }
  // DynamoDB returns a LastEvaluatedKey whenever a page ends on a limit, even if no items
  // follow; clients page until it is absent.
  if ((params_.limit && scanned_ == *params_.limit) || bytes_ >= limits::kMaxScanPageBytes) {
    last_evaluated_ = index_ ? IndexKeyOf(table_, *index_, item) : KeyOf(table_, item);
    return false;
  }
  return true;
}

Result<void> PageBuilder::AddAll(Storage::Range& range) {
  for (; range.Valid(); range.Next()) {
    auto item = DecodeItem(range.value());
    if (!item) return Fail(InternalServerError());
    auto more = Add(*item);
    if (!more) return Fail(more.error());
    if (!*more) break;
  }
  if (!range.Ok()) return Fail(InternalServerError());
  return {};
}

Result<boost::json::object> PageBuilder::Finish(const Request& req) {
  boost::json::object reply;
  if (params_.select != "COUNT") reply["Items"] = std::move(items_);
  reply["Count"] = count_;
  reply["ScannedCount"] = scanned_;
  if (last_evaluated_) reply["LastEvaluatedKey"] = ItemToJson(*last_evaluated_);
  if (auto ok = AddConsumedCapacity(reply, req, table_, ReadUnits(bytes_, params_.consistent));
      !ok) {
    return Fail(ok.error());
  }
  return reply;
}

}  // namespace nimbus::dynamodb

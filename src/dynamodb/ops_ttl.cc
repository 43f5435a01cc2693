// UpdateTimeToLive, DescribeTimeToLive. The setting is persisted in the catalog; the sweep that
// deletes expired items is in ttl.h.
//
// DynamoDB also refuses a second UpdateTimeToLive on a table within about an hour of the last
// one; that cool-down is not imposed here, so a local run can disable TTL after enabling it.
#include <boost/json.hpp>
#include <mutex>
#include <shared_mutex>

#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

struct TtlSpecification {
  bool enabled = false;
  std::string attribute;
};

Result<TtlSpecification> ParseSpecification(const Request& req) {
  const json::value* spec = req.if_contains("TimeToLiveSpecification");
  if (spec == nullptr || spec->is_null()) {
    return Fail(MemberError("null", "timeToLiveSpecification", "Member must not be null"));
  }
  if (!spec->is_object()) {
    return Fail(SerializationError("TimeToLiveSpecification must be a structure"));
  }
  const json::object& o = spec->get_object();
  auto attribute = OptionalString(o, "AttributeName");
  if (!attribute) return Fail(attribute.error());
  const json::value* enabled = o.if_contains("Enabled");
  if (enabled != nullptr && !enabled->is_null() && !enabled->is_bool()) {
    return Fail(SerializationError("Unexpected value type in payload for Enabled"));
  }
  if (!*attribute) {
    return Fail(
        MemberError("null", "timeToLiveSpecification.attributeName", "Member must not be null"));
  }
  if ((*attribute)->empty()) {
    return Fail(MemberError("''", "timeToLiveSpecification.attributeName",
                            "Member must have length greater than or equal to 1"));
  }
  if ((*attribute)->size() > limits::kMaxTtlAttributeNameLength) {
    return Fail(MemberError("'" + **attribute + "'", "timeToLiveSpecification.attributeName",
                            "Member must have length less than or equal to 255"));
  }
  if (enabled == nullptr || enabled->is_null()) {
    return Fail(MemberError("null", "timeToLiveSpecification.enabled", "Member must not be null"));
  }
  return TtlSpecification{enabled->get_bool(), **attribute};
}

}  // namespace

ReplyBody UpdateTimeToLive(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  auto spec = ParseSpecification(req);
  if (!spec) return Fail(spec.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(TableNotFound(*name));

  std::unique_lock lock(table->lifecycle);
  if (table->dropped) return Fail(TableNotFound(*name));
  const std::optional<std::string> current = table->ttl_attribute;
  if (spec->enabled && current) {
    if (*current == spec->attribute) {
      return Fail(ValidationError("TimeToLive is already enabled"));
    }
    return Fail(ValidationError(
        "TimeToLive is active on a different AttributeName: current AttributeName is " + *current));
  }
  if (!spec->enabled) {
    if (!current) return Fail(ValidationError("TimeToLive is already disabled"));
    if (*current != spec->attribute) {
      return Fail(ValidationError(
          "TimeToLive is active on a different AttributeName: current AttributeName is " +
          *current));
    }
  }
  table->ttl_attribute = spec->enabled ? std::optional<std::string>(spec->attribute) : std::nullopt;
  rocksdb::WriteBatch batch;
  if (auto ok = ctx.catalog.Persist(*table, batch); !ok) {
    table->ttl_attribute = current;
    return Fail(ok.error());
  }
  return json::object{
      {"TimeToLiveSpecification",
       json::object{{"Enabled", spec->enabled}, {"AttributeName", spec->attribute}}}};
}

ReplyBody DescribeTimeToLive(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(TableNotFound(*name));
  std::shared_lock lock(table->lifecycle);
  json::object description{{"TimeToLiveStatus", table->ttl_attribute ? "ENABLED" : "DISABLED"}};
  if (table->ttl_attribute) description["AttributeName"] = *table->ttl_attribute;
  return json::object{{"TimeToLiveDescription", std::move(description)}};
}

}  // namespace nimbus::dynamodb

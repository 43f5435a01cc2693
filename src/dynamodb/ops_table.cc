// CreateTable, DescribeTable, ListTables, DeleteTable, DescribeLimits, DescribeEndpoints.
#include <boost/json.hpp>
#include <random>
#include <set>
#include <shared_mutex>

#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"
#include "dynamodb/table_description.h"
#include "dynamodb/table_params.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

std::string NewUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                         // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

// GlobalSecondaryIndexes / LocalSecondaryIndexes as they appear in a TableDescription.
Result<json::array> ParseIndexes(const OperationContext& ctx, const Request& req,
                                 std::string_view field, bool global, bool on_demand,
                                 const Definitions& defs, const json::array& table_schema,
                                 const std::string& table_arn, std::set<std::string>& used) {
  json::array out;
  const json::value* list = req.if_contains(field);
  if (list == nullptr || list->is_null()) return out;
  if (!list->is_array()) return Fail(SerializationError(std::string(field) + " must be a list"));
  std::size_t max = global ? limits::kMaxGlobalSecondaryIndexes : limits::kMaxLocalSecondaryIndexes;
  if (list->get_array().size() > max) {
    return Fail(ValidationError("One or more parameter values were invalid: Too many " +
                                std::string(global ? "global" : "local") + " secondary indexes"));
  }
  std::set<std::string> names;
  for (const auto& entry : list->get_array()) {
    const json::object* o = entry.if_object();
    if (o == nullptr) return Fail(SerializationError("index must be a structure"));
    auto name = RequiredString(*o, "IndexName", "indexName");
    if (!name) return Fail(name.error());
    if (auto ok = ValidateTableName(*name, "indexName"); !ok) return Fail(ok.error());
    if (!names.insert(*name).second) {
      return Fail(ValidationError(
          "One or more parameter values were invalid: Duplicate index name: " + *name));
    }
    auto schema = ParseKeySchemaParam(*o, "keySchema", defs, used);
    if (!schema) return Fail(schema.error());
    if (!global && (table_schema.size() < 2 || (*schema)[0] != table_schema[0])) {
      return Fail(ValidationError(
          "One or more parameter values were invalid: Index KeySchema does not have the same "
          "leading hash key as table KeySchema for index: " +
          *name));
    }
    auto projection = ParseProjection(*o, "projection");
    if (!projection) return Fail(projection.error());
    json::object description{{"IndexName", *name},
                             {"KeySchema", std::move(*schema)},
                             {"Projection", std::move(*projection)},
                             {"IndexSizeBytes", 0},
                             {"ItemCount", 0},
                             {"IndexArn", table_arn + "/index/" + *name}};
    if (global) {
      const json::value* pt = o->if_contains("ProvisionedThroughput");
      bool has_pt = pt != nullptr && !pt->is_null();
      json::object throughput = OnDemandThroughput();
      if (on_demand && has_pt) {
        return Fail(ValidationError(
            "One or more parameter values were invalid: ProvisionedThroughput should not be "
            "specified for index: " +
            *name + " when BillingMode is PAY_PER_REQUEST"));
      }
      if (!on_demand) {
        if (!has_pt) {
          return Fail(ValidationError(
              "One or more parameter values were invalid: ProvisionedThroughput is not specified "
              "for index: " +
              *name));
        }
        auto capacity = ParseCapacity(*pt, "provisionedThroughput", *name, ctx.options.region);
        if (!capacity) return Fail(capacity.error());
        throughput = std::move(*capacity);
      }
      description["IndexStatus"] = "ACTIVE";
      description["ProvisionedThroughput"] = std::move(throughput);
    }
    out.push_back(std::move(description));
  }
  return out;
}

}  // namespace

ReplyBody CreateTable(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  auto defs = ParseDefinitions(req);
  if (!defs) return Fail(defs.error());
  std::set<std::string> used;
  auto schema = ParseKeySchemaParam(req, "keySchema", *defs, used);
  if (!schema) return Fail(schema.error());
  auto billing = OptionalString(req, "BillingMode");
  if (!billing) return Fail(billing.error());
  std::string mode = billing->value_or("PROVISIONED");
  if (mode != "PROVISIONED" && mode != "PAY_PER_REQUEST") {
    return Fail(MemberError("'" + mode + "'", "billingMode",
                            "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"));
  }
  bool on_demand = mode == "PAY_PER_REQUEST";
  const json::value* pt = req.if_contains("ProvisionedThroughput");
  bool has_pt = pt != nullptr && !pt->is_null();
  json::object throughput = OnDemandThroughput();
  if (on_demand && has_pt) {
    return Fail(
        ValidationError("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                        "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"));
  }
  if (!on_demand) {
    if (!has_pt) {
      return Fail(ValidationError(
          "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
          "must both be specified when BillingMode is PROVISIONED"));
    }
    auto capacity = ParseCapacity(*pt, "provisionedThroughput", "", ctx.options.region);
    if (!capacity) return Fail(capacity.error());
    throughput = std::move(*capacity);
  }
  std::string arn = TableArn(ctx, *name);
  auto gsis =
      ParseIndexes(ctx, req, "GlobalSecondaryIndexes", true, on_demand, *defs, *schema, arn, used);
  if (!gsis) return Fail(gsis.error());
  auto lsis =
      ParseIndexes(ctx, req, "LocalSecondaryIndexes", false, on_demand, *defs, *schema, arn, used);
  if (!lsis) return Fail(lsis.error());
  if (used.size() != defs->size()) {
    return Fail(ValidationError(
        "One or more parameter values were invalid: Number of attributes in KeySchema does not "
        "exactly match number of attributes defined in AttributeDefinitions"));
  }
  auto protection = OptionalBool(req, "DeletionProtectionEnabled");
  if (!protection) return Fail(protection.error());
  Tags tags;
  if (const json::value* t = req.if_contains("Tags"); t != nullptr && !t->is_null()) {
    auto parsed = ParseTags(t);
    if (!parsed) return Fail(parsed.error());
    tags = std::move(*parsed);
  }

  double now = ctx.now();
  json::array defs_json;
  for (const auto& [attr, type] : *defs) {
    defs_json.push_back(json::object{{"AttributeName", attr}, {"AttributeType", type}});
  }
  auto table = std::make_shared<Table>();
  table->name = *name;
  table->description = {{"TableName", *name},
                        {"TableArn", arn},
                        {"TableId", NewUuid()},
                        {"CreationDateTime", now},
                        {"KeySchema", *schema},
                        {"AttributeDefinitions", std::move(defs_json)},
                        {"ProvisionedThroughput", std::move(throughput)},
                        {"DeletionProtectionEnabled", *protection}};
  if (on_demand) {
    table->description["BillingModeSummary"] =
        json::object{{"BillingMode", mode}, {"LastUpdateToPayPerRequestDateTime", now}};
  }
  if (!gsis->empty()) table->description["GlobalSecondaryIndexes"] = std::move(*gsis);
  if (!lsis->empty()) table->description["LocalSecondaryIndexes"] = std::move(*lsis);
  for (const char* echoed : {"StreamSpecification", "SSESpecification"}) {
    if (const json::value* v = req.if_contains(echoed)) table->description[echoed] = *v;
  }
  table->tags = std::move(tags);
  if (!ParseKeySchema(table->description, table->hash, table->range) ||
      !ParseIndexes(*table, json::object())) {
    return Fail(InternalServerError());
  }
  auto created = ctx.catalog.Create(std::move(table));
  if (!created) return Fail(created.error());
  auto description = Describe(ctx, **created, "ACTIVE");
  if (!description) return Fail(description.error());
  return Wrap("TableDescription", std::move(*description));
}

ReplyBody DescribeTable(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(TableNotFound(*name));
  auto description = Describe(ctx, *table, "ACTIVE");
  if (!description) return Fail(description.error());
  return Wrap("Table", std::move(*description));
}

ReplyBody ListTables(OperationContext& ctx, const Request& req) {
  auto limit = OptionalInteger(req, "Limit");
  if (!limit) return Fail(limit.error());
  long long max = limit->value_or(limits::kMaxListTablesLimit);
  if (max < 1) {
    return Fail(MemberError("'" + std::to_string(max) + "'", "limit",
                            "Member must have value greater than or equal to 1"));
  }
  if (max > limits::kMaxListTablesLimit) {
    return Fail(MemberError("'" + std::to_string(max) + "'", "limit",
                            "Member must have value less than or equal to 100"));
  }
  auto start = OptionalString(req, "ExclusiveStartTableName");
  if (!start) return Fail(start.error());
  if (*start) {
    if (auto ok = ValidateTableName(**start, "exclusiveStartTableName"); !ok)
      return Fail(ok.error());
  }
  json::array names;
  std::string last;
  bool more = false;
  for (const std::string& n : ctx.catalog.Names()) {
    if (*start && n <= **start) continue;
    if (static_cast<long long>(names.size()) == max) {
      more = true;
      break;
    }
    names.push_back(json::value(n));
    last = n;
  }
  json::object out{{"TableNames", std::move(names)}};
  if (more) out["LastEvaluatedTableName"] = last;
  return out;
}

ReplyBody DeleteTable(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(TableNotFound(*name));
  json::object description;
  {
    std::shared_lock lock(table->lifecycle);
    if (const json::value* p = table->description.if_contains("DeletionProtectionEnabled");
        p != nullptr && p->is_bool() && p->get_bool()) {
      return Fail(ValidationError(
          "Resource cannot be deleted as it is currently protected against deletion. Disable "
          "deletion protection first."));
    }
    auto described = DescribeLocked(ctx, *table, "DELETING");
    if (!described) return Fail(described.error());
    description = std::move(*described);
  }
  // Drop re-checks under the exclusive lock what may have changed since (an index build).
  auto dropped = ctx.catalog.Drop(*name);
  if (!dropped) return Fail(dropped.error());
  return Wrap("TableDescription", std::move(description));
}

ReplyBody DescribeLimits(OperationContext&, const Request&) {
  return json::object{{"AccountMaxReadCapacityUnits", limits::kAccountMaxReadCapacityUnits},
                      {"AccountMaxWriteCapacityUnits", limits::kAccountMaxWriteCapacityUnits},
                      {"TableMaxReadCapacityUnits", limits::kTableMaxReadCapacityUnits},
                      {"TableMaxWriteCapacityUnits", limits::kTableMaxWriteCapacityUnits}};
}

ReplyBody DescribeEndpoints(OperationContext& ctx, const Request&) {
  std::string address = ctx.options.endpoint_address.empty()
                            ? "dynamodb." + ctx.options.region + ".amazonaws.com"
                            : ctx.options.endpoint_address;
  constexpr int kCachePeriodMinutes = 1440;  // what DynamoDB answers
  return json::object{
      {"Endpoints", json::array{json::object{{"Address", address},
                                             {"CachePeriodInMinutes", kCachePeriodMinutes}}}}};
}

}  // namespace nimbus::dynamodb

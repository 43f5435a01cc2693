// CreateTable, DescribeTable, ListTables, DeleteTable.
#include <boost/json.hpp>
#include <random>
#include <set>

#include "dynamodb/index.h"
#include "dynamodb/item_codec.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"

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

std::string TableArn(const OperationContext& ctx, std::string_view name) {
  return "arn:aws:dynamodb:" + ctx.options.region + ":" + ctx.options.account_id + ":table/" +
         std::string(name);
}

using Definitions = std::map<std::string, std::string>;  // attribute name -> S | N | B

Result<Definitions> ParseDefinitions(const Request& req) {
  const json::value* defs = req.if_contains("AttributeDefinitions");
  if (defs == nullptr || defs->is_null()) {
    return Fail(MemberError("null", "attributeDefinitions", "Member must not be null"));
  }
  if (!defs->is_array()) return Fail(SerializationError("AttributeDefinitions must be a list"));
  Definitions out;
  int i = 0;
  for (const auto& d : defs->get_array()) {
    ++i;
    const json::object* o = d.if_object();
    if (o == nullptr) return Fail(SerializationError("AttributeDefinition must be a structure"));
    auto name = RequiredString(
        *o, "AttributeName", "attributeDefinitions." + std::to_string(i) + ".member.attributeName");
    if (!name) return Fail(name.error());
    auto type = RequiredString(
        *o, "AttributeType", "attributeDefinitions." + std::to_string(i) + ".member.attributeType");
    if (!type) return Fail(type.error());
    if (*type != "S" && *type != "N" && *type != "B") {
      return Fail(MemberError("'" + *type + "'",
                              "attributeDefinitions." + std::to_string(i) + ".member.attributeType",
                              "Member must satisfy enum value set: [B, N, S]"));
    }
    if (!out.emplace(*name, *type).second) {
      return Fail(ValidationError(
          "Cannot have two attributes with the same name. Attribute name: " + *name));
    }
  }
  return out;
}

// Validates a KeySchema (the table's or an index's) against the definitions.
Result<json::array> ParseKeySchemaParam(const json::object& owner, std::string_view member,
                                        const Definitions& defs, std::set<std::string>& used) {
  const json::value* schema = owner.if_contains("KeySchema");
  if (schema == nullptr || schema->is_null()) {
    return Fail(MemberError("null", member, "Member must not be null"));
  }
  if (!schema->is_array()) return Fail(SerializationError("KeySchema must be a list"));
  const json::array& elements = schema->get_array();
  if (elements.empty() || elements.size() > 2) {
    return Fail(MemberError("'" + json::serialize(elements) + "'", member,
                            elements.empty() ? "Member must have length greater than or equal to 1"
                                             : "Member must have length less than or equal to 2"));
  }
  json::array out;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const json::object* o = elements[i].if_object();
    if (o == nullptr) return Fail(SerializationError("KeySchemaElement must be a structure"));
    auto name =
        RequiredString(*o, "AttributeName",
                       std::string(member) + "." + std::to_string(i + 1) + ".member.attributeName");
    if (!name) return Fail(name.error());
    auto type = RequiredString(
        *o, "KeyType", std::string(member) + "." + std::to_string(i + 1) + ".member.keyType");
    if (!type) return Fail(type.error());
    if (i == 0 && *type != "HASH") {
      return Fail(
          ValidationError("Invalid KeySchema: The first KeySchemaElement is not a HASH key type"));
    }
    if (i == 1 && *type != "RANGE") {
      return Fail(ValidationError(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"));
    }
    if (i == 1 && *name == names[0]) {
      return Fail(ValidationError(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name"));
    }
    names.push_back(*name);
    out.push_back(json::object{{"AttributeName", *name}, {"KeyType", *type}});
  }
  for (const auto& n : names) {
    if (!defs.contains(n)) {
      std::string keys, all;
      for (const auto& k : names) keys += (keys.empty() ? "" : ", ") + k;
      for (const auto& [k, t] : defs) all += (all.empty() ? "" : ", ") + k;
      return Fail(ValidationError(
          "One or more parameter values were invalid: Some index key attributes are not defined "
          "in AttributeDefinitions. Keys: [" +
          keys + "], AttributeDefinitions: [" + all + "]"));
    }
    used.insert(n);
  }
  return out;
}

Result<json::object> ParseThroughput(const json::object& owner, bool on_demand,
                                     std::string_view what) {
  const json::value* pt = owner.if_contains("ProvisionedThroughput");
  if (on_demand) {
    if (pt != nullptr && !pt->is_null()) {
      return Fail(ValidationError(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
          "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"));
    }
    return json::object{
        {"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}};
  }
  if (pt == nullptr || !pt->is_object()) {
    return Fail(
        ValidationError("One or more parameter values were invalid: ReadCapacityUnits and "
                        "WriteCapacityUnits must both be specified when BillingMode is "
                        "PROVISIONED" +
                        std::string(what)));
  }
  auto read = OptionalInteger(pt->get_object(), "ReadCapacityUnits");
  auto write = OptionalInteger(pt->get_object(), "WriteCapacityUnits");
  if (!read) return Fail(read.error());
  if (!write) return Fail(write.error());
  if (!*read || !*write || **read < 1 || **write < 1) {
    return Fail(ValidationError(
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
        "must both be specified and at least 1 when BillingMode is PROVISIONED"));
  }
  return json::object{{"NumberOfDecreasesToday", 0},
                      {"ReadCapacityUnits", **read},
                      {"WriteCapacityUnits", **write}};
}

// GlobalSecondaryIndexes / LocalSecondaryIndexes as they appear in a TableDescription.
Result<json::array> ParseIndexes(const Request& req, std::string_view field, bool global,
                                 bool on_demand, const Definitions& defs,
                                 const json::array& table_schema, const std::string& table_arn,
                                 std::set<std::string>& used) {
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
    const json::value* projection = o->if_contains("Projection");
    if (projection == nullptr || !projection->is_object()) {
      return Fail(MemberError("null", "projection", "Member must not be null"));
    }
    json::object description{{"IndexName", *name},
                             {"KeySchema", std::move(*schema)},
                             {"Projection", *projection},
                             {"IndexSizeBytes", 0},
                             {"ItemCount", 0},
                             {"IndexArn", table_arn + "/index/" + *name}};
    if (global) {
      auto throughput = ParseThroughput(*o, on_demand, " for index " + *name);
      if (!throughput) return Fail(throughput.error());
      description["IndexStatus"] = "ACTIVE";
      description["ProvisionedThroughput"] = std::move(*throughput);
    }
    out.push_back(std::move(description));
  }
  return out;
}

// Counts are exact (a scan of the table's keyspace); DynamoDB refreshes its own about every
// six hours, so clients must not rely on them being current either way.
json::object Describe(OperationContext& ctx, const Table& table, std::string_view status) {
  json::object d = table.description;
  d["TableStatus"] = status;
  std::uint64_t count = 0, bytes = 0;
  for (auto r = ctx.storage.Scan(TablePrefix(table.id), TablePrefixEnd(table.id)); r.Valid();
       r.Next()) {
    ++count;
    if (auto item = DecodeItem(r.value())) bytes += ItemSize(*item);
  }
  d["ItemCount"] = count;
  d["TableSizeBytes"] = bytes;
  for (const Index& index : table.indexes) {
    std::uint64_t entries = 0, index_bytes = 0;
    std::string prefix = IndexPrefix(table.id, index);
    for (auto r = ctx.storage.Scan(prefix, PrefixSuccessor(prefix)); r.Valid(); r.Next()) {
      ++entries;
      if (auto item = DecodeItem(r.value())) index_bytes += ItemSize(*item);
    }
    json::value* list =
        d.if_contains(index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
    for (auto& entry : list->as_array()) {
      if (entry.at("IndexName") != index.name.c_str()) continue;
      entry.as_object()["ItemCount"] = entries;
      entry.as_object()["IndexSizeBytes"] = index_bytes;
    }
  }
  return d;
}

json::object Wrap(std::string_view key, json::object inner) {
  json::object out;
  out[key] = std::move(inner);
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
  auto throughput = ParseThroughput(req, on_demand, "");
  if (!throughput) return Fail(throughput.error());
  std::string arn = TableArn(ctx, *name);
  auto gsis =
      ParseIndexes(req, "GlobalSecondaryIndexes", true, on_demand, *defs, *schema, arn, used);
  if (!gsis) return Fail(gsis.error());
  auto lsis =
      ParseIndexes(req, "LocalSecondaryIndexes", false, on_demand, *defs, *schema, arn, used);
  if (!lsis) return Fail(lsis.error());
  if (used.size() != defs->size()) {
    return Fail(ValidationError(
        "One or more parameter values were invalid: Number of attributes in KeySchema does not "
        "exactly match number of attributes defined in AttributeDefinitions"));
  }
  auto protection = OptionalBool(req, "DeletionProtectionEnabled");
  if (!protection) return Fail(protection.error());

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
                        {"ProvisionedThroughput", std::move(*throughput)},
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
  if (!ParseKeySchema(table->description, table->hash, table->range) ||
      !ParseIndexes(*table, json::object())) {
    return Fail(InternalServerError());
  }
  auto created = ctx.catalog.Create(std::move(table));
  if (!created) return Fail(created.error());
  return Wrap("TableDescription", Describe(ctx, **created, "ACTIVE"));
}

ReplyBody DescribeTable(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(TableNotFound(*name));
  return Wrap("Table", Describe(ctx, *table, "ACTIVE"));
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
  if (const json::value* p = table->description.if_contains("DeletionProtectionEnabled");
      p != nullptr && p->is_bool() && p->get_bool()) {
    return Fail(ValidationError(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first."));
  }
  json::object description = Describe(ctx, *table, "DELETING");
  auto dropped = ctx.catalog.Drop(*name);
  if (!dropped) return Fail(dropped.error());
  return Wrap("TableDescription", std::move(description));
}

}  // namespace nimbus::dynamodb

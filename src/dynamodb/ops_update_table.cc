// UpdateTable: billing mode and provisioned throughput, DeletionProtectionEnabled, TableClass,
// and GlobalSecondaryIndexUpdates (Create with a build of the existing items, Update of an
// index's throughput, Delete). The change is validated whole, then applied and persisted in one
// atomic write under the table's lifecycle lock held exclusively; bad input changes nothing.
#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <shared_mutex>

#include "dynamodb/index.h"
#include "dynamodb/key_codec.h"
#include "dynamodb/limits.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"
#include "dynamodb/table_description.h"
#include "dynamodb/table_params.h"
#include "dynamodb/table_stats.h"

namespace nimbus::dynamodb {
namespace {

namespace json = boost::json;

const std::string kInvalid = "One or more parameter values were invalid: ";
const std::string kOneOnlineIndex =
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per "
    "table";

// The members of which an UpdateTable must carry at least one, in DynamoDB's message order.
constexpr std::string_view kUpdateMembers[] = {"ProvisionedThroughput",
                                               "BillingMode",
                                               "UpdateStreamEnabled",
                                               "GlobalSecondaryIndexUpdates",
                                               "SSESpecification",
                                               "ReplicaUpdates",
                                               "MultiAccountReplicaReady",
                                               "ReplicaTransitRoleArn",
                                               "MultiRegionConsistency",
                                               "DeletionProtectionEnabled",
                                               "OnDemandThroughput",
                                               "WarmThroughput",
                                               "TableClass"};

bool Present(const Request& req, std::string_view field) {
  const json::value* v = req.if_contains(field);
  return v != nullptr && !v->is_null();
}

// "At least one of ... is required", naming the members the request does not carry.
ApiError NothingToUpdate(const Request& req) {
  std::vector<std::string_view> missing;
  for (std::string_view m : kUpdateMembers) {
    if (!Present(req, m) || m == "GlobalSecondaryIndexUpdates") missing.push_back(m);
  }
  std::string list;
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (i > 0) list += i + 1 == missing.size() ? " or " : ", ";
    list += missing[i];
  }
  return ValidationError("At least one of " + list + " is required");
}

struct GsiCreate {
  std::string name;
  json::object description;  // the GlobalSecondaryIndexDescription to add
  Definitions key_types;     // the new index's key attributes and their types
};
struct GsiUpdate {
  std::string name;
  const json::value* throughput = nullptr;
};

struct ParsedUpdate {
  std::optional<std::string> billing_mode;
  const json::value* throughput = nullptr;
  std::optional<bool> deletion_protection;
  std::optional<std::string> table_class;
  std::optional<GsiCreate> create;
  std::optional<std::string> remove;  // GSI Delete
  std::vector<GsiUpdate> updates;
};

Result<GsiCreate> ParseCreate(const json::object& create, const Request& req, int n) {
  std::string member = "globalSecondaryIndexUpdates." + std::to_string(n) + ".member.create";
  GsiCreate out;
  auto name = RequiredString(create, "IndexName", member + ".indexName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name, member + ".indexName"); !ok) return Fail(ok.error());
  out.name = *name;
  if (!Present(req, "AttributeDefinitions")) {
    return Fail(
        ValidationError(kInvalid + "AttributeDefinitions is not specified for index: " + out.name));
  }
  auto defs = ParseDefinitions(req);
  if (!defs) return Fail(defs.error());
  std::set<std::string> used;
  auto schema = ParseKeySchemaParam(create, member + ".keySchema", *defs, used);
  if (!schema) return Fail(schema.error());
  for (const std::string& attr : used) out.key_types[attr] = defs->at(attr);
  auto projection = ParseProjection(create, member + ".projection");
  if (!projection) return Fail(projection.error());
  out.description = {{"IndexName", out.name},
                     {"KeySchema", std::move(*schema)},
                     {"Projection", std::move(*projection)},
                     {"IndexStatus", "CREATING"},
                     {"IndexSizeBytes", 0},
                     {"ItemCount", 0}};
  return out;
}

// Everything that can be checked without the table.
Result<ParsedUpdate> ParseUpdate(const Request& req) {
  bool any = false;
  for (std::string_view m : kUpdateMembers) {
    if (m == "GlobalSecondaryIndexUpdates") {
      const json::value* v = req.if_contains(m);
      any = any || (v != nullptr && v->is_array() && !v->get_array().empty());
    } else {
      any = any || Present(req, m);
    }
  }
  if (!any) return Fail(NothingToUpdate(req));

  ParsedUpdate out;
  auto billing = OptionalString(req, "BillingMode");
  if (!billing) return Fail(billing.error());
  if (*billing && **billing != "PROVISIONED" && **billing != "PAY_PER_REQUEST") {
    return Fail(MemberError("'" + **billing + "'", "billingMode",
                            "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"));
  }
  out.billing_mode = *billing;
  if (Present(req, "ProvisionedThroughput")) out.throughput = &req.at("ProvisionedThroughput");
  if (Present(req, "DeletionProtectionEnabled")) {
    auto dp = OptionalBool(req, "DeletionProtectionEnabled");
    if (!dp) return Fail(dp.error());
    out.deletion_protection = *dp;
  }
  auto table_class = OptionalString(req, "TableClass");
  if (!table_class) return Fail(table_class.error());
  if (*table_class && **table_class != "STANDARD" &&
      **table_class != "STANDARD_INFREQUENT_ACCESS") {
    return Fail(ValidationError(
        "Invalid table-class parameter provided. Please try again with a valid table-class "
        "value: [STANDARD, STANDARD_INFREQUENT_ACCESS]."));
  }
  out.table_class = *table_class;

  if (const json::value* list = req.if_contains("GlobalSecondaryIndexUpdates");
      list != nullptr && !list->is_null()) {
    if (!list->is_array()) {
      return Fail(SerializationError("GlobalSecondaryIndexUpdates must be a list"));
    }
    if (list->get_array().empty()) {
      return Fail(ValidationError(kInvalid + "List of GlobalSecondaryIndexUpdates is empty"));
    }
    std::set<std::string> names;
    int creates_and_deletes = 0, n = 0;
    for (const auto& entry : list->get_array()) {
      ++n;
      if (!entry.is_object()) {
        return Fail(SerializationError("GlobalSecondaryIndexUpdate must be a structure"));
      }
      const json::object& e = entry.get_object();
      int actions = 0;
      for (const char* a : {"Create", "Update", "Delete"}) actions += Present(e, a) ? 1 : 0;
      if (actions == 0) {
        return Fail(ValidationError(
            kInvalid +
            "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
            "GlobalSecondaryIndexUpdate.Delete must not be null"));
      }
      if (actions > 1) {
        return Fail(ValidationError(kInvalid +
                                    "Only one global secondary index action is allowed per "
                                    "GlobalSecondaryIndexUpdate object"));
      }
      std::string member = "globalSecondaryIndexUpdates." + std::to_string(n) + ".member.";
      std::string name;
      if (Present(e, "Create")) {
        if (!e.at("Create").is_object())
          return Fail(SerializationError("Create must be a structure"));
        auto create = ParseCreate(e.at("Create").get_object(), req, n);
        if (!create) return Fail(create.error());
        name = create->name;
        out.create = std::move(*create);
        ++creates_and_deletes;
      } else {
        const char* action = Present(e, "Update") ? "Update" : "Delete";
        if (!e.at(action).is_object()) {
          return Fail(SerializationError(std::string(action) + " must be a structure"));
        }
        const json::object& a = e.at(action).get_object();
        std::string lower = action == std::string_view("Update") ? "update" : "delete";
        auto index_name = RequiredString(a, "IndexName", member + lower + ".indexName");
        if (!index_name) return Fail(index_name.error());
        if (auto ok = ValidateTableName(*index_name, member + lower + ".indexName"); !ok) {
          return Fail(ok.error());
        }
        name = *index_name;
        if (lower == "update") {
          out.updates.push_back({name, Present(a, "ProvisionedThroughput")
                                           ? &a.at("ProvisionedThroughput")
                                           : nullptr});
        } else {
          out.remove = name;
          ++creates_and_deletes;
        }
      }
      if (!names.insert(name).second) {
        return Fail(ValidationError(kInvalid +
                                    "Only one global secondary index update per index is "
                                    "allowed simultaneously. Index: " +
                                    name));
      }
    }
    if (creates_and_deletes > 1) return Fail(LimitExceeded(kOneOnlineIndex));
  }
  if ((out.create || out.remove) && out.throughput != nullptr) {
    return Fail(
        ValidationError(kInvalid + "You cannot create or delete index while updating table IOPS"));
  }
  if (out.deletion_protection && (out.billing_mode || out.throughput || out.table_class ||
                                  Present(req, "GlobalSecondaryIndexUpdates"))) {
    return Fail(ValidationError(
        kInvalid + "DeletionProtection modification must be the only operation in the request"));
  }
  if (out.table_class &&
      (out.billing_mode || out.throughput || Present(req, "GlobalSecondaryIndexUpdates"))) {
    return Fail(ValidationError(
        kInvalid + "TableClass modification must be the only operation in the request"));
  }
  return out;
}

json::object* FindGsiEntry(json::object& description, std::string_view name) {
  json::value* list = description.if_contains("GlobalSecondaryIndexes");
  if (list == nullptr || !list->is_array()) return nullptr;
  for (auto& entry : list->as_array()) {
    if (entry.is_object() && entry.at("IndexName") == std::string(name).c_str()) {
      return &entry.as_object();
    }
  }
  return nullptr;
}

std::string WillNotChange(std::string_view what, std::pair<long long, long long> current,
                          const json::object& requested) {
  return "The provisioned throughput for the " + std::string(what) +
         " will not change. The requested value equals the current value. Current "
         "ReadCapacityUnits provisioned for the " +
         std::string(what) + ": " + std::to_string(current.first) +
         ". Requested ReadCapacityUnits: " + json::serialize(requested.at("ReadCapacityUnits")) +
         ". Current WriteCapacityUnits provisioned for the " + std::string(what) + ": " +
         std::to_string(current.second) +
         ". Requested WriteCapacityUnits: " + json::serialize(requested.at("WriteCapacityUnits")) +
         ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
         "higher limits.";
}

// Replaces `owner`'s ProvisionedThroughput, recording an increase or decrease as DynamoDB does.
void SetThroughput(json::object& owner, const json::object& requested, double now) {
  auto [read, write] = CurrentCapacity(owner);
  long long new_read = requested.at("ReadCapacityUnits").as_int64();
  long long new_write = requested.at("WriteCapacityUnits").as_int64();
  json::object pt =
      owner.contains("ProvisionedThroughput") && owner.at("ProvisionedThroughput").is_object()
          ? owner.at("ProvisionedThroughput").as_object()
          : OnDemandThroughput();
  pt["ReadCapacityUnits"] = new_read;
  pt["WriteCapacityUnits"] = new_write;
  if (new_read > read || new_write > write) pt["LastIncreaseDateTime"] = now;
  if (new_read < read || new_write < write) {
    pt["LastDecreaseDateTime"] = now;
    pt["NumberOfDecreasesToday"] = pt["NumberOfDecreasesToday"].to_number<long long>() + 1;
  }
  owner["ProvisionedThroughput"] = std::move(pt);
}

void ZeroThroughput(json::object& owner) {
  json::object pt = OnDemandThroughput();
  if (const json::value* old = owner.if_contains("ProvisionedThroughput");
      old != nullptr && old->is_object() && old->as_object().contains("NumberOfDecreasesToday")) {
    pt["NumberOfDecreasesToday"] = old->at("NumberOfDecreasesToday");
  }
  owner["ProvisionedThroughput"] = std::move(pt);
}

// "key{name:type:KEYTYPE}, ..." for the error about redefining an attribute's type.
std::string SchemaText(const json::array& schema, const Definitions& types) {
  std::string out = "Schema:[";
  for (std::size_t i = 0; i < schema.size(); ++i) {
    std::string name(schema[i].at("AttributeName").as_string());
    auto t = types.find(name);
    out += (i ? ", " : "") + std::string("SchemaElement: key{") + name + ":" +
           (t == types.end() ? "" : t->second) + ":" +
           std::string(schema[i].at("KeyType").as_string()) + "}";
  }
  return out + "]";
}

Definitions StoredDefinitions(const json::object& description) {
  Definitions out;
  if (const json::value* defs = description.if_contains("AttributeDefinitions");
      defs && defs->is_array()) {
    for (const auto& d : defs->get_array()) {
      out[std::string(d.at("AttributeName").as_string())] =
          std::string(d.at("AttributeType").as_string());
    }
  }
  return out;
}

void StoreDefinitions(json::object& description, const Definitions& defs) {
  json::array out;
  for (const auto& [name, type] : defs) {
    out.push_back(json::object{{"AttributeName", name}, {"AttributeType", type}});
  }
  description["AttributeDefinitions"] = std::move(out);
}

// Drops the definitions no key schema (the table's or an index's) uses any more.
void PruneDefinitions(json::object& description) {
  std::set<std::string> used;
  auto collect = [&](const json::value* schema) {
    if (schema == nullptr || !schema->is_array()) return;
    for (const auto& e : schema->get_array()) used.emplace(e.at("AttributeName").as_string());
  };
  collect(description.if_contains("KeySchema"));
  for (const char* field : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (const json::value* list = description.if_contains(field); list && list->is_array()) {
      for (const auto& entry : list->get_array())
        collect(entry.as_object().if_contains("KeySchema"));
    }
  }
  Definitions defs = StoredDefinitions(description);
  std::erase_if(defs, [&](const auto& d) { return !used.contains(d.first); });
  StoreDefinitions(description, defs);
}

// The key schema (the table's, or the first index's) that uses `attribute`.
const json::array* SchemaUsing(const json::object& description, const std::string& attribute) {
  auto uses = [&](const json::value* schema) {
    if (schema == nullptr || !schema->is_array()) return false;
    for (const auto& e : schema->get_array()) {
      if (e.at("AttributeName") == attribute.c_str()) return true;
    }
    return false;
  };
  if (uses(description.if_contains("KeySchema"))) return &description.at("KeySchema").as_array();
  for (const char* field : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
    if (const json::value* list = description.if_contains(field); list && list->is_array()) {
      for (const auto& entry : list->get_array()) {
        if (uses(entry.as_object().if_contains("KeySchema"))) {
          return &entry.at("KeySchema").as_array();
        }
      }
    }
  }
  return nullptr;
}

}  // namespace

ReplyBody UpdateTable(OperationContext& ctx, const Request& req) {
  auto name = RequiredString(req, "TableName", "tableName");
  if (!name) return Fail(name.error());
  if (auto ok = ValidateTableName(*name); !ok) return Fail(ok.error());
  auto update = ParseUpdate(req);
  if (!update) return Fail(update.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(*name);
  if (!table) return Fail(TableNotFound(*name));

  std::unique_lock lock(table->lifecycle);
  if (table->dropped) return Fail(TableNotFound(*name));
  const double now = ctx.now();
  json::object description = table->description;  // the new one, built up
  const json::value* summary = description.if_contains("BillingModeSummary");
  const bool was_on_demand =
      summary != nullptr && summary->is_object() && summary->at("BillingMode") == "PAY_PER_REQUEST";
  const bool on_demand =
      update->billing_mode ? *update->billing_mode == "PAY_PER_REQUEST" : was_on_demand;
  const bool to_provisioned = was_on_demand && !on_demand;
  bool table_updating = update->billing_mode || update->throughput;

  // Table throughput and billing mode.
  if (on_demand && update->throughput) {
    return Fail(ValidationError(kInvalid +
                                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                "when BillingMode is PAY_PER_REQUEST"));
  }
  if (!on_demand && update->billing_mode && !update->throughput) {
    return Fail(ValidationError(
        kInvalid + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED"));
  }
  if (update->throughput) {
    auto capacity =
        ParseCapacity(*update->throughput, "provisionedThroughput", "", ctx.options.region);
    if (!capacity) return Fail(capacity.error());
    auto current = CurrentCapacity(description);
    if (!to_provisioned && current.first == capacity->at("ReadCapacityUnits").as_int64() &&
        current.second == capacity->at("WriteCapacityUnits").as_int64()) {
      return Fail(ValidationError(WillNotChange("table", current, *capacity)));
    }
    SetThroughput(description, *capacity, now);
  }
  if (update->billing_mode) {
    json::object billing =
        summary != nullptr && summary->is_object() ? summary->as_object() : json::object{};
    billing["BillingMode"] = *update->billing_mode;
    if (on_demand && !was_on_demand) {
      billing["LastUpdateToPayPerRequestDateTime"] = now;
      ZeroThroughput(description);
    }
    if (on_demand || was_on_demand) description["BillingModeSummary"] = std::move(billing);
  }

  // Index throughput updates.
  std::set<std::string> updated;
  for (const GsiUpdate& u : update->updates) {
    const Index* index = FindIndexLocked(*table, u.name);
    json::object* entry = FindGsiEntry(description, u.name);
    if (index != nullptr && !index->global) {
      return Fail(
          ValidationError("Cannot update an index that is not a GlobalSecondaryIndex: " + u.name));
    }
    if (index == nullptr || entry == nullptr) {
      return Fail(ResourceNotFound("Requested resource not found: Index " + u.name + " for table " +
                                   *name));
    }
    if (on_demand) {
      return Fail(ValidationError(kInvalid + "The only Updates for index: " + u.name +
                                  " when TableThroughputMode is PAY_PER_REQUEST can be to "
                                  "OnDemandThroughput, WarmThroughput"));
    }
    if (u.throughput == nullptr) {
      return Fail(ValidationError(
          kInvalid +
          "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: " + u.name));
    }
    auto capacity = ParseCapacity(*u.throughput,
                                  "globalSecondaryIndexUpdates.member.update.provisionedThroughput",
                                  u.name, ctx.options.region);
    if (!capacity) return Fail(capacity.error());
    auto current = CurrentCapacity(*entry);
    if (!to_provisioned && current.first == capacity->at("ReadCapacityUnits").as_int64() &&
        current.second == capacity->at("WriteCapacityUnits").as_int64()) {
      return Fail(ValidationError(WillNotChange("index " + u.name, current, *capacity)));
    }
    SetThroughput(*entry, *capacity, now);
    updated.insert(u.name);
  }
  for (const Index& index : table->indexes) {
    if (!index.global) continue;
    json::object* entry = FindGsiEntry(description, index.name);
    if (entry == nullptr) continue;
    if (to_provisioned && !updated.contains(index.name) && index.name != update->remove) {
      return Fail(ValidationError(
          kInvalid + "ProvisionedThroughput must be specified for index: " + index.name));
    }
    if (on_demand && !was_on_demand) ZeroThroughput(*entry);
  }

  // Index delete.
  rocksdb::WriteBatch batch;
  const Index* removed = nullptr;
  json::object removed_entry;
  if (update->remove) {
    removed = FindIndexLocked(*table, *update->remove);
    if (removed != nullptr && !removed->global) {
      return Fail(ValidationError("Cannot delete an index that is not a GlobalSecondaryIndex: " +
                                  *update->remove));
    }
    if (removed == nullptr) {
      return Fail(ResourceNotFound("Requested resource not found: Index " + *update->remove +
                                   " for table " + *name));
    }
    for (const Index& index : table->indexes) {
      if (index.building && &index != removed) return Fail(LimitExceeded(kOneOnlineIndex));
    }
    json::array& list = description.at("GlobalSecondaryIndexes").as_array();
    for (auto it = list.begin(); it != list.end(); ++it) {
      if (it->at("IndexName") != removed->name.c_str()) continue;
      removed_entry = it->as_object();
      list.erase(it);
      break;
    }
    if (list.empty()) description.erase("GlobalSecondaryIndexes");
    PruneDefinitions(description);
    std::string prefix = IndexPrefix(table->id, *removed);
    batch.DeleteRange(prefix, PrefixSuccessor(prefix));
    batch.Delete(CountersKey(table->id, removed->id));
  }

  // Index create.
  std::optional<Index> created;
  if (update->create) {
    GsiCreate& c = *update->create;
    if (FindIndexLocked(*table, c.name) != nullptr) {
      return Fail(ValidationError("Attempting to create an index which already exists"));
    }
    int globals = 0;
    for (const Index& index : table->indexes) {
      if (index.building) return Fail(LimitExceeded(kOneOnlineIndex));
      globals += index.global ? 1 : 0;
    }
    if (globals >= limits::kMaxGlobalSecondaryIndexes) {
      return Fail(LimitExceeded(
          "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit "
          "of " +
          std::to_string(limits::kMaxGlobalSecondaryIndexes)));
    }
    Definitions defs = StoredDefinitions(description);
    for (const auto& [attr, type] : c.key_types) {
      auto it = defs.find(attr);
      if (it != defs.end() && it->second != type) {
        const json::array* existing = SchemaUsing(description, attr);
        return Fail(ValidationError(
            kInvalid +
            "Attributes cannot be redefined. Please check that your attribute has the same type "
            "as previously defined. Existing schema: " +
            (existing ? SchemaText(*existing, defs) : "Schema:[]") +
            " New schema: " + SchemaText(c.description.at("KeySchema").as_array(), c.key_types)));
      }
      defs[attr] = type;
    }
    StoreDefinitions(description, defs);
    const json::value* pt = nullptr;
    if (const json::value* list = req.if_contains("GlobalSecondaryIndexUpdates")) {
      for (const auto& e : list->get_array()) {
        if (Present(e.as_object(), "Create")) {
          const json::object& o = e.at("Create").as_object();
          if (Present(o, "ProvisionedThroughput")) pt = &o.at("ProvisionedThroughput");
        }
      }
    }
    if (on_demand && pt != nullptr) {
      return Fail(ValidationError(kInvalid +
                                  "Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                                  "specified for index: " +
                                  c.name + " when BillingMode is PAY_PER_REQUEST"));
    }
    if (!on_demand && pt == nullptr) {
      return Fail(ValidationError(
          kInvalid +
          "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: " + c.name));
    }
    json::object throughput = OnDemandThroughput();
    if (pt != nullptr) {
      auto capacity =
          ParseCapacity(*pt, "globalSecondaryIndexUpdates.member.create.provisionedThroughput",
                        c.name, ctx.options.region);
      if (!capacity) return Fail(capacity.error());
      throughput = std::move(*capacity);
    }
    c.description["ProvisionedThroughput"] = std::move(throughput);
    c.description["IndexArn"] = TableArn(ctx, *name) + "/index/" + c.name;
    json::value& list = description["GlobalSecondaryIndexes"];
    if (!list.is_array()) list = json::array();
    list.as_array().push_back(c.description);
    Index index;
    Table probe;  // ParseIndex resolves key types through a description
    probe.description = description;
    if (!ParseIndex(probe, c.description, true, index)) return Fail(InternalServerError());
    index.id = table->next_index_id;
    index.building = true;
    created = std::move(index);
  }

  if (update->deletion_protection) {
    description["DeletionProtectionEnabled"] = *update->deletion_protection;
  }
  if (update->table_class) {
    description["TableClassSummary"] = json::object{{"TableClass", *update->table_class}};
  }
  for (const char* echoed : {"StreamSpecification", "SSESpecification"}) {
    if (Present(req, echoed)) description[echoed] = req.at(echoed);
  }

  // Apply: in memory only once the write is in.
  json::object before = std::move(table->description);
  table->description = std::move(description);
  std::uint16_t next_index_id = table->next_index_id;
  if (created) {
    table->indexes.push_back(*created);
    ++table->next_index_id;
  }
  std::list<Index> retired;
  if (removed != nullptr) {
    for (auto it = table->indexes.begin(); it != table->indexes.end(); ++it) {
      if (&*it == removed) {
        retired.splice(retired.end(), table->indexes, it);
        break;
      }
    }
  }
  if (auto ok = ctx.catalog.Persist(*table, batch); !ok) {
    table->description = std::move(before);
    table->indexes.splice(table->indexes.end(), retired);
    if (created) table->indexes.pop_back();
    table->next_index_id = next_index_id;
    return Fail(ok.error());
  }
  table->retired.splice(table->retired.end(), retired);

  bool index_change = created || removed != nullptr;
  auto reply = DescribeLocked(ctx, *table, table_updating || index_change ? "UPDATING" : "ACTIVE");
  lock.unlock();
  if (!reply) return Fail(reply.error());
  // DynamoDB's reply shows the new index allocating (not yet backfilling), the deleted one
  // DELETING, and updated ones UPDATING.
  if (json::value* list = reply->if_contains("GlobalSecondaryIndexes"); list && list->is_array()) {
    for (auto& entry : list->as_array()) {
      json::object& e = entry.as_object();
      std::string index_name(e.at("IndexName").as_string());
      if (created && index_name == created->name) e["Backfilling"] = false;
      if (updated.contains(index_name)) e["IndexStatus"] = "UPDATING";
    }
  }
  if (removed != nullptr) {
    removed_entry["IndexStatus"] = "DELETING";
    json::value& list = (*reply)["GlobalSecondaryIndexes"];
    if (!list.is_array()) list = json::array();
    list.as_array().push_back(std::move(removed_entry));
  }
  if (created) ctx.index_build_started();
  return Wrap("TableDescription", std::move(*reply));
}

}  // namespace nimbus::dynamodb

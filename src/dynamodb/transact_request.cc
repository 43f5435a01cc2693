#include "dynamodb/transact_request.h"

#include <boost/json.hpp>

#include "dynamodb/limits.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {

namespace json = boost::json;

void MemberErrors::Add(std::string_view value, std::string_view member,
                       std::string_view constraint) {
  errors_.push_back("Value " + std::string(value) + " at '" + std::string(member) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

Result<void> MemberErrors::Check() const {
  if (errors_.empty()) return {};
  std::string message =
      std::to_string(errors_.size()) +
      (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i > 0) message += "; ";
    message += errors_[i];
  }
  return Fail(ValidationError(std::move(message)));
}

Result<const json::array*> TransactItemsParam(const Request& req, MemberErrors& errors) {
  const json::value* v = req.if_contains("TransactItems");
  if (v == nullptr || v->is_null()) {
    errors.Add("null", "transactItems", "Member must not be null");
    return nullptr;
  }
  if (!v->is_array()) {
    return Fail(SerializationError("Unexpected value type in payload for TransactItems"));
  }
  const json::array& items = v->get_array();
  if (items.empty()) {
    errors.Add("'[]'", "transactItems", "Member must have length greater than or equal to 1");
  } else if (items.size() > limits::kMaxTransactionActions) {
    errors.Add("'" + json::serialize(items) + "'", "transactItems",
               "Member must have length less than or equal to " +
                   std::to_string(limits::kMaxTransactionActions));
  }
  return &items;
}

Result<std::string> CapacityModeParam(const Request& req, MemberErrors& errors) {
  auto mode = OptionalString(req, "ReturnConsumedCapacity");
  if (!mode) return Fail(mode.error());
  if (!*mode) return std::string("NONE");
  if (**mode != "TOTAL" && **mode != "INDEXES" && **mode != "NONE") {
    errors.Add("'" + **mode + "'", "returnConsumedCapacity",
               "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
  }
  return std::move(**mode);
}

std::string ActionMember(std::size_t index, std::string_view kind, std::string_view field) {
  return "transactItems." + std::to_string(index + 1) + ".member." + std::string(kind) + "." +
         std::string(field);
}

Result<std::shared_ptr<Table>> TransactTable(OperationContext& ctx, std::string_view name,
                                             std::string_view member) {
  // arn:aws:dynamodb:<region>:<account>:table/<name>
  constexpr std::string_view kTablePart = ":table/";
  if (name.starts_with("arn:")) {
    auto at = name.find(kTablePart);
    if (at == std::string_view::npos) return Fail(ResourceNotFound());
    name = name.substr(at + kTablePart.size());
  }
  if (auto ok = ValidateTableName(name, member); !ok) return Fail(ok.error());
  std::shared_ptr<Table> table = ctx.catalog.Find(name);
  if (!table) return Fail(ResourceNotFound());
  return table;
}

void TableUnits::Add(const std::string& table, double units) {
  for (auto& [name, total] : units_) {
    if (name == table) {
      total += units;
      return;
    }
  }
  units_.emplace_back(table, units);
}

void TableUnits::AddTo(json::object& reply, std::string_view mode,
                       std::string_view unit_kind) const {
  if (mode != "TOTAL" && mode != "INDEXES") return;
  json::array list;
  for (const auto& [name, units] : units_) {
    json::object entry{{"TableName", name}, {"CapacityUnits", units}, {unit_kind, units}};
    if (mode == "INDEXES")
      entry["Table"] = json::object{{"CapacityUnits", units}, {unit_kind, units}};
    list.push_back(std::move(entry));
  }
  reply["ConsumedCapacity"] = std::move(list);
}

}  // namespace nimbus::dynamodb

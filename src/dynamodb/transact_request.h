// What TransactWriteItems and TransactGetItems share: the TransactItems list and its limits,
// member validation messages that name the action ("transactItems.2.member.put.item"), the
// table an action names (by name or ARN), and ConsumedCapacity as a per-table list.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynamodb/errors.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

// Collects "Value ... at '<member>' failed to satisfy constraint: ..." findings and reports
// them together, as DynamoDB does: "2 validation errors detected: A; B".
class MemberErrors {
 public:
  void Add(std::string_view value, std::string_view member, std::string_view constraint);
  Result<void> Check() const;

 private:
  std::vector<std::string> errors_;
};

// The TransactItems list: present, a list, 1..kMaxTransactionActions long. Length findings go
// to `errors`; a missing list is reported there too (and nullptr returned).
Result<const boost::json::array*> TransactItemsParam(const Request& req, MemberErrors& errors);

// ReturnConsumedCapacity: "NONE" when absent; an unknown value goes to `errors`.
Result<std::string> CapacityModeParam(const Request& req, MemberErrors& errors);

// "transactItems.<i+1>.member.<kind>.<field>", the path DynamoDB names in messages.
std::string ActionMember(std::size_t index, std::string_view kind, std::string_view field);

// The table an action names, by name or by table ARN; ResourceNotFoundException if absent.
Result<std::shared_ptr<Table>> TransactTable(OperationContext& ctx, std::string_view name,
                                             std::string_view member);

// Capacity units per table, in the order the request first names each table.
class TableUnits {
 public:
  void Add(const std::string& table, double units);
  // ConsumedCapacity for `mode` (TOTAL or INDEXES; nothing for NONE), each entry also split
  // into ReadCapacityUnits or WriteCapacityUnits as `unit_kind` says.
  void AddTo(boost::json::object& reply, std::string_view mode, std::string_view unit_kind) const;

 private:
  std::vector<std::pair<std::string, double>> units_;
};

}  // namespace nimbus::dynamodb

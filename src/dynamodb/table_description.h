// The TableDescription DescribeTable (and CreateTable, UpdateTable, DeleteTable) report: the
// stored description with the table's status, item counters (table_stats.h), and each index's
// status and counters.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "dynamodb/errors.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

// REQUIRES: table.lifecycle held (shared suffices).
Result<boost::json::object> DescribeLocked(OperationContext& ctx, const Table& table,
                                           std::string_view status);
// Takes table.lifecycle shared.
Result<boost::json::object> Describe(OperationContext& ctx, const Table& table,
                                     std::string_view status);

// {"<key>": inner}
boost::json::object Wrap(std::string_view key, boost::json::object inner);

}  // namespace nimbus::dynamodb

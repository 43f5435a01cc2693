// Request members the control-plane operations share (CreateTable, UpdateTable, TagResource):
// attribute definitions, key schemas, provisioned throughput, projections and tags, each
// validated with DynamoDB's messages and returned in the shape a TableDescription holds.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynamodb/errors.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

using Definitions = std::map<std::string, std::string>;  // attribute name -> S | N | B
using Tags = std::vector<std::pair<std::string, std::string>>;

std::string TableArn(const OperationContext& ctx, std::string_view table_name);

// AttributeDefinitions; `required` false: absent is an empty set.
Result<Definitions> ParseDefinitions(const Request& req, bool required = true);

// A KeySchema (the table's or an index's) checked against `defs`; the attributes it names are
// added to `used`.
Result<boost::json::array> ParseKeySchemaParam(const boost::json::object& owner,
                                               std::string_view member, const Definitions& defs,
                                               std::set<std::string>& used);

// ReadCapacityUnits/WriteCapacityUnits of a ProvisionedThroughput object, both required, at
// least 1 and at most the per-table maximum; `index` names the GSI ("" for the table).
Result<boost::json::object> ParseCapacity(const boost::json::value& throughput,
                                          std::string_view member, std::string_view index,
                                          const std::string& region);

// The ProvisionedThroughput a PAY_PER_REQUEST table or index reports.
boost::json::object OnDemandThroughput();

// Projection of an index (ProjectionType, NonKeyAttributes sorted as DynamoDB reports them).
Result<boost::json::object> ParseProjection(const boost::json::object& owner,
                                            std::string_view member);

// A Tags list (TagResource, CreateTable): 1..50 tags, valid keys and values, no duplicates.
Result<Tags> ParseTags(const boost::json::value* tags);

// Merges `added` into `tags` (a key already there takes the new value), refusing more than the
// per-resource limit.
Result<void> MergeTags(Tags& tags, const Tags& added);

// The ProvisionedThroughput member's current value in a description, {0, 0} if absent.
std::pair<long long, long long> CurrentCapacity(const boost::json::object& owner);

}  // namespace nimbus::dynamodb

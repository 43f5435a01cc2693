// The DynamoDB operations. Each takes the parsed request body and returns the reply body or
// an ApiError; service.cc dispatches to them by name and renders errors.
#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "dynamodb/errors.h"
#include "dynamodb/service.h"
#include "dynamodb/storage.h"
#include "dynamodb/table_catalog.h"

namespace nimbus::dynamodb {

struct OperationContext {
  Storage& storage;
  TableCatalog& catalog;
  const Options& options;
  std::function<double()> now;  // epoch seconds; injected so tests control time
  // Tells the background thread an index build is waiting (UpdateTable's GSI Create).
  std::function<void()> index_build_started = [] {};
};

using Request = boost::json::object;
using ReplyBody = Result<boost::json::object>;
using Operation = ReplyBody (*)(OperationContext&, const Request&);

// Control plane (ops_table.cc).
ReplyBody CreateTable(OperationContext& ctx, const Request& req);
ReplyBody DescribeTable(OperationContext& ctx, const Request& req);
ReplyBody ListTables(OperationContext& ctx, const Request& req);
ReplyBody DeleteTable(OperationContext& ctx, const Request& req);
ReplyBody DescribeLimits(OperationContext& ctx, const Request& req);
ReplyBody DescribeEndpoints(OperationContext& ctx, const Request& req);
// ops_update_table.cc
ReplyBody UpdateTable(OperationContext& ctx, const Request& req);
// ops_ttl.cc
ReplyBody UpdateTimeToLive(OperationContext& ctx, const Request& req);
ReplyBody DescribeTimeToLive(OperationContext& ctx, const Request& req);
// ops_tags.cc
ReplyBody TagResource(OperationContext& ctx, const Request& req);
ReplyBody UntagResource(OperationContext& ctx, const Request& req);
ReplyBody ListTagsOfResource(OperationContext& ctx, const Request& req);

// Items (ops_item.cc, ops_update.cc).
ReplyBody PutItem(OperationContext& ctx, const Request& req);
ReplyBody GetItem(OperationContext& ctx, const Request& req);
ReplyBody DeleteItem(OperationContext& ctx, const Request& req);
ReplyBody UpdateItem(OperationContext& ctx, const Request& req);

// Batches (ops_batch.cc).
ReplyBody BatchGetItem(OperationContext& ctx, const Request& req);
ReplyBody BatchWriteItem(OperationContext& ctx, const Request& req);

// Reads over many items (ops_scan.cc, ops_query.cc).
ReplyBody Scan(OperationContext& ctx, const Request& req);
ReplyBody Query(OperationContext& ctx, const Request& req);

// Transactions (ops_transact_write.cc, ops_transact_get.cc).
ReplyBody TransactWriteItems(OperationContext& ctx, const Request& req);
ReplyBody TransactGetItems(OperationContext& ctx, const Request& req);

}  // namespace nimbus::dynamodb

// One page of a Scan or Query: the parameters both share (Limit, Select, ConsistentRead,
// FilterExpression, ProjectionExpression) and the page being built from the items read in
// storage order, stopping at Limit or at 1 MB as DynamoDB does.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "dynamodb/errors.h"
#include "dynamodb/operations.h"
#include "dynamodb/request.h"

namespace nimbus::dynamodb {

struct ReadParams {
  std::optional<long long> limit;
  std::string select;  // "" (default), ALL_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT
  bool consistent = false;
  ParsedExpressions expressions;
};

// Query also parses its KeyConditionExpression; `index` allows ALL_PROJECTED_ATTRIBUTES.
Result<ReadParams> ParseReadParams(const Request& req, bool query, bool index);

// The index named by IndexName (null when absent); errors as DynamoDB's for a missing index
// or a consistent read of a global one.
Result<const Index*> RequestedIndex(const Table& table, const Request& req, bool consistent);

// The storage key of an ExclusiveStartKey (table key, plus the index keys when reading one).
Result<std::string> StartStorageKey(const Table& table, const Index* index,
                                    const boost::json::value& start);

class PageBuilder {
 public:
  // `index` set: the items come from that index (LastEvaluatedKey then has its keys too).
  PageBuilder(const Table& table, const Index* index, const ReadParams& params)
      : table_(table), index_(index), params_(params) {}

  // Adds a scanned item; false when the page is full (the item was the last one).
  Result<bool> Add(const Item& item);

  // Adds the range's items in order until the range ends or the page is full.
  Result<void> AddAll(Storage::Range& range);

  // The reply: Items (unless COUNT), Count, ScannedCount, LastEvaluatedKey, ConsumedCapacity.
  Result<boost::json::object> Finish(const Request& req);

 private:
  const Table& table_;
  const Index* index_;
  const ReadParams& params_;
  boost::json::array items_;
  long long count_ = 0;
  long long scanned_ = 0;
  std::size_t bytes_ = 0;
  std::optional<Item> last_evaluated_;
};

}  // namespace nimbus::dynamodb

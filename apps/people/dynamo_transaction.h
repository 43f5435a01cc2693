// One TransactWriteItems call built action by action. Each action says which RepositoryError
// its condition failing means, so a cancelled transaction is reported as the reason a client
// can act on (email taken, stale version, ...) instead of "the transaction was cancelled".
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "nimbus/sdk/dynamodb.h"
#include "people/repository_types.h"

namespace nimbus::people {

class DynamoTransaction {
 public:
  // `action` is one TransactItems entry: {"Put": {...}}, {"Delete": {...}}, ...
  DynamoTransaction& Add(boost::json::object action, RepositoryError::Code on_condition_failed);

  // Commits all actions or none. A ConditionalCheckFailed reason becomes its action's code
  // (the first such action's, in order); a TransactionConflict becomes kConflict.
  RepositoryResult<void> Commit(sdk::dynamodb::Client& client, std::string_view what);

  std::size_t size() const { return actions_.size(); }

 private:
  boost::json::array actions_;
  std::vector<RepositoryError::Code> on_failed_;
};

// The error for a failed call other than a cancelled transaction: for the log only.
RepositoryError StoreFailure(std::string_view what, const sdk::dynamodb::Error& error);

}  // namespace nimbus::people

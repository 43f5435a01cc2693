#include "people/dynamo_transaction.h"

namespace nimbus::people {

DynamoTransaction& DynamoTransaction::Add(boost::json::object action,
                                          RepositoryError::Code on_condition_failed) {
  actions_.emplace_back(std::move(action));
  on_failed_.push_back(on_condition_failed);
  return *this;
}

RepositoryResult<void> DynamoTransaction::Commit(sdk::dynamodb::Client& client,
                                                 std::string_view what) {
  auto reply = client.TransactWriteItems(actions_);
  if (reply) return {};
  const sdk::dynamodb::Error& error = reply.error();
  if (!error.IsTransactionCanceled()) return std::unexpected(StoreFailure(what, error));
  const auto& reasons = error.cancellation_reasons;
  for (std::size_t i = 0; i < reasons.size() && i < on_failed_.size(); ++i) {
    if (reasons[i].code == "ConditionalCheckFailed") {
      return std::unexpected(RepositoryError{
          on_failed_[i],
          std::string(what) + ": action " + std::to_string(i) + " condition failed"});
    }
  }
  for (const auto& reason : reasons) {
    if (reason.code == "TransactionConflict") {
      return std::unexpected(RepositoryError{RepositoryError::Code::kConflict,
                                             std::string(what) + ": " + error.message});
    }
  }
  return std::unexpected(StoreFailure(what, error));
}

RepositoryError StoreFailure(std::string_view what, const sdk::dynamodb::Error& error) {
  return {RepositoryError::Code::kStorage, std::string(what) + " failed: HTTP " +
                                               std::to_string(error.http_status) + " " +
                                               error.type + ": " + error.message};
}

}  // namespace nimbus::people

// TransactWriteItems as a validated plan: every action's table, storage key, item, condition
// and update, checked before anything is locked or read. ops_transact_write.cc executes it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"
#include "dynamodb/operations.h"

namespace nimbus::dynamodb {

enum class WriteKind { kPut, kUpdate, kDelete, kConditionCheck };

struct WriteAction {
  WriteKind kind = WriteKind::kPut;
  std::shared_ptr<Table> table;
  // Empty when the key does not match the table's schema: DynamoDB cancels the transaction
  // and reports `schema_error` as this action's ValidationError.
  std::string storage_key;
  std::optional<ApiError> schema_error;
  Item key;                      // the key attributes (an Update creates the item from them)
  std::optional<Item> put_item;  // Put
  std::optional<Condition> condition;
  UpdateExpression update;  // Update
  bool return_old_on_failure = false;
};

struct WritePlan {
  std::vector<WriteAction> actions;
  std::string capacity_mode = "NONE";  // ReturnConsumedCapacity
  std::optional<std::string> client_token;
  std::string fingerprint;  // of TransactItems, for the token's mismatch check
};

// Request validation: member constraints, tables, keys, expressions, item sizes, the
// one-operation-per-item rule and the aggregate size, with DynamoDB's messages.
Result<WritePlan> ParseTransactWrite(OperationContext& ctx, const Request& req);

}  // namespace nimbus::dynamodb

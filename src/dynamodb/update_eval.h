// Applies a parsed UpdateExpression (SET / REMOVE / ADD / DELETE) to an item. Every
// right-hand side is evaluated against the item as it was before the update, as DynamoDB
// does.
#pragma once

#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"

namespace nimbus::dynamodb {

// The type errors visible from the expression alone (a :value of the wrong type for +, -,
// list_append, ADD or DELETE), which DynamoDB reports before it reads the item.
Result<void> CheckUpdateOperandTypes(const UpdateExpression& update);

// `old_item` is empty when the item does not exist yet (UpdateItem then creates it).
Result<Item> ApplyUpdate(const UpdateExpression& update, const Item& old_item);

}  // namespace nimbus::dynamodb

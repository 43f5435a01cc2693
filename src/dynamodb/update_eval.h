// Applies a parsed UpdateExpression (SET / REMOVE / ADD / DELETE) to an item. Every
// right-hand side is evaluated against the item as it was before the update, as DynamoDB
// does.
#pragma once

#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"

namespace nimbus::dynamodb {

// `old_item` is empty when the item does not exist yet (UpdateItem then creates it).
Result<Item> ApplyUpdate(const UpdateExpression& update, const Item& old_item);

}  // namespace nimbus::dynamodb

// DynamoDB's reserved words: they cannot name an attribute directly in an expression (an
// ExpressionAttributeNames placeholder must stand in), compared case-insensitively.
#pragma once

#include <string_view>

namespace nimbus::dynamodb {

bool IsReservedWord(std::string_view word);

}  // namespace nimbus::dynamodb

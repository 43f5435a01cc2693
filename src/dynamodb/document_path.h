// Document paths (a.b[0].c) as DynamoDB prints them in messages, and the rule that no two
// paths of one update or projection expression may overlap.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"

namespace nimbus::dynamodb {

std::string PathToString(const Path& path);    // a.b[0].c
std::string PathForMessage(const Path& path);  // [a, b, [0], c]

// ValidationException "Invalid <what>: Two document paths overlap ..." when one path is a
// prefix of another (or equal to it).
Result<void> CheckNoOverlap(const std::vector<const Path*>& paths, std::string_view what);

}  // namespace nimbus::dynamodb

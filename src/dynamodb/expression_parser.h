// Recursive-descent parsers for DynamoDB's expression grammar (developer guide, "Condition
// and filter expressions", "Update expressions", "Projection expressions"). Placeholders are
// substituted while parsing; the context records which were used, because DynamoDB rejects
// requests that define names or values no expression uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dynamodb/errors.h"
#include "dynamodb/expression_ast.h"
#include "dynamodb/expression_context.h"

namespace nimbus::dynamodb {

// `what` names the request parameter in messages: "ConditionExpression", "FilterExpression".
Result<Condition> ParseCondition(std::string_view text, std::string_view what,
                                 ExpressionContext& ctx);
Result<UpdateExpression> ParseUpdate(std::string_view text, ExpressionContext& ctx);
Result<std::vector<Path>> ParseProjection(std::string_view text, ExpressionContext& ctx);

}  // namespace nimbus::dynamodb

// DynamoDB's errors as values. Every failure inside the service is an ApiError; it becomes the
// wire document ({"__type":"<namespace>#<code>","message":...}) in exactly one place,
// ToReply(). One factory per error code DynamoDB documents.
#pragma once

#include <expected>
#include <string>

#include "dynamodb/service.h"

namespace nimbus::dynamodb {

struct ApiError {
  int http_status = 400;
  std::string code;
  std::string message;
  // Framework errors shared by every AWS service live in "com.amazon.coral.service".
  bool coral = false;
  // ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD carries
  // the item (an attribute map in wire JSON).
  std::string item_json;
};

template <typename T>
using Result = std::expected<T, ApiError>;

inline std::unexpected<ApiError> Fail(ApiError e) { return std::unexpected(std::move(e)); }

ApiError ValidationError(std::string message);
ApiError SerializationError(std::string message);
ApiError UnknownOperation();
ApiError ResourceNotFound(std::string message = "Requested resource not found");
ApiError TableNotFound(const std::string& table_name);
ApiError ResourceInUse(std::string message);
ApiError ConditionalCheckFailed();
ApiError LimitExceeded(std::string message);
ApiError AccessDenied(std::string message);
ApiError InternalServerError();

Reply ToReply(const ApiError& error);

}  // namespace nimbus::dynamodb

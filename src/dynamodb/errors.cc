#include "dynamodb/errors.h"

#include <boost/json.hpp>

#include "dynamodb/limits.h"

namespace nimbus::dynamodb {

ApiError ValidationError(std::string message) {
  return {400, "ValidationException", std::move(message)};
}

ApiError SerializationError(std::string message) {
  return {400, "SerializationException", std::move(message), true};
}

ApiError UnknownOperation() { return {400, "UnknownOperationException", "", true}; }

ApiError ResourceNotFound(std::string message) {
  return {400, "ResourceNotFoundException", std::move(message)};
}

ApiError TableNotFound(const std::string& table_name) {
  return ResourceNotFound("Requested resource not found: Table: " + table_name + " not found");
}

ApiError ResourceInUse(std::string message) {
  return {400, "ResourceInUseException", std::move(message)};
}

ApiError ConditionalCheckFailed() {
  return {400, "ConditionalCheckFailedException", "The conditional request failed"};
}

ApiError LimitExceeded(std::string message) {
  return {400, "LimitExceededException", std::move(message)};
}

ApiError AccessDenied(std::string message) {
  return {400, "AccessDeniedException", std::move(message), true};
}

ApiError InternalServerError() { return {500, "InternalServerError", "Internal server error"}; }

Reply ToReply(const ApiError& error) {
  boost::json::object body;
  body["__type"] =
      (error.coral ? "com.amazon.coral.service#" : "com.amazonaws.dynamodb.v20120810#") +
      error.code;
  if (!error.message.empty()) body["message"] = error.message;
  if (!error.item_json.empty()) {
    boost::json::parse_options options;
    options.max_depth = limits::kMaxJsonDepth;
    body["Item"] = boost::json::parse(error.item_json, {}, options);
  }
  return {error.http_status, boost::json::serialize(body)};
}

}  // namespace nimbus::dynamodb

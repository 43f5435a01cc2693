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

ApiError InternalServerError() { return {500, "InternalServerError", "Internal server error"}; }

ApiError TransactionCanceled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const CancellationReason& r : reasons) {
    if (!codes.empty()) codes += ", ";
    codes += r.code;
  }
  ApiError error{400, "TransactionCanceledException",
                 "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                     codes + "]"};
  error.cancellation_reasons = std::move(reasons);
  return error;
}

ApiError IdempotentParameterMismatch() {
  return {400, "IdempotentParameterMismatchException",
          "DynamoDB rejected the request because you retried a request with a different payload "
          "but with an idempotent token that was already used."};
}

namespace {

boost::json::value ParseItemJson(const std::string& item_json) {
  boost::json::parse_options options;
  options.max_depth = limits::kMaxJsonDepth;
  return boost::json::parse(item_json, {}, options);
}

boost::json::array CancellationReasonsJson(const std::vector<CancellationReason>& reasons) {
  boost::json::array out;
  for (const CancellationReason& r : reasons) {
    boost::json::object o{{"Code", r.code}};
    if (!r.message.empty()) o["Message"] = r.message;
    if (!r.item_json.empty()) o["Item"] = ParseItemJson(r.item_json);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Reply ToReply(const ApiError& error) {
  boost::json::object body;
  body["__type"] =
      (error.coral ? "com.amazon.coral.service#" : "com.amazonaws.dynamodb.v20120810#") +
      error.code;
  if (!error.cancellation_reasons.empty()) {
    // DynamoDB spells this exception's message member "Message".
    body["CancellationReasons"] = CancellationReasonsJson(error.cancellation_reasons);
    body["Message"] = error.message;
    return {error.http_status, boost::json::serialize(body)};
  }
  if (!error.message.empty()) body["message"] = error.message;
  if (!error.item_json.empty()) body["Item"] = ParseItemJson(error.item_json);
  return {error.http_status, boost::json::serialize(body)};
}

}  // namespace nimbus::dynamodb

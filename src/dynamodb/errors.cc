#include "dynamodb/errors.h"

#include <boost/json.hpp>

#include "dynamodb/limits.h"

namespace nimbus::dynamodb {

ApiError ValidationError(std::string message) {
  ApiError e{400, "ValidationException", std::move(message)};
  e.error_namespace = "com.amazon.coral.validate#";
  return e;
}

ApiError SerializationError(std::string message) {
  ApiError e{400, "SerializationException", std::move(message), true};
  e.capitalized_message = true;
  return e;
}

ApiError WrongJsonType(const boost::json::value& got, std::string_view java_type) {
  std::string type(java_type);
  if (got.is_array())
    return SerializationError("Unrecognized collection type class java.lang." + type);
  if (got.is_object())
    return SerializationError("Start of structure or map found where not expected");
  if (got.is_string()) {
    if (type == "Boolean") return SerializationError("Unexpected token received from parser");
    return SerializationError("STRING_VALUE cannot be converted to " + type);
  }
  if (got.is_bool()) {
    return SerializationError(std::string(got.get_bool() ? "TRUE_VALUE" : "FALSE_VALUE") +
                              " cannot be converted to " + type);
  }
  if (got.is_double()) return SerializationError("DECIMAL_VALUE cannot be converted to " + type);
  return SerializationError("NUMBER_VALUE cannot be converted to " + type);
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
  // DynamoDB spells this exception's message member "Message".
  error.capitalized_message = true;
  return error;
}

ApiError IdempotentParameterMismatch() {
  return {400, "IdempotentParameterMismatchException",
          "DynamoDB rejected the request because you retried a request with a different payload "
          "but with an idempotent token that was already used."};
}

ApiError NestingTooDeep() {
  return ValidationError(
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
      "beyond supported limit");
}

ApiError InValidationEnvelope(ApiError error) {
  constexpr std::string_view kEnvelope = "1 validation error detected: ";
  if (error.code == "ValidationException" && !error.message.starts_with(kEnvelope)) {
    error.message = std::string(kEnvelope) + error.message;
  }
  return error;
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
  std::string ns = !error.error_namespace.empty() ? error.error_namespace
                   : error.coral                  ? "com.amazon.coral.service#"
                                                  : "com.amazonaws.dynamodb.v20120810#";
  body["__type"] = ns + error.code;
  if (!error.cancellation_reasons.empty()) {
    body["CancellationReasons"] = CancellationReasonsJson(error.cancellation_reasons);
  }
  if (!error.message.empty()) {
    body[error.capitalized_message ? "Message" : "message"] = error.message;
  }
  if (!error.item_json.empty()) body["Item"] = ParseItemJson(error.item_json);
  return {error.http_status, boost::json::serialize(body)};
}

}  // namespace nimbus::dynamodb

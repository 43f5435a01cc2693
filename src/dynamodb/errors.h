// DynamoDB's errors as values. Every failure inside the service is an ApiError; it becomes the
// wire document ({"__type":"<namespace>#<code>","message":...}) in exactly one place,
// ToReply(). One factory per error code DynamoDB documents.
#pragma once

#include <boost/json/value.hpp>
#include <expected>
#include <string>
#include <vector>

#include "dynamodb/service.h"

namespace nimbus::dynamodb {

// Why one action of a transaction could not run (TransactionCanceledException), as DynamoDB
// reports it per action: Code "None", "ConditionalCheckFailed", "ValidationError", ...
struct CancellationReason {
  std::string code;
  std::string message;    // empty for "None"
  std::string item_json;  // ReturnValuesOnConditionCheckFailure=ALL_OLD: the item, wire JSON
};

struct ApiError {
  int http_status = 400;
  std::string code;
  std::string message;
  // Framework errors shared by every AWS service live in "com.amazon.coral.service".
  bool coral = false;
  // ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD carries
  // the item (an attribute map in wire JSON).
  std::string item_json;
  // TransactionCanceledException: one reason per action, in request order.
  std::vector<CancellationReason> cancellation_reasons;
  // The __type namespace when it is neither of the above (ValidationException's is
  // "com.amazon.coral.validate#"); empty for the default.
  std::string error_namespace;
  // The JSON reader's errors spell the member "Message".
  bool capitalized_message = false;
};

template <typename T>
using Result = std::expected<T, ApiError>;

inline std::unexpected<ApiError> Fail(ApiError e) { return std::unexpected(std::move(e)); }

ApiError ValidationError(std::string message);
ApiError SerializationError(std::string message);
// The SerializationException DynamoDB's JSON reader gives for a member of the wrong JSON type,
// e.g. "NUMBER_VALUE cannot be converted to String". `java_type` is the member's type in the
// service's model: String, Integer, Long, Boolean.
ApiError WrongJsonType(const boost::json::value& got, std::string_view java_type);
ApiError UnknownOperation();
ApiError ResourceNotFound(std::string message = "Requested resource not found");
ApiError TableNotFound(const std::string& table_name);
ApiError ResourceInUse(std::string message);
ApiError ConditionalCheckFailed();
ApiError LimitExceeded(std::string message);
ApiError AccessDenied(std::string message);
ApiError InternalServerError();
// "Transaction cancelled, please refer cancellation reasons for specific reasons [...]".
ApiError TransactionCanceled(std::vector<CancellationReason> reasons);
ApiError IdempotentParameterMismatch();
// An item (or a value) nested deeper than limits::kMaxDocumentPathDepth.
ApiError NestingTooDeep();

// PutItem, UpdateItem and DeleteItem report a bad value or expression inside the request
// validator's envelope, "1 validation error detected: <message>"; other operations do not.
ApiError InValidationEnvelope(ApiError error);

Reply ToReply(const ApiError& error);

}  // namespace nimbus::dynamodb

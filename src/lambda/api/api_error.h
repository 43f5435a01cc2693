// The Lambda API's errors: a value with a factory per error Lambda sends, turned into the wire
// shape in one place. Lambda speaks REST-JSON: the code travels in the x-amzn-ErrorType
// header and the body carries Type ("User" or "Service") and the message, under the member
// name each error's shape uses ("Message" for ResourceNotFoundException and
// ServiceException, "message" for the rest).
#pragma once

#include <string>
#include <string_view>

#include "lambda/invoker.h"
#include "net/http.h"

namespace nimbus::lambda::api {

struct ApiError {
  int http_status = 400;
  std::string code;  // x-amzn-ErrorType
  std::string message;
  bool capitalized_message = false;  // "Message" rather than "message"
  std::string reason;                // TooManyRequestsException's Reason
};

// 404 ResourceNotFoundException.
ApiError ResourceNotFound(std::string message);
// 400 InvalidParameterValueException.
ApiError InvalidParameterValue(std::string message);
// 400 InvalidRequestContentException (a body that is not JSON).
ApiError InvalidRequestContent(std::string message);
// 400 ValidationException: "1 validation error detected: Value '<value>' at '<member>' failed
// to satisfy constraint: <constraint>".
ApiError Validation(std::string_view value, std::string_view member, std::string_view constraint);
// A null value: "Value null at '<member>' failed to satisfy constraint: Member must not be null".
ApiError ValidationNull(std::string_view member);
// 404 UnknownOperationException: no Lambda operation has this method and path.
ApiError UnknownOperation();
// The API error a refused invocation carries (InvokeResult::Outcome::kServiceError).
ApiError FromInvokeResult(const InvokeResult& result);

// The reply for `error`, keep-alive following `request`.
net::Response ErrorResponse(const net::Request& request, const ApiError& error);

}  // namespace nimbus::lambda::api

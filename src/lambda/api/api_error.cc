#include "lambda/api/api_error.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "lambda/ids.h"

namespace nimbus::lambda::api {

ApiError ResourceNotFound(std::string message) {
  return {.http_status = 404,
          .code = "ResourceNotFoundException",
          .message = std::move(message),
          .capitalized_message = true};
}

ApiError InvalidParameterValue(std::string message) {
  return {
      .http_status = 400, .code = "InvalidParameterValueException", .message = std::move(message)};
}

ApiError InvalidRequestContent(std::string message) {
  return {
      .http_status = 400, .code = "InvalidRequestContentException", .message = std::move(message)};
}

ApiError Validation(std::string_view value, std::string_view member, std::string_view constraint) {
  return {.http_status = 400,
          .code = "ValidationException",
          .message = "1 validation error detected: Value '" + std::string(value) + "' at '" +
                     std::string(member) +
                     "' failed to satisfy constraint: " + std::string(constraint)};
}

ApiError ValidationNull(std::string_view member) {
  return {.http_status = 400,
          .code = "ValidationException",
          .message = "1 validation error detected: Value null at '" + std::string(member) +
                     "' failed to satisfy constraint: Member must not be null"};
}

ApiError UnknownOperation() {
  return {.http_status = 404, .code = "UnknownOperationException", .message = "Unknown operation"};
}

ApiError FromInvokeResult(const InvokeResult& result) {
  ApiError error{.http_status = result.http_status,
                 .code = result.error_type,
                 .message = result.error_message,
                 .capitalized_message = result.error_type == "ResourceNotFoundException" ||
                                        result.error_type == "ServiceException",
                 .reason = result.throttle_reason};
  return error;
}

net::Response ErrorResponse(const net::Request& request, const ApiError& error) {
  boost::json::object body;
  if (!error.reason.empty()) body["Reason"] = error.reason;
  body["Type"] = error.http_status >= 500 ? "Service" : "User";
  body[error.capitalized_message ? "Message" : "message"] = error.message;
  net::Response response{static_cast<net::http::status>(error.http_status), request.version()};
  response.set(net::http::field::content_type, "application/json");
  response.set("x-amzn-RequestId", NewRequestId());
  response.set("x-amzn-ErrorType", error.code);
  response.keep_alive(request.keep_alive());
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

}  // namespace nimbus::lambda::api

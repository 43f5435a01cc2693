#include "lambda/results.h"

#include <boost/json.hpp>
#include <cstdio>

namespace nimbus::lambda {

std::string ErrorDocument(std::string_view error_type, std::string_view message) {
  boost::json::object doc;
  doc["errorMessage"] = message;
  doc["errorType"] = error_type;
  return boost::json::serialize(doc);
}

InvokeResult Success(std::string payload) {
  InvokeResult r;
  r.payload = std::move(payload);
  return r;
}

InvokeResult FunctionError(std::string payload) {
  InvokeResult r;
  r.outcome = InvokeResult::Outcome::kFunctionError;
  r.function_error = "Unhandled";
  r.payload = std::move(payload);
  return r;
}

InvokeResult ServiceError(int http_status, std::string error_type, std::string message) {
  InvokeResult r;
  r.outcome = InvokeResult::Outcome::kServiceError;
  r.http_status = http_status;
  r.payload = ErrorDocument(error_type, message);
  r.error_type = std::move(error_type);
  r.error_message = std::move(message);
  return r;
}

InvokeResult SyncPayloadTooLarge() {
  return ServiceError(413, "RequestEntityTooLargeException",
                      "Request must be smaller than " + std::to_string(kMaxRequestPayloadBytes) +
                          " bytes for the InvokeFunction operation");
}

InvokeResult AsyncPayloadTooLarge(std::size_t bytes) {
  return ServiceError(413, "RequestEntityTooLargeException",
                      std::to_string(bytes) +
                          " byte payload is too large for the Event invocation type (limit " +
                          std::to_string(kMaxAsyncPayloadBytes) + " bytes)");
}

InvokeResult FunctionNotFound(std::string_view function_arn) {
  return ServiceError(404, "ResourceNotFoundException",
                      "Function not found: " + std::string(function_arn));
}

InvokeResult Throttled(std::string_view reason) {
  InvokeResult r = ServiceError(429, "TooManyRequestsException", "Rate Exceeded.");
  r.throttle_reason = reason;
  return r;
}

std::string SecondsText(std::chrono::milliseconds d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(d.count()) / 1000.0);
  return text;
}

InvokeResult TimedOut(std::string_view request_id, std::chrono::milliseconds timeout) {
  return FunctionError(ErrorDocument("Sandbox.Timedout", "RequestId: " + std::string(request_id) +
                                                             " Error: Task timed out after " +
                                                             SecondsText(timeout) + " seconds"));
}

InvokeResult RuntimeExited(std::string_view request_id, const ExitStatus& status) {
  return FunctionError(ErrorDocument(
      "Runtime.ExitError", "RequestId: " + std::string(request_id) +
                               " Error: Runtime exited with error: " + status.Describe()));
}

InvokeResult OutOfMemory(std::string_view request_id) {
  return FunctionError(ErrorDocument("Runtime.OutOfMemory",
                                     "RequestId: " + std::string(request_id) +
                                         " Error: Runtime exited with error: signal: killed"));
}

InvokeResult ResponseTooLarge(std::size_t bytes) {
  return FunctionError(ErrorDocument("Function.ResponseSizeTooLarge",
                                     "Response payload size (" + std::to_string(bytes) +
                                         " bytes) exceeded maximum allowed payload size (" +
                                         std::to_string(kMaxResponsePayloadBytes) + " bytes)."));
}

InvokeResult InvalidEntrypoint(std::string_view request_id, std::string_view bootstrap) {
  return FunctionError(
      ErrorDocument("Runtime.InvalidEntrypoint", "RequestId: " + std::string(request_id) +
                                                     " Error: Couldn't find valid bootstrap(s): [" +
                                                     std::string(bootstrap) + "]"));
}

}  // namespace nimbus::lambda

// The seam between callers of a function (the gateway, the Invoke API) and the function host.
// An Invoker runs one synchronous (RequestResponse) invocation and reports how it ended.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace nimbus::lambda {

struct InvokeResult {
  enum class Outcome {
    kSuccess,        // payload is the function's response.
    kFunctionError,  // payload is the error document; function_error says "Unhandled" etc.
    kServiceError,   // the invocation never produced a result: see error_type/error_message.
  };
  Outcome outcome = Outcome::kSuccess;
  std::string payload;
  // X-Amz-Function-Error value for kFunctionError ("Unhandled").
  std::string function_error;
  // For kServiceError: the Lambda API error (e.g. "ResourceNotFoundException") and its HTTP status.
  std::string error_type;
  std::string error_message;
  int http_status = 200;
  // For a 429: Lambda's ThrottleReason ("ReservedFunctionConcurrentInvocationLimitExceeded"...).
  std::string throttle_reason;
  // The invocation's request id (the runtime's Lambda-Runtime-Aws-Request-Id); empty when the
  // invocation was refused before it got one.
  std::string request_id;
  // Only when asked for (InvokeOptions::tail_log): the end of the invocation's log, at most
  // kLogTailBytes, START/END/REPORT lines included. Plain text; the Invoke API base64s it.
  std::string log_tail;
};

// What a caller may hand the function beside the event (the context object's clientContext
// and identity, and the caller's trace). Empty members are left out.
struct InvokeContext {
  std::string client_context;    // JSON (the Invoke API's X-Amz-Client-Context, decoded)
  std::string cognito_identity;  // JSON {"cognitoIdentityId":...,"cognitoIdentityPoolId":...}
  std::string trace_header;      // X-Amzn-Trace-Id of the caller; else a new trace starts
};

class Invoker {
 public:
  virtual ~Invoker() = default;
  // Invokes `function_name` with `payload` (a JSON document) and waits for the result.
  // Thread-safe.
  virtual boost::asio::awaitable<InvokeResult> Invoke(std::string function_name,
                                                      std::string payload) = 0;
  // As Invoke, passing the caller's X-Ray trace header ("Root=1-...") on to the function as
  // its Lambda-Runtime-Trace-Id. An Invoker that has no use for it may keep this default.
  virtual boost::asio::awaitable<InvokeResult> InvokeTraced(std::string function_name,
                                                            std::string payload,
                                                            std::string trace_id) {
    (void)trace_id;
    co_return co_await Invoke(std::move(function_name), std::move(payload));
  }
};

}  // namespace nimbus::lambda

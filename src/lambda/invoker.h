// The seam between callers of a function (the gateway, the Invoke API) and the function host.
// An Invoker runs one synchronous (RequestResponse) invocation and reports how it ended.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

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
  // The same with the caller's context. Invokers that have no use for it drop it.
  virtual boost::asio::awaitable<InvokeResult> InvokeWithContext(std::string function_name,
                                                                 std::string payload,
                                                                 InvokeContext context) {
    (void)context;
    co_return co_await Invoke(std::move(function_name), std::move(payload));
  }
};

}  // namespace nimbus::lambda

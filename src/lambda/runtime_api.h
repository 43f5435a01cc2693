// The Lambda Runtime API (2018-06-01) as HTTP: routes a runtime's request to the instance
// behind the endpoint (a RuntimeApiBackend) and renders the outcome as Lambda does.
//
//   GET  /2018-06-01/runtime/invocation/next            long-poll; 200 + event + headers
//   POST /2018-06-01/runtime/invocation/{id}/response   202 {"status":"OK"}
//   POST /2018-06-01/runtime/invocation/{id}/error      202 {"status":"OK"}
//   POST /2018-06-01/runtime/init/error                 202 {"status":"OK"}
//
// A response may be streamed (Lambda-Runtime-Function-Response-Mode: streaming, chunked
// transfer): the body arrives whole once the last chunk is in, and an error the function hit
// mid-stream comes in the trailers Lambda-Runtime-Function-Error-Type and
// Lambda-Runtime-Function-Error-Body (base64), which make the invocation a function error.
//
// Failures, as Lambda's own Runtime API words them: 400 InvalidRequestID (not the running
// invocation), 400 InvalidFunctionResponseMode, 403 InvalidStateTransition ("State transition
// from Ready to InitError failed for runtime. Error: State transition is not allowed"),
// 413 RequestEntityTooLarge, 404/405 for anything else; bodies are
// {"errorMessage":...,"errorType":...}.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "net/http.h"

namespace nimbus::lambda {

inline constexpr std::string_view kRuntimeApiPrefix = "/2018-06-01/runtime/";

struct NextInvocation {
  std::string request_id;
  std::string payload;
  std::int64_t deadline_ms = 0;  // epoch milliseconds
  std::string function_arn;
  std::string trace_id;
  // JSON documents; their headers are left out when empty, as Lambda does.
  std::string client_context;    // Lambda-Runtime-Client-Context
  std::string cognito_identity;  // Lambda-Runtime-Cognito-Identity
};

// Why the backend refused a call. Converts from its Code, so `std::unexpected(kTooLarge)` reads
// as before; kInvalidState also names the state the runtime was in.
struct RuntimeApiError {
  enum Code {
    kInvalidRequestId,  // not the invocation this instance is running
    kInvalidState,      // e.g. `next` while an invocation is still open
    kTooLarge,          // response over kMaxResponsePayloadBytes; the invocation failed
    kShuttingDown,      // the instance is being stopped
  };
  RuntimeApiError(Code c, std::string_view state = {}) : code(c), runtime_state(state) {}
  bool operator==(Code c) const { return code == c; }

  Code code;
  // Lambda's name for the state a refused transition started from: "Started", "Ready",
  // "RuntimeResponseSentState", "InitError". Points at a string literal.
  std::string_view runtime_state;
};

// The headers of the Runtime API that carry meaning, spelt as Lambda spells them.
inline constexpr std::string_view kErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
inline constexpr std::string_view kErrorBodyTrailer = "Lambda-Runtime-Function-Error-Body";
inline constexpr std::string_view kResponseModeHeader = "Lambda-Runtime-Function-Response-Mode";
inline constexpr std::string_view kStreamingResponseMode = "streaming";

// One instance's side of the API. Called from any io_context thread.
class RuntimeApiBackend {
 public:
  virtual ~RuntimeApiBackend() = default;
  // Completes when an invocation is assigned to this instance.
  virtual boost::asio::awaitable<std::expected<NextInvocation, RuntimeApiError>> Next() = 0;
  virtual std::expected<void, RuntimeApiError> Respond(std::string_view request_id,
                                                       std::string body) = 0;
  virtual std::expected<void, RuntimeApiError> ReportError(std::string_view request_id,
                                                           std::string error_type,
                                                           std::string body) = 0;
  virtual std::expected<void, RuntimeApiError> ReportInitError(std::string error_type,
                                                               std::string body) = 0;
};

boost::asio::awaitable<net::Response> HandleRuntimeApi(net::Request request,
                                                       RuntimeApiBackend& backend);

}  // namespace nimbus::lambda

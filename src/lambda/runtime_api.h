// The Lambda Runtime API (2018-06-01) as HTTP: routes a runtime's request to the instance
// behind the endpoint (a RuntimeApiBackend) and renders the outcome as Lambda does.
//
//   GET  /2018-06-01/runtime/invocation/next            long-poll; 200 + event + headers
//   POST /2018-06-01/runtime/invocation/{id}/response   202 {"status":"OK"}
//   POST /2018-06-01/runtime/invocation/{id}/error      202 {"status":"OK"}
//   POST /2018-06-01/runtime/init/error                 202 {"status":"OK"}
//
// Failures: 400 InvalidRequestID, 403 InvalidStateTransition, 413 RequestEntityTooLarge,
// 404/405 for anything else; bodies are {"errorMessage":...,"errorType":...}.
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
};

enum class RuntimeApiError {
  kInvalidRequestId,  // not the invocation this instance is running
  kInvalidState,      // e.g. `next` while an invocation is still open
  kTooLarge,          // response over kMaxResponsePayloadBytes; the invocation failed
  kShuttingDown,      // the instance is being stopped
};

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

// The Lambda custom-runtime client: the loop a function's `bootstrap` runs. It speaks the
// Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API, so the same binary runs under
// `nimbus up` and on AWS Lambda (provided.al2023).
//
//   int main() {
//     return nimbus::sdk::runtime::RunHandler([](const InvocationRequest& req) {
//       return InvocationResponse::Success(R"({"ok":true})");
//     });
//   }
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace nimbus::sdk::runtime {

struct InvocationRequest {
  std::string payload;
  std::string request_id;        // Lambda-Runtime-Aws-Request-Id
  std::string function_arn;      // Lambda-Runtime-Invoked-Function-Arn
  std::string xray_trace_id;     // Lambda-Runtime-Trace-Id
  std::string client_context;    // Lambda-Runtime-Client-Context (JSON, may be empty)
  std::string cognito_identity;  // Lambda-Runtime-Cognito-Identity (JSON, may be empty)
  std::chrono::system_clock::time_point deadline;  // Lambda-Runtime-Deadline-Ms

  std::chrono::milliseconds RemainingTime() const;
};

class InvocationResponse {
 public:
  static InvocationResponse Success(std::string payload,
                                    std::string content_type = "application/json");
  // Reported through /error as {"errorMessage", "errorType", "stackTrace": []}.
  static InvocationResponse Failure(std::string error_message, std::string error_type);

  bool is_success() const { return success_; }
  const std::string& payload() const { return payload_; }
  const std::string& content_type() const { return content_type_; }
  const std::string& error_type() const { return error_type_; }

 private:
  bool success_ = true;
  std::string payload_;
  std::string content_type_;
  std::string error_type_;
};

using Handler = std::function<InvocationResponse(const InvocationRequest&)>;

// Runs the Runtime API loop forever: next → handler → response/error. An exception thrown by
// the handler is reported through /error and the loop goes on. Initialization errors (no
// $AWS_LAMBDA_RUNTIME_API) are reported through /init/error when possible. Returns non-zero
// only when the Runtime API cannot be reached.
int RunHandler(const Handler& handler);

struct RuntimeOptions {
  std::string runtime_api;  // "host:port", the value of $AWS_LAMBDA_RUNTIME_API
  int max_invocations = 0;  // stop after this many (tests); 0 runs for ever
};

// The loop above with its configuration passed in; returns 0 after max_invocations.
int RunHandler(const Handler& handler, const RuntimeOptions& options);

// Builds the handler (the function's initialization: configuration, clients), then runs the
// loop. An exception `init` throws is reported through /2018-06-01/runtime/init/error, with the
// exception's type as Lambda-Runtime-Function-Error-Type, and the function exits with 1: the
// invocation that caused the cold start gets that error, as on Lambda.
//
//   int main() {
//     return RunWithInit([] {
//       auto table = RequireEnv("PEOPLE_TABLE");  // throws when missing
//       return Handler([table](const InvocationRequest& r) { ... });
//     });
//   }
using HandlerFactory = std::function<Handler()>;
int RunWithInit(const HandlerFactory& init);
int RunWithInit(const HandlerFactory& init, const RuntimeOptions& options);

// For a function whose own initialization failed (bad configuration, ...): reports it through
// /2018-06-01/runtime/init/error at $AWS_LAMBDA_RUNTIME_API, after which the function should
// exit. Returns false when the report could not be delivered.
bool ReportInitError(std::string_view error_message, std::string_view error_type);
bool ReportInitError(std::string_view error_message, std::string_view error_type,
                     const RuntimeOptions& options);

}  // namespace nimbus::sdk::runtime

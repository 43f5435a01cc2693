#include "nimbus/sdk/runtime.h"

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <typeinfo>

#include "runtime_client.h"

namespace nimbus::sdk::runtime {
namespace {

// Consecutive failed polls of /invocation/next before the Runtime API counts as unreachable.
constexpr int kMaxNextFailures = 3;

std::string TypeName(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> demangled(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
  return status == 0 && demangled ? std::string(demangled.get()) : std::string(type.name());
}

// Exceptions stop here: they become the invocation's error, never the process's end.
InvocationResponse Invoke(const Handler& handler, const InvocationRequest& invocation) {
  try {
    return handler(invocation);
  } catch (const std::exception& e) {
    return InvocationResponse::Failure(e.what(), TypeName(typeid(e)));
  } catch (...) {
    return InvocationResponse::Failure("Unknown exception", "Unknown");
  }
}

void SetTraceEnvironment(const std::string& trace_id) {
  // Lambda's own runtimes do this too: X-Ray SDKs read the trace of the current invocation here.
  if (trace_id.empty()) {
    unsetenv("_X_AMZN_TRACE_ID");
  } else {
    setenv("_X_AMZN_TRACE_ID", trace_id.c_str(), 1);
  }
}

std::optional<RuntimeOptions> OptionsFromEnvironment() {
  const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (api == nullptr || *api == '\0') {
    std::cerr << "nimbus runtime: AWS_LAMBDA_RUNTIME_API is not set; this binary runs under "
                 "Lambda or `nimbus up`\n";
    return std::nullopt;
  }
  return RuntimeOptions{.runtime_api = api};
}

}  // namespace

std::chrono::milliseconds InvocationRequest::RemainingTime() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                               std::chrono::system_clock::now());
}

InvocationResponse InvocationResponse::Success(std::string payload, std::string content_type) {
  InvocationResponse response;
  response.success_ = true;
  response.payload_ = std::move(payload);
  response.content_type_ = std::move(content_type);
  return response;
}

InvocationResponse InvocationResponse::Failure(std::string error_message, std::string error_type) {
  InvocationResponse response;
  response.success_ = false;
  response.payload_ = std::move(error_message);
  response.content_type_ = "application/json";
  response.error_type_ = std::move(error_type);
  return response;
}

int RunHandler(const Handler& handler) {
  auto options = OptionsFromEnvironment();
  return options ? RunHandler(handler, *options) : 1;
}

int RunHandler(const Handler& handler, const RuntimeOptions& options) {
  auto endpoint = Endpoint::Parse(options.runtime_api);
  if (!endpoint) {
    std::cerr << "nimbus runtime: " << endpoint.error() << "\n";
    return 1;
  }
  RuntimeClient client(*endpoint);
  int failures = 0;
  for (int served = 0; options.max_invocations == 0 || served < options.max_invocations;) {
    auto invocation = client.Next();
    if (!invocation) {
      std::cerr << "nimbus runtime: " << invocation.error() << "\n";
      if (++failures >= kMaxNextFailures) return 1;
      continue;
    }
    failures = 0;
    ++served;
    SetTraceEnvironment(invocation->xray_trace_id);
    InvocationResponse response = Invoke(handler, *invocation);
    if (!response.is_success()) {
      std::cerr << "ERROR " << response.error_type() << ": " << response.payload() << "\n";
    }
    if (auto posted = client.PostResponse(invocation->request_id, response); !posted) {
      // Lambda refused the result (too large, invocation gone): the loop goes on regardless.
      std::cerr << "nimbus runtime: " << posted.error() << "\n";
    }
  }
  return 0;
}

int RunWithInit(const HandlerFactory& init) {
  auto options = OptionsFromEnvironment();
  return options ? RunWithInit(init, *options) : 1;
}

int RunWithInit(const HandlerFactory& init, const RuntimeOptions& options) {
  Handler handler;
  try {
    handler = init();
  } catch (const std::exception& e) {
    std::cerr << "INIT ERROR " << TypeName(typeid(e)) << ": " << e.what() << "\n";
    ReportInitError(e.what(), TypeName(typeid(e)), options);
    return 1;
  } catch (...) {
    std::cerr << "INIT ERROR Unknown: unknown exception\n";
    ReportInitError("Unknown exception", "Unknown", options);
    return 1;
  }
  return RunHandler(handler, options);
}

bool ReportInitError(std::string_view error_message, std::string_view error_type) {
  auto options = OptionsFromEnvironment();
  return options && ReportInitError(error_message, error_type, *options);
}

bool ReportInitError(std::string_view error_message, std::string_view error_type,
                     const RuntimeOptions& options) {
  auto endpoint = Endpoint::Parse(options.runtime_api);
  if (!endpoint) return false;
  RuntimeClient client(*endpoint);
  auto posted = client.PostInitError(error_message, error_type);
  if (!posted) std::cerr << "nimbus runtime: " << posted.error() << "\n";
  return posted.has_value();
}

}  // namespace nimbus::sdk::runtime

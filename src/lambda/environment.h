// The environment an instance's runtime starts with: exactly the variables Lambda defines for
// a custom runtime, then the host's extra variables, then the function's own. Reserved names
// always carry Lambda's value; Lambda refuses a configuration that sets one
// (ValidateFunctionEnvironment says so up front).
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lambda/credentials.h"
#include "lambda/function_host.h"

namespace nimbus::lambda {

// Names the function's configuration may not set (Lambda: "Reserved keys used in this
// request"). LANG, PATH and LD_LIBRARY_PATH are defaults a function may override.
bool IsReservedVariable(std::string_view name);

// An error message naming the reserved keys a function sets, as Lambda's
// InvalidParameterValueException does.
std::expected<void, std::string> ValidateFunctionEnvironment(const FunctionConfig& function);

struct InstanceIdentity {
  std::string runtime_api;  // "127.0.0.1:PORT"
  std::string log_stream;   // AWS_LAMBDA_LOG_STREAM_NAME
  // AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" or "provisioned-concurrency".
  std::string initialization_type = "on-demand";
  // The instance's own key pair; none: the host's (HostOptions) keys.
  std::optional<Credentials> credentials;
};

std::map<std::string, std::string> BuildEnvironment(const HostOptions& host,
                                                    const FunctionConfig& function,
                                                    const InstanceIdentity& instance);

// "NAME=value" entries for exec.
std::vector<std::string> ToEnvp(const std::map<std::string, std::string>& env);

}  // namespace nimbus::lambda

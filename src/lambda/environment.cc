#include "lambda/environment.h"

#include <algorithm>
#include <array>

namespace nimbus::lambda {
namespace {

// From the Lambda developer guide, "Defined runtime environment variables".
constexpr std::array<std::string_view, 19> kReserved = {
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "TZ",
};

}  // namespace

bool IsReservedVariable(std::string_view name) {
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

std::expected<void, std::string> ValidateFunctionEnvironment(const FunctionConfig& function) {
  std::string keys;
  for (const auto& [name, value] : function.environment) {
    if (!IsReservedVariable(name)) continue;
    keys += keys.empty() ? name : "," + name;
  }
  if (keys.empty()) return {};
  return std::unexpected(
      "Lambda was unable to configure your environment variables because the environment "
      "variables you have provided contains reserved keys that are currently not supported for "
      "modification. Reserved keys used in this request: " +
      keys);
}

std::map<std::string, std::string> BuildEnvironment(const HostOptions& host,
                                                    const FunctionConfig& function,
                                                    const InstanceIdentity& instance) {
  const std::string task_root = function.code_dir.string();
  // Lambda's defaults with /var/task and /var/runtime mapped to the local code directory.
  std::map<std::string, std::string> env = {
      {"LANG", "en_US.UTF-8"},
      {"PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"},
      {"LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + task_root + ":" + task_root + "/lib:/opt/lib"},
  };
  for (const auto& [name, value] : host.environment) {
    if (!IsReservedVariable(name)) env[name] = value;
  }
  for (const auto& [name, value] : function.environment) {
    if (!IsReservedVariable(name)) env[name] = value;
  }
  env["AWS_LAMBDA_RUNTIME_API"] = instance.runtime_api;
  env["_HANDLER"] = function.handler;
  env["LAMBDA_TASK_ROOT"] = task_root;
  env["LAMBDA_RUNTIME_DIR"] = task_root;
  env["AWS_LAMBDA_FUNCTION_NAME"] = function.name;
  env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
  env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(function.memory_mb);
  env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.name;
  env["AWS_LAMBDA_LOG_STREAM_NAME"] = instance.log_stream;
  env["AWS_LAMBDA_INITIALIZATION_TYPE"] = instance.initialization_type;
  env["AWS_REGION"] = host.region;
  env["AWS_DEFAULT_REGION"] = host.region;
  const Credentials keys = instance.credentials.value_or(
      Credentials{host.access_key_id, host.secret_access_key, host.session_token});
  env["AWS_ACCESS_KEY_ID"] = keys.access_key_id;
  env["AWS_SECRET_ACCESS_KEY"] = keys.secret_access_key;
  if (!keys.session_token.empty()) env["AWS_SESSION_TOKEN"] = keys.session_token;
  env["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + function.runtime;
  env["TZ"] = ":UTC";
  return env;
}

std::vector<std::string> ToEnvp(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

}  // namespace nimbus::lambda

// The function host: Lambda, locally. Each function instance is a real child process (the
// function's `bootstrap`, a custom runtime) that talks to its own Runtime API endpoint on
// loopback. One invocation at a time per instance; when every instance of a function is busy,
// another is started. A crash or hang of an instance never takes the host down.
//
//   auto host = FunctionHost::Create(io, options, functions);
//   InvokeResult r = co_await host->Invoke("people", event_json);
//
// Thread-safe: Invoke may be called from any thread running the io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lambda/invoker.h"

namespace nimbus::lambda {

struct FunctionConfig {
  std::string name;
  std::filesystem::path code_dir;   // LAMBDA_TASK_ROOT; holds the `bootstrap` executable
  std::string handler = "bootstrap";  // _HANDLER
  std::string runtime = "provided.al2023";
  int memory_mb = 128;              // AWS_LAMBDA_FUNCTION_MEMORY_SIZE
  std::chrono::milliseconds timeout = std::chrono::seconds(3);
  std::map<std::string, std::string> environment;  // the function's own variables
  std::string role_arn;
};

struct HostOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Given to each instance as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
  std::string session_token;
  // Extra variables every instance gets (e.g. AWS_ENDPOINT_URL pointing at the edge port).
  std::map<std::string, std::string> environment;
  // Where instance stdout/stderr go: <log_dir>/<function>/<instance>.log. Empty: inherited.
  std::filesystem::path log_dir;
  // Upper bound on instances per function (Lambda's default account limit is 1000).
  int max_instances_per_function = 1000;
};

class FunctionHost : public Invoker {
 public:
  static std::unique_ptr<FunctionHost> Create(boost::asio::io_context& io, HostOptions options,
                                              std::vector<FunctionConfig> functions);
  ~FunctionHost() override = default;

  // Stops every instance (SIGTERM, then SIGKILL) and refuses new invocations.
  virtual void Stop() = 0;
};

}  // namespace nimbus::lambda

// The function host: Lambda, locally. Each function instance is a real child process (the
// function's `bootstrap`, a custom runtime) that talks to its own Runtime API endpoint on
// loopback. One invocation at a time per instance; when every instance of a function is busy,
// another is started. A crash or hang of an instance never takes the host down.
//
//   auto host = FunctionHost::Create(io, options, functions);
//   InvokeResult r = co_await host->Invoke("people", event_json);
//
// Asynchronous (Event) invocations are queued and retried; concurrency beyond a function's
// reservation or the account limit is refused with 429, as on Lambda.
//
// Thread-safe: Invoke may be called from any thread running the io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lambda/clock.h"
#include "lambda/concurrency.h"
#include "lambda/credentials.h"
#include "lambda/invoker.h"
#include "lambda/process.h"

namespace nimbus::lambda {

struct FunctionConfig {
  std::string name;
  std::filesystem::path code_dir;     // LAMBDA_TASK_ROOT; holds the `bootstrap` executable
  std::string handler = "bootstrap";  // _HANDLER
  std::string runtime = "provided.al2023";
  int memory_mb = 128;  // AWS_LAMBDA_FUNCTION_MEMORY_SIZE
  std::chrono::milliseconds timeout = std::chrono::seconds(3);
  std::map<std::string, std::string> environment;  // the function's own variables
  std::string role_arn;
  // Reserved concurrency (PutFunctionConcurrency); none: the function shares the account's
  // unreserved pool. Check with ValidateConcurrency first.
  std::optional<int> reserved_concurrency;
  // Instances initialised before the host is ready (Provision) and never reaped while idle.
  int provisioned_concurrency = 0;
};

// How an asynchronous (Event) invocation is retried, as Lambda documents it: a function error
// is retried twice, one minute then two minutes later; a throttle (429) or a service error
// goes back to the queue with a back-off from 1 s doubling to 5 min, for up to 6 hours.
struct AsyncRetryPolicy {
  std::vector<std::chrono::milliseconds> function_error_delays = {std::chrono::minutes(1),
                                                                  std::chrono::minutes(2)};
  std::chrono::milliseconds throttle_first_delay = std::chrono::seconds(1);
  std::chrono::milliseconds throttle_max_delay = std::chrono::minutes(5);
  std::chrono::milliseconds max_event_age = std::chrono::hours(6);
  // Every wait above multiplied by `factor` (tests and `nimbus up --async-delay-scale`).
  AsyncRetryPolicy Scaled(double factor) const;
};

// What a caller of the Invoke API may ask beyond the payload.
struct InvokeOptions {
  bool tail_log = false;         // X-Amz-Log-Type: Tail
  std::string trace_id;          // the caller's X-Ray trace header; empty: a new trace
  std::string client_context;    // X-Amz-Client-Context, decoded (JSON); empty: none
  std::string cognito_identity;  // JSON; empty: none
};

// Lambda does not document how long it keeps an idle environment; observed lifetimes are
// minutes. Ten minutes keeps a developer's functions warm between edits.
inline constexpr std::chrono::milliseconds kDefaultIdleTimeout = std::chrono::minutes(10);

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
  // Invocations running at once across all functions; beyond it, 429 (see concurrency.h).
  int account_concurrency = kDefaultAccountConcurrency;
  AsyncRetryPolicy async_retry;
  // Idle instances are frozen (SIGSTOP) between invocations and thawed (SIGCONT) when work
  // arrives, as Lambda freezes execution environments: an idle runtime uses no CPU.
  bool freeze_idle = true;
  // An on-demand instance idle this long is stopped; the next invocation is a cold start.
  std::chrono::milliseconds idle_timeout = kDefaultIdleTimeout;
  // Watch each function's `bootstrap` (inotify) and replace its instances when it changes.
  bool watch_code = false;
};

// Reserved concurrency must leave the account's unreserved pool its minimum; the error says
// which rule was broken.
std::expected<void, std::string> ValidateConcurrency(const HostOptions& options,
                                                     const std::vector<FunctionConfig>& functions);

// The operating system as the host uses it; null members get the real thing. Tests inject
// fakes here.
struct HostDependencies {
  std::shared_ptr<ProcessSpawner> spawner;
  std::shared_ptr<const Clock> clock;
  // Lambda's 10 s init limit (kInitTimeout); shorter only so tests need not wait for it.
  std::chrono::milliseconds init_timeout = std::chrono::seconds(10);
  // Issues each instance its own credentials; null: every instance gets HostOptions' keys.
  std::shared_ptr<CredentialIssuer> credentials;
  // Resident memory of a running instance in bytes (null: /proc/<pid>/status VmRSS).
  std::function<std::optional<std::uint64_t>(pid_t)> read_rss;
  // Told after a watched function's instances were replaced (HostOptions::watch_code).
  std::function<void(const std::string& function_name)> on_reload;
};

class FunctionHost : public Invoker {
 public:
  // Function names must be unique. Reserved environment variables a function sets are
  // ignored; check configurations with ValidateFunctionEnvironment (environment.h) first.
  static std::unique_ptr<FunctionHost> Create(boost::asio::io_context& io, HostOptions options,
                                              std::vector<FunctionConfig> functions,
                                              HostDependencies deps = {});
  // Kills (SIGKILL) and reaps every instance still running: no child outlives the host.
  // REQUIRES: no thread is running the io_context, or Stop() was called and drained first.
  ~FunctionHost() override = default;

  // Stops every instance (SIGTERM, then SIGKILL after a grace period) and refuses new
  // invocations; invocations in flight end as their runtimes exit. Once the instances are
  // gone the host holds no work on the io_context.
  virtual void Stop() = 0;

  // Instances of `function_name` alive now (starting, idle, busy or not yet reaped).
  virtual std::size_t InstanceCount(std::string_view function_name) const = 0;

  using Invoker::Invoke;
  // A synchronous invocation with the Invoke API's options. Refused (kServiceError) when the
  // payload is over kMaxRequestPayloadBytes, the function unknown or its concurrency used up.
  virtual boost::asio::awaitable<InvokeResult> Invoke(std::string function_name,
                                                      std::string payload,
                                                      InvokeOptions options) = 0;
  // Queues an asynchronous (Event) invocation and returns its request id at once; it runs,
  // and is retried, as AsyncRetryPolicy says. Refused (the error) when the payload is over
  // kMaxAsyncPayloadBytes or the function unknown; a throttle is retried, not refused.
  virtual std::expected<std::string, InvokeResult> InvokeAsync(std::string function_name,
                                                               std::string payload) = 0;

  // The functions, sorted by name; fixed for the host's life.
  virtual std::vector<const FunctionConfig*> Functions() const = 0;
  // Null if there is no such function (by plain name).
  virtual const FunctionConfig* FindFunction(std::string_view name) const = 0;
  // Reserved concurrency and the account limit, readable and changeable while running.
  virtual ConcurrencyLimiter& Concurrency() = 0;
  // Starts every function's provisioned instances and waits until each has initialised
  // (asked for its first invocation). An error names the function whose instance failed.
  virtual boost::asio::awaitable<std::expected<void, std::string>> Provision() = 0;

  // The function's code changed: new invocations go to fresh instances; idle ones stop now,
  // busy ones once their invocation ends.
  virtual void Reload(std::string_view function_name) = 0;
};

}  // namespace nimbus::lambda

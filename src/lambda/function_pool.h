// The instances of one function and the rules between them: one invocation at a time per
// instance; an invocation goes to an idle instance, else to one about to ask for work, else
// to a cold start (bound to it) while the pool is under its limit, else it queues. Enforces
// the init and invocation timeouts and turns crashes into the caller's function error.
//
// Thread-safe: every entry point takes the pool's mutex, which is never held across an await.
// Owned through shared_ptr: timers, process watchers and Runtime API endpoints hold weak
// references, so a destroyed pool simply stops hearing about its instances.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "lambda/clock.h"
#include "lambda/concurrency.h"
#include "lambda/function_host.h"
#include "lambda/instance.h"
#include "lambda/memory_watch.h"
#include "lambda/process.h"
#include "lambda/runtime_api.h"

namespace nimbus::lambda {

// How long Stop() lets runtimes exit after SIGTERM before SIGKILL (Lambda gives 500 ms to
// extensions-free runtimes; a little more is kinder to slow local machines).
inline constexpr std::chrono::milliseconds kStopGrace{2000};
// How long a runtime that reported an init error may take to exit on its own.
inline constexpr std::chrono::milliseconds kInitErrorGrace{1000};

struct PoolContext {
  boost::asio::io_context& io;
  std::shared_ptr<const HostOptions> options;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<ProcessSpawner> spawner;
  std::chrono::milliseconds init_timeout;
  std::shared_ptr<CredentialIssuer> credentials;  // null: HostOptions' keys for everyone
  MemoryWatch::ReadRss read_rss;                  // null: /proc
};

// What FunctionPool::Submit takes beside the payload.
struct SubmitOptions {
  std::string request_id;        // empty: a new one (async retries keep theirs)
  bool tail_log = false;         // put the log tail in the result
  std::string trace_id;          // the caller's X-Ray trace header; empty: a new trace
  std::string client_context;    // JSON for Lambda-Runtime-Client-Context; empty: none
  std::string cognito_identity;  // JSON for Lambda-Runtime-Cognito-Identity; empty: none
  ConcurrencyLease lease;        // released when the invocation finishes
};

class FunctionPool : public std::enable_shared_from_this<FunctionPool> {
 public:
  FunctionPool(PoolContext context, FunctionConfig config);
  ~FunctionPool();

  // Schedules an invocation of `payload`; the result arrives on the returned invocation's
  // `done` channel.
  std::shared_ptr<Invocation> Submit(std::string payload, SubmitOptions options = {});
  // SIGTERM to every instance, SIGKILL after kStopGrace; queued invocations fail.
  void Stop();

  // The Runtime API of instance `id`.
  boost::asio::awaitable<std::expected<NextInvocation, RuntimeApiError>> Next(int id);
  std::expected<void, RuntimeApiError> Respond(int id, std::string_view request_id,
                                               std::string body);
  std::expected<void, RuntimeApiError> ReportError(int id, std::string_view request_id,
                                                   std::string error_type, std::string body);
  std::expected<void, RuntimeApiError> ReportInitError(int id, std::string error_type,
                                                       std::string body);

  // Lifecycle (function_pool_lifecycle.cc).
  // Starts the function's provisioned instances and waits for each to initialise.
  boost::asio::awaitable<std::expected<void, std::string>> Provision();
  // The code changed: idle instances stop now, busy ones after their invocation; provisioned
  // ones are started afresh.
  void Reload();

  const std::string& arn() const { return arn_; }
  // Instances alive (including those starting or not yet reaped). For tests and metrics.
  std::size_t instance_count() const;

 private:
  using Lock = std::lock_guard<std::mutex>;

  // All below REQUIRE mu_ held.
  void SpawnInstance(std::shared_ptr<Invocation> bound, bool provisioned = false);
  void StartInvocation(Instance& instance, std::shared_ptr<Invocation> invocation);
  void FinishCurrent(Instance& instance, InvokeResult result, std::string extra_log = {});
  void Kill(Instance& instance);
  void StartQueuedWork();
  Instance* Find(int id);

  // Lifecycle (function_pool_lifecycle.cc); all but the On* handlers REQUIRE mu_ held.
  void EnterIdle(Instance& instance);  // freezes it and starts its idle clock
  void Thaw(Instance& instance);       // before it takes work
  void WatchMemory(Instance& instance);
  bool IsStale(const Instance& instance) const { return instance.generation != generation_; }
  void OnInitialised(Instance& instance);
  // `error` empty: the provisioned instance initialised; else why it did not.
  void ReportProvisioned(Instance& instance, std::string error);
  // It is gone: its credentials and memory watch go too; a provisioned one is replaced.
  void OnInstanceGone(Instance& instance);
  void OnIdleTimeout(int id);
  void OnOutOfMemory(int id);

  void OnInitTimeout(int id);
  void OnInvocationTimeout(int id, const std::string& request_id);
  void OnExit(int id, ExitStatus status);

  PoolContext ctx_;
  const FunctionConfig config_;
  const std::string arn_;

  mutable std::mutex mu_;
  bool stopped_ = false;
  int next_instance_id_ = 1;
  std::map<int, std::shared_ptr<Instance>> instances_;
  std::deque<std::shared_ptr<Invocation>> queue_;
  boost::asio::steady_timer stop_timer_;
  int generation_ = 0;
  std::shared_ptr<MemoryWatch> memory_;
  // While Provision() waits: one message per provisioned instance, its init error or "".
  using ProvisionChannel =
      boost::asio::experimental::concurrent_channel<void(boost::system::error_code, std::string)>;
  std::shared_ptr<ProvisionChannel> provisioned_;
};

}  // namespace nimbus::lambda

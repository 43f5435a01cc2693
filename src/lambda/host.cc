// FunctionHost: the name-keyed table of function pools behind the Invoker interface, the
// concurrency limits in front of them and the queue of asynchronous invocations.
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <expected>
#include <string_view>

#include "lambda/code_watch.h"
#include "lambda/concurrency.h"
#include "lambda/event_queue.h"
#include "lambda/function_host.h"
#include "lambda/function_pool.h"
#include "lambda/ids.h"
#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

// Callers may name a function by name or ARN, optionally qualified with $LATEST.
std::string FunctionNameOf(std::string_view name) {
  constexpr std::string_view kFunction = ":function:";
  if (name.starts_with("arn:")) {
    auto at = name.find(kFunction);
    if (at != std::string_view::npos) name = name.substr(at + kFunction.size());
  }
  return std::string(name.substr(0, name.find(':')));
}

std::map<std::string, int> ReservedOf(const std::vector<FunctionConfig>& functions) {
  std::map<std::string, int> reserved;
  for (const auto& f : functions) {
    if (f.reserved_concurrency) reserved[f.name] = *f.reserved_concurrency;
  }
  return reserved;
}

// The functions and the limits in front of them. Shared with asynchronous deliveries, which
// hold it only while they submit, never while they wait.
struct FunctionTable {
  std::shared_ptr<const HostOptions> options;
  std::shared_ptr<ConcurrencyLimiter> limiter;
  std::map<std::string, FunctionConfig> configs;
  // Fixed at construction, so lookups need no lock.
  std::map<std::string, std::shared_ptr<FunctionPool>> pools;

  std::expected<std::shared_ptr<Invocation>, InvokeResult> Submit(std::string_view function_name,
                                                                  std::string payload,
                                                                  SubmitOptions submit) {
    const std::string name = FunctionNameOf(function_name);
    auto it = pools.find(name);
    if (it == pools.end()) {
      return std::unexpected(
          FunctionNotFound(FunctionArn(options->region, options->account_id, name)));
    }
    auto lease = limiter->TryAcquire(name);
    if (!lease) return std::unexpected(Throttled(ThrottleReasonName(lease.error())));
    submit.lease = std::move(*lease);
    return it->second->Submit(std::move(payload), std::move(submit));
  }
};

boost::asio::awaitable<InvokeResult> AwaitResult(std::shared_ptr<Invocation> invocation) {
  auto [ec, result] =
      co_await invocation->done.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
  if (ec) co_return ServiceError(500, "ServiceException", "The invocation was abandoned");
  co_return std::move(result);
}

boost::asio::awaitable<InvokeResult> AttemptAsync(std::weak_ptr<FunctionTable> weak,
                                                  AsyncEvent event) {
  std::shared_ptr<Invocation> invocation;
  {
    auto functions = weak.lock();
    if (!functions) co_return ServiceError(500, "ServiceException", "The function host is gone");
    SubmitOptions submit;
    submit.request_id = std::move(event.request_id);
    auto submitted = functions->Submit(event.function, std::move(event.payload), std::move(submit));
    if (!submitted) co_return std::move(submitted.error());
    invocation = std::move(*submitted);
  }
  co_return co_await AwaitResult(std::move(invocation));
}

class Host final : public FunctionHost {
 public:
  Host(boost::asio::io_context& io, HostOptions options, std::vector<FunctionConfig> functions,
       HostDependencies deps)
      : functions_(std::make_shared<FunctionTable>()) {
    functions_->options = std::make_shared<const HostOptions>(std::move(options));
    functions_->limiter = std::make_shared<ConcurrencyLimiter>(
        functions_->options->account_concurrency, ReservedOf(functions));
    auto clock =
        deps.clock ? deps.clock : std::shared_ptr<const Clock>(std::make_shared<SystemClock>());
    PoolContext context{.io = io,
                        .options = functions_->options,
                        .clock = clock,
                        .spawner = deps.spawner
                                       ? deps.spawner
                                       : std::shared_ptr<ProcessSpawner>(NewPosixProcessSpawner()),
                        .init_timeout = deps.init_timeout,
                        .credentials = deps.credentials,
                        .read_rss = deps.read_rss};
    std::vector<std::filesystem::path> code_dirs;
    for (auto& function : functions) {
      std::string name = function.name;
      code_dirs.push_back(function.code_dir);
      code_dirs_.emplace(function.code_dir, name);
      functions_->configs[name] = function;
      functions_->pools[name] = std::make_shared<FunctionPool>(context, std::move(function));
    }
    std::weak_ptr<FunctionTable> weak = functions_;
    events_ = std::make_shared<EventQueue>(
        io, functions_->options->async_retry,
        [weak](AsyncEvent event) { return AttemptAsync(weak, std::move(event)); },
        NewSteadyRetryTimer(io), clock);
    if (functions_->options->watch_code) StartWatching(io, code_dirs, std::move(deps.on_reload));
  }

  ~Host() override {
    Stop();
    functions_->pools.clear();  // kills and reaps whatever did not exit in time
  }

  boost::asio::awaitable<InvokeResult> Invoke(std::string function_name,
                                              std::string payload) override {
    InvokeOptions none;  // named: g++ 12 destroys a braced temporary coroutine argument twice
    co_return co_await Invoke(std::move(function_name), std::move(payload), std::move(none));
  }

  boost::asio::awaitable<InvokeResult> Invoke(std::string function_name, std::string payload,
                                              InvokeOptions options) override {
    // Limits first, then the function: the edge refuses before any work is done.
    if (payload.size() > kMaxRequestPayloadBytes) co_return SyncPayloadTooLarge();
    SubmitOptions submit;
    submit.tail_log = options.tail_log;
    submit.trace_id = std::move(options.trace_id);
    submit.client_context = std::move(options.client_context);
    submit.cognito_identity = std::move(options.cognito_identity);
    auto submitted = functions_->Submit(function_name, std::move(payload), std::move(submit));
    if (!submitted) co_return std::move(submitted.error());
    co_return co_await AwaitResult(std::move(*submitted));
  }

  boost::asio::awaitable<InvokeResult> InvokeTraced(std::string function_name, std::string payload,
                                                    std::string trace_id) override {
    InvokeOptions options;  // named: see Invoke above
    options.trace_id = std::move(trace_id);
    co_return co_await Invoke(std::move(function_name), std::move(payload), std::move(options));
  }

  std::expected<std::string, InvokeResult> InvokeAsync(std::string function_name,
                                                       std::string payload) override {
    if (payload.size() > kMaxAsyncPayloadBytes) {
      return std::unexpected(AsyncPayloadTooLarge(payload.size()));
    }
    std::string name = FunctionNameOf(function_name);
    if (!functions_->pools.contains(name)) {
      return std::unexpected(FunctionNotFound(
          FunctionArn(functions_->options->region, functions_->options->account_id, name)));
    }
    std::string request_id = NewRequestId();
    events_->Enqueue(
        {.function = std::move(name), .payload = std::move(payload), .request_id = request_id});
    return request_id;
  }

  void Stop() override {
    if (watch_) watch_->Stop();
    events_->Stop();
    for (auto& [name, pool] : functions_->pools) pool->Stop();
  }

  boost::asio::awaitable<std::expected<void, std::string>> Provision() override {
    for (auto& [name, pool] : functions_->pools) {
      auto provisioned = co_await pool->Provision();
      if (!provisioned) co_return provisioned;
    }
    co_return std::expected<void, std::string>{};
  }

  void Reload(std::string_view function_name) override {
    auto it = functions_->pools.find(std::string(function_name));
    if (it != functions_->pools.end()) it->second->Reload();
  }

  std::size_t InstanceCount(std::string_view function_name) const override {
    auto it = functions_->pools.find(std::string(function_name));
    return it == functions_->pools.end() ? 0 : it->second->instance_count();
  }

  std::vector<const FunctionConfig*> Functions() const override {
    std::vector<const FunctionConfig*> out;
    for (const auto& [name, config] : functions_->configs) out.push_back(&config);
    return out;
  }

  const FunctionConfig* FindFunction(std::string_view name) const override {
    auto it = functions_->configs.find(std::string(name));
    return it == functions_->configs.end() ? nullptr : &it->second;
  }

  ConcurrencyLimiter& Concurrency() override { return *functions_->limiter; }

 private:
  void StartWatching(boost::asio::io_context& io, std::vector<std::filesystem::path> dirs,
                     std::function<void(const std::string&)> on_reload) {
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    auto watch = CodeWatch::Start(io, dirs, [this, on_reload](const std::filesystem::path& dir) {
      auto [first, last] = code_dirs_.equal_range(dir);
      for (auto it = first; it != last; ++it) {
        Reload(it->second);
        if (on_reload) on_reload(it->second);
      }
    });
    // Without inotify the host still runs; it just will not reload.
    if (watch) watch_ = std::move(*watch);
  }

  std::shared_ptr<FunctionTable> functions_;
  std::shared_ptr<EventQueue> events_;
  std::multimap<std::filesystem::path, std::string> code_dirs_;  // code folder → functions
  std::shared_ptr<CodeWatch> watch_;
};

}  // namespace

std::expected<void, std::string> ValidateConcurrency(const HostOptions& options,
                                                     const std::vector<FunctionConfig>& functions) {
  auto valid = ConcurrencyLimiter::Validate(options.account_concurrency, ReservedOf(functions));
  if (!valid) return std::unexpected("reserved concurrency: " + valid.error());
  return {};
}

std::unique_ptr<FunctionHost> FunctionHost::Create(boost::asio::io_context& io, HostOptions options,
                                                   std::vector<FunctionConfig> functions,
                                                   HostDependencies deps) {
  return std::make_unique<Host>(io, std::move(options), std::move(functions), std::move(deps));
}

}  // namespace nimbus::lambda

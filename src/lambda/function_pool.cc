#include "lambda/function_pool.h"

#include <signal.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <system_error>

#include "lambda/environment.h"
#include "lambda/ids.h"
#include "lambda/log_tail.h"
#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// Binds an instance's Runtime API endpoint to its pool without keeping the pool alive.
class InstanceBackend final : public RuntimeApiBackend {
 public:
  InstanceBackend(std::weak_ptr<FunctionPool> pool, int id) : pool_(std::move(pool)), id_(id) {}

  boost::asio::awaitable<std::expected<NextInvocation, RuntimeApiError>> Next() override {
    auto pool = pool_.lock();
    if (!pool) co_return std::unexpected(RuntimeApiError::kShuttingDown);
    co_return co_await pool->Next(id_);
  }
  std::expected<void, RuntimeApiError> Respond(std::string_view request_id,
                                               std::string body) override {
    auto pool = pool_.lock();
    if (!pool) return std::unexpected(RuntimeApiError::kShuttingDown);
    return pool->Respond(id_, request_id, std::move(body));
  }
  std::expected<void, RuntimeApiError> ReportError(std::string_view request_id,
                                                   std::string error_type,
                                                   std::string body) override {
    auto pool = pool_.lock();
    if (!pool) return std::unexpected(RuntimeApiError::kShuttingDown);
    return pool->ReportError(id_, request_id, std::move(error_type), std::move(body));
  }
  std::expected<void, RuntimeApiError> ReportInitError(std::string error_type,
                                                       std::string body) override {
    auto pool = pool_.lock();
    if (!pool) return std::unexpected(RuntimeApiError::kShuttingDown);
    return pool->ReportInitError(id_, std::move(error_type), std::move(body));
  }

 private:
  std::weak_ptr<FunctionPool> pool_;
  int id_;
};

// Takes the backend by value so the coroutine frame, not the server's handler, keeps it alive.
boost::asio::awaitable<net::Response> Serve(std::shared_ptr<RuntimeApiBackend> backend,
                                            net::Request request) {
  co_return co_await HandleRuntimeApi(std::move(request), *backend);
}

std::filesystem::path InstanceLogPath(const HostOptions& options, const FunctionConfig& config,
                                      std::string stream) {
  if (options.log_dir.empty()) return {};
  return options.log_dir / config.name / (LogStreamFileName(stream) + ".log");
}

}  // namespace

FunctionPool::FunctionPool(PoolContext context, FunctionConfig config)
    : ctx_(std::move(context)),
      config_(std::move(config)),
      arn_(FunctionArn(ctx_.options->region, ctx_.options->account_id, config_.name)),
      stop_timer_(ctx_.io) {
  // The log group exists from the start, so `nimbus logs --follow` can wait on it.
  if (!ctx_.options->log_dir.empty()) {
    std::error_code ignored;
    std::filesystem::create_directories(ctx_.options->log_dir / config_.name, ignored);
  }
}

FunctionPool::~FunctionPool() {
  // Instances (and their Process objects, which SIGKILL and reap) go with the map.
  for (auto& [id, instance] : instances_) {
    instance->next.close();
    if (instance->server) instance->server->Stop();
  }
}

std::size_t FunctionPool::instance_count() const {
  Lock lock(mu_);
  return instances_.size();
}

std::shared_ptr<Invocation> FunctionPool::Submit(std::string payload, SubmitOptions options) {
  auto invocation = std::make_shared<Invocation>(
      ctx_.io.get_executor(),
      options.request_id.empty() ? NewRequestId() : std::move(options.request_id),
      std::move(payload),
      options.trace_id.empty() ? NewTraceId(ctx_.clock->WallNow()) : std::move(options.trace_id));
  invocation->tail_log = options.tail_log;
  invocation->lease = std::move(options.lease);
  invocation->client_context = std::move(options.client_context);
  invocation->cognito_identity = std::move(options.cognito_identity);
  Lock lock(mu_);
  if (stopped_) {
    invocation->Finish(ServiceError(500, "ServiceException", "The function host is stopped"));
    return invocation;
  }
  std::size_t about_to_ask = 0;
  for (auto& [id, instance] : instances_) {
    if (instance->state == InstanceState::kIdle) {
      Thaw(*instance);
      StartInvocation(*instance, invocation);
      instance->next.try_send(boost::system::error_code{}, invocation);
      return invocation;
    }
    if (instance->state == InstanceState::kAwaitingNext && !IsStale(*instance)) ++about_to_ask;
  }
  // An instance that just answered will ask again within a moment; a cold start for work it
  // is about to take would only waste a process.
  if (queue_.size() < about_to_ask ||
      static_cast<int>(instances_.size()) >= ctx_.options->max_instances_per_function) {
    queue_.push_back(invocation);
    return invocation;
  }
  SpawnInstance(invocation);
  return invocation;
}

void FunctionPool::SpawnInstance(std::shared_ptr<Invocation> bound, bool provisioned) {
  auto instance = std::make_shared<Instance>(ctx_.io.get_executor());
  instance->id = next_instance_id_++;
  instance->provisioned = provisioned;
  instance->generation = generation_;
  instance->log_stream = NewLogStreamName(ctx_.clock->WallNow());
  instance->current = std::move(bound);

  auto backend = std::make_shared<InstanceBackend>(weak_from_this(), instance->id);
  // Room above the response limit so an oversized response reaches us and fails the
  // invocation properly instead of being cut off by the server.
  // No idle timeout: a runtime stays silent on its connection for as long as its handler runs.
  net::ServerOptions server_options{.address = "127.0.0.1",
                                    .port = 0,
                                    .max_body_bytes = 3 * kMaxResponsePayloadBytes,
                                    .idle_timeout = std::chrono::seconds(0)};
  instance->server = std::make_unique<net::HttpServer>(
      ctx_.io, server_options, [backend](net::Request request, const net::Peer&) {
        return Serve(backend, std::move(request));
      });
  try {
    instance->server->Start();
  } catch (const std::exception&) {
    if (instance->current) {
      instance->current->Finish(
          ServiceError(500, "ServiceException", "Could not start the function's runtime API"));
    }
    ReportProvisioned(*instance, "could not start its runtime API");
    return;
  }

  const std::string runtime_api = "127.0.0.1:" + std::to_string(instance->server->port());
  InstanceIdentity identity{
      .runtime_api = runtime_api,
      .log_stream = instance->log_stream,
      .initialization_type = provisioned ? "provisioned-concurrency" : "on-demand"};
  if (ctx_.credentials) {
    identity.credentials =
        ctx_.credentials->Issue({.function_name = config_.name, .role_arn = config_.role_arn});
    instance->access_key_id = identity.credentials->access_key_id;
  }
  auto env = BuildEnvironment(*ctx_.options, config_, identity);
  auto log_path = InstanceLogPath(*ctx_.options, config_, instance->log_stream);
  instance->log = LogStream::Open(ctx_.io, log_path, ctx_.clock);
  instance->log_path = log_path;

  const auto bootstrap = config_.code_dir / "bootstrap";
  auto process = ctx_.spawner->Spawn(ctx_.io, {.executable = bootstrap,
                                               .argv = {},
                                               .cwd = config_.code_dir,
                                               .environment = ToEnvp(env),
                                               .output_fd = instance->log->child_fd()});
  instance->log->StartReading();
  if (!process) {
    instance->log->Write("Error: spawning " + bootstrap.string() + ": " + process.error() + "\n");
    instance->server->Stop();
    if (instance->current) {
      instance->current->Finish(
          InvalidEntrypoint(instance->current->request_id, "/var/task/bootstrap"));
    }
    ReportProvisioned(*instance, "Runtime.InvalidEntrypoint");
    OnInstanceGone(*instance);
    return;
  }
  instance->process = std::move(*process);
  instance->spawned_at = ctx_.clock->SteadyNow();
  std::weak_ptr<FunctionPool> weak = weak_from_this();
  const int id = instance->id;
  instance->process->AsyncWaitExit([weak, id](ExitStatus status) {
    if (auto pool = weak.lock()) pool->OnExit(id, status);
  });
  instance->timer.expires_after(ctx_.init_timeout);
  instance->timer.async_wait([weak, id](boost::system::error_code ec) {
    if (ec) return;
    if (auto pool = weak.lock()) pool->OnInitTimeout(id);
  });
  WatchMemory(*instance);
  instances_.emplace(id, std::move(instance));
}

void FunctionPool::StartInvocation(Instance& instance, std::shared_ptr<Invocation> invocation) {
  instance.state = InstanceState::kBusy;
  instance.invocation_started_at = ctx_.clock->SteadyNow();
  invocation->deadline_ms =
      duration_cast<milliseconds>((ctx_.clock->WallNow() + config_.timeout).time_since_epoch())
          .count();
  if (invocation->tail_log) invocation->log_offset = LogFileSize(instance.log_path);
  instance.log->Write(StartLine(invocation->request_id));
  instance.current = std::move(invocation);

  std::weak_ptr<FunctionPool> weak = weak_from_this();
  instance.timer.expires_after(config_.timeout);
  instance.timer.async_wait([weak, id = instance.id, request_id = instance.current->request_id](
                                boost::system::error_code ec) {
    if (ec) return;
    if (auto pool = weak.lock()) pool->OnInvocationTimeout(id, request_id);
  });
}

void FunctionPool::FinishCurrent(Instance& instance, InvokeResult result, std::string extra_log) {
  if (!instance.current) return;
  const std::string& request_id = instance.current->request_id;
  std::string written = extra_log;  // the log's text when it has no file to read back
  if (instance.state == InstanceState::kBusy) {
    ReportFields report{
        .duration = ctx_.clock->SteadyNow() - instance.invocation_started_at,
        .memory_size_mb = config_.memory_mb,
        .max_memory_used_mb = instance.process ? MaxMemoryUsedMb(instance.process->pid()) : 0,
        .init_duration = instance.init_duration};
    instance.init_duration.reset();
    std::string lines = extra_log + EndLine(request_id) + ReportLine(request_id, report);
    instance.log->Write(lines);
    written = StartLine(request_id) + lines;
  } else if (!extra_log.empty()) {
    instance.log->Write(extra_log);
  }
  if (instance.current->tail_log) {
    result.log_tail = instance.log_path.empty()
                          ? LastBytes(std::move(written))
                          : ReadLogTail(instance.log_path, instance.current->log_offset);
  }
  instance.current->Finish(std::move(result));
  instance.current.reset();
  instance.timer.cancel();
}

void FunctionPool::Kill(Instance& instance) {
  instance.state = InstanceState::kDead;
  instance.next.close();
  if (instance.process) instance.process->SignalGroup(SIGKILL);
}

void FunctionPool::StartQueuedWork() {
  while (!stopped_ && !queue_.empty() &&
         static_cast<int>(instances_.size()) < ctx_.options->max_instances_per_function) {
    auto invocation = std::move(queue_.front());
    queue_.pop_front();
    SpawnInstance(std::move(invocation));
  }
}

Instance* FunctionPool::Find(int id) {
  auto it = instances_.find(id);
  return it == instances_.end() ? nullptr : it->second.get();
}

boost::asio::awaitable<std::expected<NextInvocation, RuntimeApiError>> FunctionPool::Next(int id) {
  std::shared_ptr<Instance> instance;
  std::shared_ptr<Invocation> ready;
  {
    Lock lock(mu_);
    auto it = instances_.find(id);
    if (stopped_ || it == instances_.end()) {
      co_return std::unexpected(RuntimeApiError::kShuttingDown);
    }
    instance = it->second;
    if (instance->state == InstanceState::kDead) {
      if (!instance->init_error) co_return std::unexpected(RuntimeApiError::kShuttingDown);
      co_return std::unexpected(RuntimeApiError(RuntimeApiError::kInvalidState, "InitError"));
    }
    if (instance->state == InstanceState::kBusy || instance->state == InstanceState::kIdle) {
      co_return std::unexpected(RuntimeApiError(RuntimeApiError::kInvalidState,
                                                RuntimeStateName(instance->state, false)));
    }
    std::shared_ptr<Invocation> work;
    if (instance->state == InstanceState::kStarting) {
      // Provisioned instances initialised ahead of any invocation: no cold start to report.
      if (!instance->provisioned) {
        instance->init_duration = ctx_.clock->SteadyNow() - instance->spawned_at;
      }
      instance->timer.cancel();
      work = std::move(instance->current);
      OnInitialised(*instance);
    }
    if (!work && IsStale(*instance)) {  // its code was replaced: no more work for it
      Kill(*instance);
      co_return std::unexpected(RuntimeApiError::kShuttingDown);
    }
    if (!work && !queue_.empty()) {
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    if (work) {
      StartInvocation(*instance, work);
      ready = std::move(work);
    } else {
      instance->state = InstanceState::kIdle;
      EnterIdle(*instance);
    }
  }
  if (!ready) {
    auto [ec, invocation] =
        co_await instance->next.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec || !invocation) co_return std::unexpected(RuntimeApiError::kShuttingDown);
    ready = std::move(invocation);
  }
  co_return NextInvocation{.request_id = ready->request_id,
                           .payload = ready->payload,
                           .deadline_ms = ready->deadline_ms,
                           .function_arn = arn_,
                           .trace_id = ready->trace_id,
                           .client_context = ready->client_context,
                           .cognito_identity = ready->cognito_identity};
}

std::expected<void, RuntimeApiError> FunctionPool::Respond(int id, std::string_view request_id,
                                                           std::string body) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance || instance->state != InstanceState::kBusy || !instance->current ||
      instance->current->request_id != request_id) {
    return std::unexpected(RuntimeApiError::kInvalidRequestId);
  }
  if (body.size() > kMaxResponsePayloadBytes) {
    FinishCurrent(*instance, ResponseTooLarge(body.size()));
    instance->state = InstanceState::kAwaitingNext;
    return std::unexpected(RuntimeApiError::kTooLarge);
  }
  FinishCurrent(*instance, Success(std::move(body)));
  instance->state = InstanceState::kAwaitingNext;
  return {};
}

std::expected<void, RuntimeApiError> FunctionPool::ReportError(int id, std::string_view request_id,
                                                               std::string error_type,
                                                               std::string body) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance || instance->state != InstanceState::kBusy || !instance->current ||
      instance->current->request_id != request_id) {
    return std::unexpected(RuntimeApiError::kInvalidRequestId);
  }
  if (body.empty()) body = ErrorDocument(error_type.empty() ? "Runtime.Unknown" : error_type, "");
  FinishCurrent(*instance, FunctionError(std::move(body)));
  instance->state = InstanceState::kAwaitingNext;
  return {};
}

std::expected<void, RuntimeApiError> FunctionPool::ReportInitError(int id, std::string error_type,
                                                                   std::string body) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance) return std::unexpected(RuntimeApiError::kShuttingDown);
  if (instance->state != InstanceState::kStarting) {
    return std::unexpected(
        RuntimeApiError(RuntimeApiError::kInvalidState,
                        RuntimeStateName(instance->state, instance->init_error.has_value())));
  }
  if (body.empty()) body = ErrorDocument(error_type.empty() ? "Runtime.Unknown" : error_type, "");
  instance->init_error = body;
  ReportProvisioned(*instance, error_type.empty() ? "Runtime.Unknown" : error_type);
  FinishCurrent(*instance, FunctionError(std::move(body)));
  // The runtime is expected to exit; give it a moment to do so before making sure.
  instance->state = InstanceState::kDead;
  instance->next.close();
  std::weak_ptr<FunctionPool> weak = weak_from_this();
  instance->timer.expires_after(kInitErrorGrace);
  instance->timer.async_wait([weak, id](boost::system::error_code ec) {
    if (ec) return;
    if (auto pool = weak.lock()) {
      Lock lock(pool->mu_);
      if (Instance* dead = pool->Find(id)) pool->Kill(*dead);
    }
  });
  return {};
}

void FunctionPool::OnInitTimeout(int id) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance || instance->state != InstanceState::kStarting) return;
  ReportProvisioned(*instance, "init timed out");
  if (instance->current) {
    FinishCurrent(
        *instance, TimedOut(instance->current->request_id, ctx_.init_timeout),
        TimeoutLine(ctx_.clock->WallNow(), instance->current->request_id, ctx_.init_timeout));
  }
  Kill(*instance);
}

void FunctionPool::OnInvocationTimeout(int id, const std::string& request_id) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance || instance->state != InstanceState::kBusy || !instance->current ||
      instance->current->request_id != request_id) {
    return;
  }
  FinishCurrent(*instance, TimedOut(request_id, config_.timeout),
                TimeoutLine(ctx_.clock->WallNow(), request_id, config_.timeout));
  Kill(*instance);
}

void FunctionPool::OnExit(int id, ExitStatus status) {
  std::shared_ptr<Instance> instance;
  {
    Lock lock(mu_);
    auto it = instances_.find(id);
    if (it == instances_.end()) return;
    instance = std::move(it->second);
    instances_.erase(it);
    instance->next.close();
    instance->timer.cancel();
    if (instance->current) {
      const std::string& request_id = instance->current->request_id;
      InvokeResult result = instance->init_error ? FunctionError(*instance->init_error)
                                                 : RuntimeExited(request_id, status);
      FinishCurrent(*instance, std::move(result),
                    "RequestId: " + request_id + " Error: Runtime exited with error: " +
                        status.Describe() + "\nRuntime.ExitError\n");
    }
    if (instance->state == InstanceState::kStarting) {
      ReportProvisioned(*instance, "Runtime exited with error: " + status.Describe());
    }
    instance->state = InstanceState::kDead;
    OnInstanceGone(*instance);
    if (stopped_ && instances_.empty()) stop_timer_.cancel();
    StartQueuedWork();
  }
  // Not inline: this may run inside one of the server's own handlers.
  boost::asio::post(ctx_.io, [instance = std::move(instance)] {
    if (instance->server) instance->server->Stop();
  });
}

void FunctionPool::Stop() {
  Lock lock(mu_);
  if (stopped_) return;
  stopped_ = true;
  for (auto& invocation : queue_) {
    invocation->Finish(ServiceError(500, "ServiceException", "The function host is stopped"));
  }
  queue_.clear();
  if (provisioned_) provisioned_->close();
  if (memory_) memory_->Stop();
  if (instances_.empty()) return;
  for (auto& [id, instance] : instances_) {
    instance->next.close();
    if (instance->server) instance->server->Stop();
    if (instance->process) {
      instance->process->SignalGroup(SIGTERM);
      instance->process->SignalGroup(SIGCONT);  // a frozen runtime must run to see it
    }
  }
  std::weak_ptr<FunctionPool> weak = weak_from_this();
  stop_timer_.expires_after(kStopGrace);
  stop_timer_.async_wait([weak](boost::system::error_code ec) {
    if (ec) return;
    auto pool = weak.lock();
    if (!pool) return;
    Lock lock(pool->mu_);
    for (auto& [id, instance] : pool->instances_) pool->Kill(*instance);
  });
}

}  // namespace nimbus::lambda

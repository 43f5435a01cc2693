// The parts of FunctionPool that manage an instance's life between invocations: freezing idle
// instances, reaping them after the idle timeout, the memory limit, provisioned concurrency,
// per-instance credentials and code reloads. The scheduling rules are in function_pool.cc.
#include <signal.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "lambda/function_pool.h"
#include "lambda/results.h"

namespace nimbus::lambda {

void FunctionPool::EnterIdle(Instance& instance) {
  if (memory_) memory_->Unwatch(instance.id);
  // The runtime is blocked reading the answer to its `next`; stopped, it uses no CPU at all,
  // as a frozen Lambda environment does. Background threads stop with it.
  if (ctx_.options->freeze_idle && instance.process) {
    instance.process->SignalGroup(SIGSTOP);
    instance.frozen = true;
  }
  if (instance.provisioned) return;
  std::weak_ptr<FunctionPool> weak = weak_from_this();
  instance.timer.expires_after(ctx_.options->idle_timeout);
  instance.timer.async_wait([weak, id = instance.id](boost::system::error_code ec) {
    if (ec) return;
    if (auto pool = weak.lock()) pool->OnIdleTimeout(id);
  });
}

void FunctionPool::Thaw(Instance& instance) {
  if (instance.frozen && instance.process) instance.process->SignalGroup(SIGCONT);
  instance.frozen = false;
  WatchMemory(instance);
}

void FunctionPool::WatchMemory(Instance& instance) {
  if (!instance.process) return;
  if (!memory_) {
    std::weak_ptr<FunctionPool> weak = weak_from_this();
    memory_ = std::make_shared<MemoryWatch>(ctx_.io, ctx_.read_rss, [weak](int id) {
      if (auto pool = weak.lock()) pool->OnOutOfMemory(id);
    });
  }
  memory_->Watch(instance.id, instance.process->pid(),
                 static_cast<std::uint64_t>(config_.memory_mb) * 1024 * 1024);
}

void FunctionPool::OnInitialised(Instance& instance) {
  instance.initialised = true;
  ReportProvisioned(instance, "");
}

void FunctionPool::ReportProvisioned(Instance& instance, std::string error) {
  if (!instance.provisioned || instance.init_reported) return;
  instance.init_reported = true;
  if (provisioned_) provisioned_->try_send(boost::system::error_code{}, std::move(error));
}

void FunctionPool::OnInstanceGone(Instance& instance) {
  if (memory_) memory_->Unwatch(instance.id);
  if (ctx_.credentials && !instance.access_key_id.empty()) {
    ctx_.credentials->Revoke(instance.access_key_id);
  }
  // Lambda keeps provisioned environments at their number; one that initialised once is
  // replaced (one that never did would only fail again).
  if (instance.provisioned && instance.initialised && !stopped_ && !IsStale(instance)) {
    SpawnInstance(nullptr, /*provisioned=*/true);
  }
}

void FunctionPool::OnIdleTimeout(int id) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance || instance->state != InstanceState::kIdle || instance->provisioned) return;
  Kill(*instance);
}

void FunctionPool::OnOutOfMemory(int id) {
  Lock lock(mu_);
  Instance* instance = Find(id);
  if (!instance || instance->state == InstanceState::kDead) return;
  if (instance->current) {
    const std::string request_id = instance->current->request_id;
    FinishCurrent(*instance, OutOfMemory(request_id),
                  "RequestId: " + request_id +
                      " Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory\n");
  }
  ReportProvisioned(*instance, "Runtime.OutOfMemory");
  Kill(*instance);
}

boost::asio::awaitable<std::expected<void, std::string>> FunctionPool::Provision() {
  const int count = config_.provisioned_concurrency;
  if (count <= 0) co_return std::expected<void, std::string>{};
  std::shared_ptr<ProvisionChannel> channel;
  {
    Lock lock(mu_);
    channel =
        std::make_shared<ProvisionChannel>(ctx_.io.get_executor(), static_cast<std::size_t>(count));
    provisioned_ = channel;
    for (int i = 0; i < count; ++i) SpawnInstance(nullptr, /*provisioned=*/true);
  }
  std::string failure;
  for (int i = 0; i < count; ++i) {
    auto [ec, error] =
        co_await channel->async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) {
      failure = "the function host stopped";
      break;
    }
    if (failure.empty() && !error.empty()) failure = std::move(error);
  }
  {
    Lock lock(mu_);
    provisioned_.reset();
  }
  if (failure.empty()) co_return std::expected<void, std::string>{};
  co_return std::unexpected("function " + config_.name +
                            ": a provisioned instance failed to initialise: " + failure);
}

void FunctionPool::Reload() {
  Lock lock(mu_);
  if (stopped_) return;
  ++generation_;
  for (auto& [id, instance] : instances_) {
    // Busy (and about to ask again) ones finish what they run; Next() retires them.
    const bool has_work = instance->current != nullptr;
    if (instance->state == InstanceState::kIdle ||
        (instance->state == InstanceState::kStarting && !has_work)) {
      Kill(*instance);
    }
  }
  for (int i = 0; i < config_.provisioned_concurrency; ++i) {
    SpawnInstance(nullptr, /*provisioned=*/true);
  }
}

}  // namespace nimbus::lambda

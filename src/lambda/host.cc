// FunctionHost: the name-keyed table of function pools behind the Invoker interface.
#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <expected>
#include <string_view>

#include "lambda/code_watch.h"
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

class Host final : public FunctionHost {
 public:
  Host(boost::asio::io_context& io, HostOptions options, std::vector<FunctionConfig> functions,
       HostDependencies deps)
      : options_(std::make_shared<const HostOptions>(std::move(options))) {
    PoolContext context{
        .io = io,
        .options = options_,
        .clock =
            deps.clock ? deps.clock : std::shared_ptr<const Clock>(std::make_shared<SystemClock>()),
        .spawner =
            deps.spawner ? deps.spawner : std::shared_ptr<ProcessSpawner>(NewPosixProcessSpawner()),
        .init_timeout = deps.init_timeout,
        .credentials = deps.credentials,
        .read_rss = deps.read_rss};
    std::vector<std::filesystem::path> code_dirs;
    for (auto& function : functions) {
      std::string name = function.name;
      code_dirs.push_back(function.code_dir);
      code_dirs_.emplace(function.code_dir, name);
      pools_[name] = std::make_shared<FunctionPool>(context, std::move(function));
    }
    if (options_->watch_code) StartWatching(io, code_dirs, std::move(deps.on_reload));
  }

  ~Host() override {
    Stop();
    pools_.clear();  // kills and reaps whatever did not exit in time
  }

  boost::asio::awaitable<InvokeResult> Invoke(std::string function_name,
                                              std::string payload) override {
    auto submitted = Submit(function_name, std::move(payload));
    if (!submitted) co_return std::move(submitted.error());
    auto [ec, result] = co_await (*submitted)
                            ->done.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return ServiceError(500, "ServiceException", "The invocation was abandoned");
    co_return std::move(result);
  }

  void Stop() override {
    if (watch_) watch_->Stop();
    for (auto& [name, pool] : pools_) pool->Stop();
  }

  boost::asio::awaitable<std::expected<void, std::string>> Provision() override {
    for (auto& [name, pool] : pools_) {
      auto provisioned = co_await pool->Provision();
      if (!provisioned) co_return provisioned;
    }
    co_return std::expected<void, std::string>{};
  }

  void Reload(std::string_view function_name) override {
    auto it = pools_.find(std::string(function_name));
    if (it != pools_.end()) it->second->Reload();
  }

  std::size_t InstanceCount(std::string_view function_name) const override {
    auto it = pools_.find(std::string(function_name));
    return it == pools_.end() ? 0 : it->second->instance_count();
  }

 private:
  // Limits first, then the function: the edge refuses before any work is done.
  std::expected<std::shared_ptr<Invocation>, InvokeResult> Submit(std::string_view function_name,
                                                                  std::string payload) {
    if (payload.size() > kMaxRequestPayloadBytes) {
      return std::unexpected(ServiceError(413, "RequestEntityTooLargeException",
                                          "Request must be smaller than " +
                                              std::to_string(kMaxRequestPayloadBytes) +
                                              " bytes for the InvokeFunction operation"));
    }
    const std::string name = FunctionNameOf(function_name);
    auto it = pools_.find(name);
    if (it == pools_.end()) {
      return std::unexpected(ServiceError(
          404, "ResourceNotFoundException",
          "Function not found: " + FunctionArn(options_->region, options_->account_id, name)));
    }
    return it->second->Submit(std::move(payload));
  }

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

  std::shared_ptr<const HostOptions> options_;
  std::multimap<std::filesystem::path, std::string> code_dirs_;  // code folder → functions
  std::shared_ptr<CodeWatch> watch_;
  // Fixed at construction, so lookups need no lock.
  std::map<std::string, std::shared_ptr<FunctionPool>> pools_;
};

}  // namespace

std::unique_ptr<FunctionHost> FunctionHost::Create(boost::asio::io_context& io, HostOptions options,
                                                   std::vector<FunctionConfig> functions,
                                                   HostDependencies deps) {
  return std::make_unique<Host>(io, std::move(options), std::move(functions), std::move(deps));
}

}  // namespace nimbus::lambda

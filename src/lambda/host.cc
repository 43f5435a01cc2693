// FunctionHost: the name-keyed table of function pools behind the Invoker interface.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <expected>
#include <string_view>

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
        .init_timeout = deps.init_timeout};
    for (auto& function : functions) {
      std::string name = function.name;
      pools_[name] = std::make_shared<FunctionPool>(context, std::move(function));
    }
  }

  ~Host() override {
    Stop();
    pools_.clear();  // kills and reaps whatever did not exit in time
  }

  boost::asio::awaitable<InvokeResult> Invoke(std::string function_name,
                                              std::string payload) override {
    // A named context, not `{}`: g++ 12 destroys a braced temporary argument of a coroutine twice.
    InvokeContext none;
    co_return co_await InvokeWithContext(std::move(function_name), std::move(payload),
                                         std::move(none));
  }

  boost::asio::awaitable<InvokeResult> InvokeWithContext(std::string function_name,
                                                         std::string payload,
                                                         InvokeContext context) override {
    auto submitted = Submit(function_name, std::move(payload), std::move(context));
    if (!submitted) co_return std::move(submitted.error());
    auto [ec, result] = co_await (*submitted)
                            ->done.async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return ServiceError(500, "ServiceException", "The invocation was abandoned");
    co_return std::move(result);
  }

  void Stop() override {
    for (auto& [name, pool] : pools_) pool->Stop();
  }

  std::size_t InstanceCount(std::string_view function_name) const override {
    auto it = pools_.find(std::string(function_name));
    return it == pools_.end() ? 0 : it->second->instance_count();
  }

 private:
  // Limits first, then the function: the edge refuses before any work is done.
  std::expected<std::shared_ptr<Invocation>, InvokeResult> Submit(std::string_view function_name,
                                                                  std::string payload,
                                                                  InvokeContext context) {
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
    return it->second->Submit(std::move(payload), std::move(context));
  }

  std::shared_ptr<const HostOptions> options_;
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

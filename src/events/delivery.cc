#include "events/delivery.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>

namespace nimbus::events {
namespace asio = boost::asio;
using std::chrono::milliseconds;

int RetryPolicy::TotalRetries() const {
  return no_delay_retries + min_delay_retries + backoff_retries + max_delay_retries;
}

milliseconds RetryPolicy::DelayBefore(int retry) const {
  if (retry <= no_delay_retries) return milliseconds(0);
  retry -= no_delay_retries;
  if (retry <= min_delay_retries) return min_delay;
  retry -= min_delay_retries;
  if (retry <= backoff_retries) {
    if (backoff_retries <= 1 || max_delay <= min_delay) return min_delay;
    // Exponential from min_delay (first) to max_delay (last).
    const double ratio = static_cast<double>(max_delay.count()) /
                         std::max<double>(1.0, static_cast<double>(min_delay.count()));
    const double step = std::pow(ratio, static_cast<double>(retry - 1) / (backoff_retries - 1));
    return milliseconds(static_cast<long long>(std::max<double>(1.0, min_delay.count()) * step));
  }
  return max_delay;
}

RetryPolicy DefaultHttpRetryPolicy() { return RetryPolicy{}; }

RetryPolicy ManagedEndpointRetryPolicy() {
  return RetryPolicy{.no_delay_retries = 3,
                     .min_delay_retries = 2,
                     .backoff_retries = 10,
                     .max_delay_retries = 100'000,
                     .min_delay = milliseconds(1'000),
                     .max_delay = milliseconds(20'000)};
}

RetryPolicy RetryPolicyFromJson(std::string_view delivery_policy, RetryPolicy fallback) {
  boost::system::error_code ec;
  auto root = boost::json::parse(delivery_policy, ec);
  if (ec || !root.is_object()) return fallback;
  const boost::json::value* healthy = nullptr;
  if (const auto* http = root.as_object().if_contains("http"); http && http->is_object()) {
    healthy = http->as_object().if_contains("defaultHealthyRetryPolicy");
  }
  if (!healthy) healthy = root.as_object().if_contains("healthyRetryPolicy");
  if (!healthy || !healthy->is_object()) return fallback;
  const auto& h = healthy->as_object();
  auto integer = [&](std::string_view key, int current) {
    const auto* v = h.if_contains(key);
    return v && v->is_int64() ? static_cast<int>(v->get_int64()) : current;
  };
  RetryPolicy p = fallback;
  const int num_retries = integer("numRetries", p.TotalRetries());
  p.no_delay_retries = integer("numNoDelayRetries", 0);
  p.min_delay_retries = integer("numMinDelayRetries", 0);
  p.max_delay_retries = integer("numMaxDelayRetries", 0);
  p.backoff_retries =
      std::max(0, num_retries - p.no_delay_retries - p.min_delay_retries - p.max_delay_retries);
  p.min_delay = milliseconds(1000LL * integer("minDelayTarget", p.min_delay.count() / 1000));
  p.max_delay = milliseconds(1000LL * integer("maxDelayTarget", p.max_delay.count() / 1000));
  return p;
}

namespace {

class TimerWaiter final : public Waiter {
 public:
  asio::awaitable<void> Wait(milliseconds delay) override {
    if (delay.count() <= 0) co_return;
    auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, delay);
    {
      std::lock_guard lock(mutex_);
      if (stopped_) co_return;
      timers_.insert(timer);
    }
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::lock_guard lock(mutex_);
    timers_.erase(timer);
  }

  void Stop() override {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    for (const auto& timer : timers_) timer->cancel();
  }

 private:
  std::mutex mutex_;
  bool stopped_ = false;
  std::set<std::shared_ptr<asio::steady_timer>> timers_;
};

std::string Seconds(milliseconds delay) {
  if (delay.count() % 1000 == 0) return std::to_string(delay.count() / 1000) + " s";
  return std::to_string(delay.count()) + " ms";
}

}  // namespace

std::shared_ptr<Waiter> MakeTimerWaiter() { return std::make_shared<TimerWaiter>(); }

Deliverer::Deliverer(asio::any_io_executor executor, lambda::Invoker& invoker,
                     std::shared_ptr<HttpPoster> http, std::shared_ptr<Waiter> waiter, LogSink log)
    : executor_(std::move(executor)),
      invoker_(invoker),
      http_(std::move(http)),
      waiter_(std::move(waiter)),
      log_(std::move(log)) {}

void Deliverer::ToLambda(std::string function_name, std::string payload, RetryPolicy policy,
                         std::string what) {
  auto function_errors = std::make_shared<int>(0);
  Spawn(
      [this, function_name = std::move(function_name), payload = std::move(payload),
       function_errors]() -> asio::awaitable<Attempt> {
        auto result = co_await invoker_.Invoke(function_name, payload);
        using Outcome = lambda::InvokeResult::Outcome;
        if (result.outcome == Outcome::kSuccess) co_return Attempt{};
        if (result.outcome == Outcome::kFunctionError) {
          const bool again = ++*function_errors <= kFunctionErrorRetries;
          co_return Attempt{again ? Verdict::kRetry : Verdict::kGiveUp,
                            "function " + function_name + " failed (" + result.function_error +
                                "): " + result.payload};
        }
        // A function that does not exist is the subscriber's mistake: SNS does not retry
        // client-side errors.
        const bool client_side =
            result.http_status >= 400 && result.http_status < 500 && result.http_status != 429;
        co_return Attempt{client_side ? Verdict::kGiveUp : Verdict::kRetry,
                          result.error_type + ": " + result.error_message};
      },
      policy, std::move(what));
}

void Deliverer::ToHttp(std::string url, std::map<std::string, std::string> headers,
                       std::string body, RetryPolicy policy, std::string what) {
  Spawn(
      [this, url = std::move(url), headers = std::move(headers),
       body = std::move(body)]() -> asio::awaitable<Attempt> {
        auto outcome = co_await http_->Post(url, headers, body);
        if (outcome.status >= 200 && outcome.status < 400) co_return Attempt{};
        if (outcome.status == 0) co_return Attempt{Verdict::kRetry, url + ": " + outcome.error};
        // SNS takes 4xx as a permanent failure and 5xx as worth retrying.
        co_return Attempt{outcome.status < 500 ? Verdict::kGiveUp : Verdict::kRetry,
                          url + " answered HTTP " + std::to_string(outcome.status)};
      },
      policy, std::move(what));
}

void Deliverer::Run(std::function<asio::awaitable<std::string>()> attempt, RetryPolicy policy,
                    std::string what) {
  Spawn(
      [attempt = std::move(attempt)]() -> asio::awaitable<Attempt> {
        auto error = co_await attempt();
        co_return error.empty() ? Attempt{} : Attempt{Verdict::kRetry, error};
      },
      policy, std::move(what));
}

void Deliverer::Spawn(std::function<asio::awaitable<Attempt>()> attempt, RetryPolicy policy,
                      std::string what) {
  {
    std::lock_guard lock(mutex_);
    ++in_flight_;
  }
  asio::co_spawn(executor_, Loop(std::move(attempt), policy, std::move(what)), asio::detached);
}

asio::awaitable<void> Deliverer::Loop(std::function<asio::awaitable<Attempt>()> attempt,
                                      RetryPolicy policy, std::string what) {
  const int max_retries = policy.TotalRetries();
  for (int retry = 0;; ++retry) {
    Attempt result;
    try {
      result = co_await attempt();
    } catch (const std::exception& e) {
      result = Attempt{Verdict::kRetry, e.what()};
    }
    if (result.verdict == Verdict::kDone) {
      if (retry > 0) log_("events: delivered " + what + " on attempt " + std::to_string(retry + 1));
      break;
    }
    const bool last = result.verdict == Verdict::kGiveUp || retry >= max_retries;
    if (last) {
      log_("events: delivery failed for good: " + what + " after " + std::to_string(retry + 1) +
           " attempt(s): " + result.error);
      break;
    }
    const auto delay = policy.DelayBefore(retry + 1);
    log_("events: delivery failed: " + what + " attempt " + std::to_string(retry + 1) + ": " +
         result.error + "; retrying in " + Seconds(delay));
    co_await waiter_->Wait(delay);
    {
      std::lock_guard lock(mutex_);
      if (stopped_) break;
    }
  }
  std::lock_guard lock(mutex_);
  --in_flight_;
}

void Deliverer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  waiter_->Stop();
}

int Deliverer::InFlight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

}  // namespace nimbus::events

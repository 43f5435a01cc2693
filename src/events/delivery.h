// Delivery: at least once, in the background, retried with back-off. Publish and PutEvents
// hand a delivery over and return; a failed attempt is logged and tried again after the
// delay its RetryPolicy gives; an abandoned one is logged too. Waiting, HTTP and Lambda are
// injected, so tests run every retry without waiting.
//
// Thread-safe. Pending deliveries do not survive a restart (as with SNS, a message is the
// service's once Publish answers; the outbox makes that point durable for the application).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "lambda/invoker.h"

namespace nimbus::events {

// SNS's delivery policy phases (the DeliveryPolicy "healthyRetryPolicy"): retries with no
// delay, then at min_delay, then backing off exponentially from min_delay to max_delay, then
// at max_delay.
struct RetryPolicy {
  int no_delay_retries = 0;
  int min_delay_retries = 0;
  int backoff_retries = 3;
  int max_delay_retries = 0;
  std::chrono::milliseconds min_delay{20'000};
  std::chrono::milliseconds max_delay{20'000};

  int TotalRetries() const;
  // The wait before retry number `retry` (1-based).
  std::chrono::milliseconds DelayBefore(int retry) const;
};

// SNS's default for HTTP/S endpoints: three retries, 20 s apart.
RetryPolicy DefaultHttpRetryPolicy();
// SNS's policy for AWS-managed endpoints (Lambda): 3 immediate retries, 2 one second apart,
// 10 backing off to 20 s, then every 20 s (100,000 times: 23 days on AWS).
RetryPolicy ManagedEndpointRetryPolicy();
// Lambda retries an asynchronous invocation that ends in a function error twice.
inline constexpr int kFunctionErrorRetries = 2;

// Reads a DeliveryPolicy attribute's {"healthyRetryPolicy": {...}} over `fallback`.
RetryPolicy RetryPolicyFromJson(std::string_view delivery_policy, RetryPolicy fallback);

class Waiter {
 public:
  virtual ~Waiter() = default;
  virtual boost::asio::awaitable<void> Wait(std::chrono::milliseconds delay) = 0;
  // Ends every wait in progress and later ones at once (shutdown).
  virtual void Stop() = 0;
};

// Steady timers on the executor the coroutine runs on.
std::shared_ptr<Waiter> MakeTimerWaiter();

struct HttpOutcome {
  int status = 0;     // 0: no response
  std::string error;  // why there was no response
};

class HttpPoster {
 public:
  virtual ~HttpPoster() = default;
  virtual boost::asio::awaitable<HttpOutcome> Post(std::string url,
                                                   std::map<std::string, std::string> headers,
                                                   std::string body) = 0;
};

// Plain HTTP with Boost.Beast; https URLs are refused with an error (logged, retried).
std::shared_ptr<HttpPoster> MakeBeastHttpPoster(std::chrono::milliseconds timeout);

using LogSink = std::function<void(const std::string& line)>;

class Deliverer {
 public:
  Deliverer(boost::asio::any_io_executor executor, lambda::Invoker& invoker,
            std::shared_ptr<HttpPoster> http, std::shared_ptr<Waiter> waiter, LogSink log);

  // `what` names the delivery in log lines ("sns <subscription arn>").
  void ToLambda(std::string function_name, std::string payload, RetryPolicy policy,
                std::string what);
  void ToHttp(std::string url, std::map<std::string, std::string> headers, std::string body,
              RetryPolicy policy, std::string what);
  // Runs `attempt` (an empty error: done) under `policy`: deliveries that are neither HTTP nor
  // Lambda (an EventBridge target that is an SNS topic).
  void Run(std::function<boost::asio::awaitable<std::string>()> attempt, RetryPolicy policy,
           std::string what);

  void Stop();
  // Deliveries not finished yet (tests).
  int InFlight() const;

 private:
  enum class Verdict { kDone, kRetry, kGiveUp };
  struct Attempt {
    Verdict verdict = Verdict::kDone;
    std::string error;
  };
  void Spawn(std::function<boost::asio::awaitable<Attempt>()> attempt, RetryPolicy policy,
             std::string what);
  boost::asio::awaitable<void> Loop(std::function<boost::asio::awaitable<Attempt>()> attempt,
                                    RetryPolicy policy, std::string what);

  boost::asio::any_io_executor executor_;
  lambda::Invoker& invoker_;
  std::shared_ptr<HttpPoster> http_;
  std::shared_ptr<Waiter> waiter_;
  LogSink log_;
  mutable std::mutex mutex_;
  int in_flight_ = 0;     // guarded by mutex_
  bool stopped_ = false;  // guarded by mutex_
};

}  // namespace nimbus::events

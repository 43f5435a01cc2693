// Lambda's asynchronous invocation queue: an Event invocation is accepted at once (202) and
// delivered in the background, retried as AsyncRetryPolicy says (function errors twice, after
// one and two minutes; throttles and service errors with a doubling back-off until the event
// is too old). Every attempt of one event carries the same request id, as on Lambda.
//
// The waits and the clock are injected, so the retry rules are tested without waiting.
// Thread-safe. Owned through shared_ptr: each event in flight holds the queue.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "lambda/clock.h"
#include "lambda/function_host.h"
#include "lambda/invoker.h"

namespace nimbus::lambda {

struct AsyncEvent {
  std::string function;
  std::string payload;
  std::string request_id;
};

// One attempt to run an event, synchronously; its result decides whether to retry.
using AsyncAttempt = std::function<boost::asio::awaitable<InvokeResult>(AsyncEvent)>;

// How the queue waits between attempts.
class RetryTimer {
 public:
  virtual ~RetryTimer() = default;
  // Completes after `delay` with true; with false, at once, once Stop() was called.
  virtual boost::asio::awaitable<bool> Wait(std::chrono::milliseconds delay) = 0;
  virtual void Stop() = 0;
};

// Waits on the io_context's steady timers.
std::shared_ptr<RetryTimer> NewSteadyRetryTimer(boost::asio::io_context& io);

class EventQueue : public std::enable_shared_from_this<EventQueue> {
 public:
  EventQueue(boost::asio::io_context& io, AsyncRetryPolicy policy, AsyncAttempt attempt,
             std::shared_ptr<RetryTimer> timer, std::shared_ptr<const Clock> clock);

  void Enqueue(AsyncEvent event);
  // Ends every wait; events not yet delivered are dropped.
  void Stop();
  // Events accepted and not yet delivered or given up.
  std::size_t pending() const { return pending_.load(); }

 private:
  boost::asio::awaitable<void> Deliver(AsyncEvent event);

  boost::asio::io_context& io_;
  const AsyncRetryPolicy policy_;
  const AsyncAttempt attempt_;
  const std::shared_ptr<RetryTimer> timer_;
  const std::shared_ptr<const Clock> clock_;
  std::atomic<std::size_t> pending_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace nimbus::lambda

#include "lambda/event_queue.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace nimbus::lambda {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

class SteadyRetryTimer final : public RetryTimer {
 public:
  explicit SteadyRetryTimer(asio::io_context& io) : stop_(io, 0) {}

  // Races the timer against the stop channel, which is never written, only closed: closing
  // wakes every waiter at once, from any thread, and any later wait at once too.
  asio::awaitable<bool> Wait(milliseconds delay) override {
    using asio::experimental::awaitable_operators::operator||;
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    auto which = co_await (timer.async_wait(asio::as_tuple(asio::use_awaitable)) ||
                           stop_.async_receive(asio::as_tuple(asio::use_awaitable)));
    co_return which.index() == 0 && stop_.is_open();
  }

  void Stop() override { stop_.close(); }

 private:
  asio::experimental::concurrent_channel<void(boost::system::error_code)> stop_;
};

}  // namespace

AsyncRetryPolicy AsyncRetryPolicy::Scaled(double factor) const {
  auto scale = [factor](milliseconds d) {
    return milliseconds(static_cast<milliseconds::rep>(static_cast<double>(d.count()) * factor));
  };
  AsyncRetryPolicy out = *this;
  for (auto& d : out.function_error_delays) d = scale(d);
  out.throttle_first_delay = std::max(scale(throttle_first_delay), milliseconds(1));
  out.throttle_max_delay = scale(throttle_max_delay);
  out.max_event_age = scale(max_event_age);
  return out;
}

std::shared_ptr<RetryTimer> NewSteadyRetryTimer(asio::io_context& io) {
  return std::make_shared<SteadyRetryTimer>(io);
}

EventQueue::EventQueue(asio::io_context& io, AsyncRetryPolicy policy, AsyncAttempt attempt,
                       std::shared_ptr<RetryTimer> timer, std::shared_ptr<const Clock> clock)
    : io_(io),
      policy_(std::move(policy)),
      attempt_(std::move(attempt)),
      timer_(std::move(timer)),
      clock_(std::move(clock)) {}

void EventQueue::Enqueue(AsyncEvent event) {
  if (stopped_) return;
  ++pending_;
  asio::co_spawn(
      io_,
      [self = shared_from_this(), event = std::move(event)]() mutable {
        return self->Deliver(std::move(event));
      },
      asio::detached);
}

void EventQueue::Stop() {
  stopped_ = true;
  timer_->Stop();
}

asio::awaitable<void> EventQueue::Deliver(AsyncEvent event) {
  // The frame holds the queue alive (the co_spawn lambda above is gone once we suspend).
  auto self = shared_from_this();
  const auto accepted = clock_->SteadyNow();
  std::size_t function_errors = 0;
  milliseconds throttle_delay = policy_.throttle_first_delay;
  while (!stopped_) {
    InvokeResult result = co_await attempt_(event);
    if (result.outcome == InvokeResult::Outcome::kSuccess) break;
    milliseconds delay{};
    if (result.outcome == InvokeResult::Outcome::kFunctionError) {
      if (function_errors >= policy_.function_error_delays.size()) break;
      delay = policy_.function_error_delays[function_errors++];
    } else if (result.http_status == 429 || result.http_status >= 500) {
      delay = throttle_delay;
      throttle_delay = std::min(throttle_delay * 2, policy_.throttle_max_delay);
    } else {
      break;  // the function is gone or refuses the event: retrying cannot help
    }
    // An event that would be older than the maximum age by its next attempt is dropped.
    if (clock_->SteadyNow() + delay - accepted > policy_.max_event_age) break;
    if (!co_await timer_->Wait(delay)) break;
  }
  --pending_;
}

}  // namespace nimbus::lambda

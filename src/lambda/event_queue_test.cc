// The retry rules of asynchronous invocations, with a fake clock and fake waits: no test here
// waits for real time.
#include "lambda/event_queue.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <deque>
#include <optional>

#include "lambda/results.h"

namespace nimbus::lambda {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

class FakeClock final : public Clock {
 public:
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::time_point{} + elapsed;
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::time_point{} + elapsed;
  }
  milliseconds elapsed{0};
};

// Records each wait and lets fake time pass instead.
class FakeRetryTimer final : public RetryTimer {
 public:
  explicit FakeRetryTimer(std::shared_ptr<FakeClock> clock) : clock_(std::move(clock)) {}
  boost::asio::awaitable<bool> Wait(milliseconds delay) override {
    waits.push_back(delay);
    clock_->elapsed += delay;
    co_return !stopped;
  }
  void Stop() override { stopped = true; }
  std::vector<milliseconds> waits;
  bool stopped = false;

 private:
  std::shared_ptr<FakeClock> clock_;
};

class EventQueueTest : public ::testing::Test {
 protected:
  // Each attempt takes the next scripted result; the last one repeats.
  void Run(std::deque<InvokeResult> script, AsyncRetryPolicy policy = {}) {
    auto attempt = [this, script = std::move(script)](
                       AsyncEvent event) mutable -> boost::asio::awaitable<InvokeResult> {
      attempts.push_back(event);
      InvokeResult r = script.front();
      if (script.size() > 1) script.pop_front();
      co_return r;
    };
    queue_ = std::make_shared<EventQueue>(io_, policy, attempt, timer_, clock_);
    queue_->Enqueue({.function = "f", .payload = "{}", .request_id = "id-1"});
    EXPECT_EQ(queue_->pending(), 1u);
    io_.run();
    EXPECT_EQ(queue_->pending(), 0u);
  }

  boost::asio::io_context io_;
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<FakeRetryTimer> timer_ = std::make_shared<FakeRetryTimer>(clock_);
  std::shared_ptr<EventQueue> queue_;
  std::vector<AsyncEvent> attempts;
};

TEST_F(EventQueueTest, SuccessIsDeliveredOnce) {
  Run({Success("{}")});
  EXPECT_EQ(attempts.size(), 1u);
  EXPECT_TRUE(timer_->waits.empty());
}

TEST_F(EventQueueTest, FunctionErrorIsRetriedTwiceAfterOneThenTwoMinutes) {
  Run({FunctionError("{}")});
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(timer_->waits, (std::vector<milliseconds>{1min, 2min}));
  for (const auto& a : attempts) EXPECT_EQ(a.request_id, "id-1");  // the same event each time
}

TEST_F(EventQueueTest, ARetryThatSucceedsStopsRetrying) {
  Run({FunctionError("{}"), Success("{}")});
  EXPECT_EQ(attempts.size(), 2u);
  EXPECT_EQ(timer_->waits, (std::vector<milliseconds>{1min}));
}

TEST_F(EventQueueTest, ThrottlesBackOffFromOneSecondDoublingToFiveMinutes) {
  Run({Throttled("ConcurrentInvocationLimitExceeded"), Throttled("x"), Throttled("x"),
       Throttled("x"), Throttled("x"), Throttled("x"), Throttled("x"), Throttled("x"),
       Throttled("x"), Throttled("x"), Success("{}")});
  EXPECT_EQ(attempts.size(), 11u);
  EXPECT_EQ(timer_->waits,
            (std::vector<milliseconds>{1s, 2s, 4s, 8s, 16s, 32s, 64s, 128s, 256s, 5min}));
}

TEST_F(EventQueueTest, ThrottlesDoNotUseUpTheFunctionErrorRetries) {
  Run({Throttled("x"), FunctionError("{}"), Throttled("x"), FunctionError("{}"),
       FunctionError("{}")});
  EXPECT_EQ(attempts.size(), 5u);
  EXPECT_EQ(timer_->waits, (std::vector<milliseconds>{1s, 1min, 2s, 2min}));
}

TEST_F(EventQueueTest, AlwaysThrottledEventIsDroppedAfterSixHours) {
  Run({Throttled("x")});
  EXPECT_LE(clock_->elapsed, 6h);
  EXPECT_GT(clock_->elapsed + 5min, 6h);  // it kept trying until the next wait would pass 6 h
  EXPECT_EQ(timer_->waits.back(), 5min);
}

TEST_F(EventQueueTest, ServiceErrorsAreRetriedLikeThrottles) {
  Run({ServiceError(500, "ServiceException", "x"), Success("{}")});
  EXPECT_EQ(timer_->waits, (std::vector<milliseconds>{1s}));
}

TEST_F(EventQueueTest, AFunctionThatIsGoneIsNotRetried) {
  Run({FunctionNotFound("arn")});
  EXPECT_EQ(attempts.size(), 1u);
}

TEST_F(EventQueueTest, StopDropsWaitingEvents) {
  timer_->Stop();
  Run({FunctionError("{}")});
  EXPECT_EQ(attempts.size(), 1u);
}

TEST_F(EventQueueTest, ScaledPolicyShortensEveryWait) {
  AsyncRetryPolicy policy = AsyncRetryPolicy{}.Scaled(0.001);
  EXPECT_EQ(policy.function_error_delays, (std::vector<milliseconds>{60ms, 120ms}));
  EXPECT_EQ(policy.throttle_first_delay, 1ms);
  EXPECT_EQ(policy.throttle_max_delay, 300ms);
  EXPECT_EQ(policy.max_event_age, 21600ms);
  Run({FunctionError("{}")}, policy);
  EXPECT_EQ(timer_->waits, (std::vector<milliseconds>{60ms, 120ms}));
}

TEST(SteadyRetryTimerTest, StopEndsAWaitAtOnce) {
  boost::asio::io_context io;
  auto timer = NewSteadyRetryTimer(io);
  std::optional<bool> waited;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { waited = co_await timer->Wait(1h); },
      boost::asio::detached);
  io.run_one();  // the wait has begun
  timer->Stop();
  io.run();  // returns: nothing is left waiting an hour
  EXPECT_EQ(waited, false);
}

}  // namespace
}  // namespace nimbus::lambda

// Time as the function host sees it: wall time for what crosses the wire (deadlines, log
// stream dates, trace ids) and monotonic time for durations (REPORT lines). Injected so that
// tests can pin dates; timeouts themselves run on the io_context's steady timers.
#pragma once

#include <chrono>

namespace nimbus::lambda {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
  virtual std::chrono::steady_clock::time_point SteadyNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace nimbus::lambda
